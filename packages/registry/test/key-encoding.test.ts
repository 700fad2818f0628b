import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore } from '../src/config.js';
import { InvalidInputError } from '../src/errors.js';
import { FsBackend } from '../src/fs-backend.js';
import {
  decodeKeyComponent,
  decodeKeyPath,
  encodeKeyComponent,
  keyPath,
  MAX_KEY_PATH_LENGTH,
  MAX_SEGMENT_LENGTH,
} from '../src/key-encoding.js';
import { makeBundle } from './helpers/bundles.js';
import { keyId, randomHostileKey, seededRandom } from './helpers/random.js';

const SAFE_PATH = /^[a-z0-9._~/-]+$/;

function checkShape(p: string): void {
  expect(p).toMatch(SAFE_PATH);
  expect(p.length).toBeLessThanOrEqual(MAX_KEY_PATH_LENGTH);
  for (const segment of p.split('/')) {
    expect(segment.length).toBeGreaterThan(0);
    expect(segment === "." || segment === "..").toBe(false);
    expect(segment.length).toBeLessThanOrEqual(MAX_SEGMENT_LENGTH);
    expect(segment[0] === 'k' || segment[0] === 'h').toBe(true);
  }
}

describe('key encoding', () => {
  it('maps 20,000 random hostile keys to distinct, case-free, bounded paths that decode back', () => {
    const random = seededRandom(20260101);
    const owner = new Map<string, string>();
    let hashed = 0;
    for (let i = 0; i < 20_000; i++) {
      const key = randomHostileKey(random);
      const id = keyId(key);
      const p = keyPath(key);
      checkShape(p);
      // Only lower-case ASCII: a case-folding or normalising filesystem leaves the path unchanged.
      expect(p.toLowerCase()).toBe(p);
      expect(p.normalize('NFD')).toBe(p);
      const previous = owner.get(p);
      if (previous !== undefined) expect(previous).toBe(id);
      owner.set(p, id);
      const decoded = decodeKeyPath(p);
      if (decoded === null) hashed++;
      else expect(keyId(decoded)).toBe(id);
    }
    expect(hashed).toBeGreaterThan(0);
    expect(owner.size).toBeGreaterThan(15_000);
  });

  it('keeps apart the pairs a naive encoding would merge', () => {
    const pairs: Array<[string[], string[]]> = [
      [['A'], ['a']], [['a/b'], ['a', 'b']], [['a', ''], ['a']], [[''], ['', '']], [['.'], ['..']], [['.2f'], ['/']],
      [['_a'], ['A']], [['\u212A'], ['K']], [['\uD800'], ['\uFFFD']], [['é'], ['e\u0301']], [['x'.repeat(5000)], ['x'.repeat(5001)]],
    ];
    for (const [a, b] of pairs) expect(keyPath(a)).not.toBe(keyPath(b));
  });

  it('round-trips every UTF-16 code unit through the component code', () => {
    let all = '';
    for (let c = 0; c < 0x10000; c++) all += String.fromCharCode(c);
    expect(decodeKeyComponent(encodeKeyComponent(all))).toBe(all);
    expect(encodeKeyComponent('Cpu.Load')).toBe('_cpu.2e_load');
  });

  it('hashes long keys into one bounded segment', () => {
    const p = keyPath(['x'.repeat(4096), 'y']);
    expect(p).toMatch(/^h[0-9a-f]{64}$/);
    expect(keyPath(['a'.repeat(199)])).toBe('k' + 'a'.repeat(199));
    expect(keyPath(['a'.repeat(200)])).toMatch(/^h/);
  });

  it('refuses what is not a key, and text it never produces', () => {
    expect(() => keyPath([])).toThrow(InvalidInputError);
    expect(() => keyPath('svc' as unknown as string[])).toThrow(InvalidInputError);
    expect(() => keyPath([null as unknown as string])).toThrow(/component 0 is object/);
    expect(() => keyPath(['x'.repeat(70_000)])).toThrow(/limit/);
    for (const bad of ['A', '.2', '.zz', '_1', '~12', '/']) expect(() => decodeKeyComponent(bad)).toThrow(InvalidInputError);
  });

  it('resolves every key path under the fs root, and refuses escapes', () => {
    const root = path.resolve('/tmp/registry-root-check');
    const backend = new FsBackend(root);
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const resolved = backend.resolve(`${keyPath(randomHostileKey(random))}/v000000000001/bundle.json`);
      expect(resolved.startsWith(root + path.sep)).toBe(true);
    }
    expect(() => backend.resolve('../outside')).toThrow(/leaves the store root/);
    expect(() => backend.resolve('/etc/passwd')).toThrow(/leaves the store root/);
  });

  it('stores 150 random hostile keys on disk without collision or escape', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'registry-keys-'));
    const root = path.join(parent, 'store');
    try {
      const store = createStore({ kind: 'fs', root });
      const random = seededRandom(99);
      const expected = new Map<string, { key: string[]; model: Uint8Array }>();
      for (let i = 0; i < 150; i++) {
        const key = randomHostileKey(random);
        const bundle = makeBundle(key, 8);
        await store.save(key, bundle);
        expected.set(keyId(key), { key, model: bundle.model });
      }
      for (const { key, model } of expected.values()) {
        const loaded = await store.load(key);
        expect(loaded?.manifest.key).toEqual(key);
        expect(Buffer.from(loaded!.model).equals(Buffer.from(model))).toBe(true);
      }
      expect(await readdir(parent)).toEqual(['store']);
      const files = (await readdir(root, { recursive: true })).map((f) => path.resolve(root, f));
      expect(files.length).toBeGreaterThan(150 * 3);
      for (const file of files) expect(file.startsWith(root + path.sep)).toBe(true);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
