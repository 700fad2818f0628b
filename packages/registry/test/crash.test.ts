// A save killed with SIGKILL right before it writes `latest` (a real child process, paused there by the test
// hook) leaves `latest` on the previous complete version; the half version is ignored, then cleaned.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPath } from '../src/key-encoding.js';
import { PAUSE_BEFORE_LATEST_ENV } from '../src/test-hooks.js';
import { makeBundle } from './helpers/bundles.js';
import { fsFixture } from './helpers/stores.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const child = path.join(packageDir, 'test', 'fixtures', 'save-child.mjs');

let fx: Awaited<ReturnType<typeof fsFixture>>;

beforeAll(async () => {
  // The child runs the built package, so build it from the current sources first.
  const tsc = path.join(packageDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', path.join(packageDir, 'tsconfig.json')]);
  fx = await fsFixture();
});
afterAll(async () => {
  await fx.cleanup();
});

async function waitFor(file: string, exited: Promise<unknown>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  while (!existsSync(file)) {
    if (done) throw new Error('the child exited before reaching the pause point');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('save killed between the model files and the latest pointer', () => {
  it('leaves latest on the previous version, ignores the half version and cleans it on the next save', async () => {
    const key = ['crash', 'Test'];
    expect(await fx.store.save(key, makeBundle(key))).toBe('v000000000001');

    const signalFile = path.join(fx.root, '..', `${path.basename(fx.root)}.paused`);
    const proc = spawn(process.execPath, [child, fx.root, ...key], {
      env: { ...process.env, [PAUSE_BEFORE_LATEST_ENV]: signalFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await waitFor(signalFile, exited).catch((err: Error) => {
      throw new Error(`${err.message}: ${stderr}`);
    });
    expect(await readFile(signalFile, 'utf8')).toBe('v000000000002');
    proc.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');

    const dir = path.join(fx.root, keyPath(key));
    expect(await readFile(path.join(dir, 'latest'), 'utf8')).toBe('v000000000001');
    expect((await readdir(path.join(dir, 'v000000000002'))).sort()).toEqual(['bundle.json', 'model.onnx']);

    expect((await fx.store.load(key))?.manifest.version).toBe('v000000000001');
    expect(await fx.store.load(key, 'v000000000002')).toBeNull();
    expect(await fx.store.listVersions(key)).toEqual(['v000000000001']);

    expect(await fx.store.save(key, makeBundle(key))).toBe('v000000000003');
    expect(existsSync(path.join(dir, 'v000000000002'))).toBe(false);
    expect((await fx.store.load(key))?.manifest.version).toBe('v000000000003');
    expect(await fx.store.listVersions(key)).toEqual(['v000000000001', 'v000000000003']);
  });

  it('the same child without the hook completes the save', async () => {
    const key = ['crash', 'control'];
    const { stdout } = await promisify(execFile)(process.execPath, [child, fx.root, ...key]);
    expect(stdout).toBe('v000000000001');
    expect((await fx.store.load(key))?.model).toEqual(new Uint8Array([9, 9, 9, 9]));
  });
});
