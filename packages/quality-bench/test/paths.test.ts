import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSharedTools, SetupError } from '../src/paths.js';

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quality-bench-'));
  made.push(dir);
  return dir;
}
function fakeShared(dir: string): void {
  mkdirSync(path.join(dir, 'tools'), { recursive: true });
  mkdirSync(path.join(dir, 'data', 'nab-subset', 'labels'), { recursive: true });
  for (const file of ['tools/nab-run.mjs', 'tools/nab-score.mjs', 'data/nab-subset/labels/combined_windows.json']) {
    writeFileSync(path.join(dir, file), '');
  }
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('resolveSharedTools', () => {
  it('uses ../shared beside the repository root by default', () => {
    const parent = tempDir();
    fakeShared(path.join(parent, 'shared'));
    const tools = resolveSharedTools({}, path.join(parent, 'main'));
    expect(tools.nabRun).toBe(path.join(parent, 'shared', 'tools', 'nab-run.mjs'));
    expect(tools.nabData).toBe(path.join(parent, 'shared', 'data', 'nab-subset'));
  });

  it('prefers NUMALOGIC_SHARED_DIR', () => {
    const shared = tempDir();
    fakeShared(shared);
    expect(resolveSharedTools({ NUMALOGIC_SHARED_DIR: shared }, '/nowhere').dir).toBe(shared);
  });

  it('names the missing files and the override when the folder is absent', () => {
    const empty = tempDir();
    expect(() => resolveSharedTools({ NUMALOGIC_SHARED_DIR: empty }, '/nowhere')).toThrow(SetupError);
    expect(() => resolveSharedTools({ NUMALOGIC_SHARED_DIR: empty }, '/nowhere')).toThrow(/NUMALOGIC_SHARED_DIR=.*\n.*not found: .*nab-run\.mjs/);
    expect(() => resolveSharedTools({}, path.join(empty, 'main'))).toThrow(/beside the repository; set NUMALOGIC_SHARED_DIR/);
  });
});
