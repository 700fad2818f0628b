// What the store contract does not reach: the fs backend's own options.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/errors.js';
import { FsBackend } from '../src/fs-backend.js';

const root = mkdtempSync(path.join(tmpdir(), 'registry-fs-backend-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('FsBackend', () => {
  it('takes sync as true or false only (a JavaScript caller may pass anything)', async () => {
    for (const bad of ['no', 0, null]) {
      expect(() => new FsBackend(root, { sync: bad as unknown as boolean }), String(bad)).toThrow(InvalidInputError);
    }
    expect(() => new FsBackend(root, { sync: 'no' as unknown as boolean })).toThrow(/fs store: sync must be true or false, got no/);
    for (const sync of [true, false, undefined]) {
      const backend = new FsBackend(root, { sync });
      await backend.put(`k/${String(sync)}`, new Uint8Array([1, 2]));
      expect([...(await backend.get(`k/${String(sync)}`))!]).toEqual([1, 2]);
    }
  });
});
