// What the store contract does not reach: the scratch store's budget, which sends files beyond it to a
// temporary folder, and that folder's removal.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError, StoreRequestError } from '../src/errors.js';
import { FsBackend } from '../src/fs-backend.js';
import { ScratchBackend } from '../src/scratch-backend.js';
import { VersionedStore } from '../src/versioned-store.js';
import { makeBundle } from './helpers/bundles.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('ScratchBackend', () => {
  const text = async (b: ScratchBackend, file: string) => {
    const got = await b.get(file);
    return got === null ? null : new TextDecoder().decode(got);
  };

  it('keeps files in memory within its budget, sends the rest to its folder, and removes the folder at close', async () => {
    const b = new ScratchBackend({ memoryBytes: 10 });
    await b.put('k/a', bytes('12345'));
    await b.put('k/b', bytes('12345'));
    expect(b.spillFolder).toBeNull();
    await b.put('k/c', bytes('x'));
    const folder = b.spillFolder;
    expect(folder).not.toBeNull();
    expect(existsSync(`${folder}/k/c`)).toBe(true);
    expect((await b.list('k')).sort()).toEqual(['a', 'b', 'c']);
    expect([await text(b, 'k/a'), await text(b, 'k/c')]).toEqual(['12345', 'x']);
    await b.close();
    expect(existsSync(folder!)).toBe(false);
  });

  it('frees its budget as files go, and moves a file that outgrows what is left to the folder, once', async () => {
    const b = new ScratchBackend({ memoryBytes: 10 });
    try {
      await b.put('k/a', bytes('1234567890'));
      await b.removeTree('k');
      await b.put('k/b', bytes('1234567890'));
      expect(b.spillFolder).toBeNull();
      await b.put('k/b', bytes('12345678901'));
      expect(existsSync(`${b.spillFolder}/k/b`)).toBe(true);
      expect(await b.list('k')).toEqual(['b']);
      expect(await text(b, 'k/b')).toBe('12345678901');
      // On disk it stays, even with the budget free again: one file, one place.
      await b.put('k/b', bytes('1'));
      expect(await text(b, 'k/b')).toBe('1');
      expect(readFileSync(`${b.spillFolder}/k/b`, 'utf8')).toBe('1');
      await b.put('k/small', bytes('123456789'));
      expect(existsSync(`${b.spillFolder}/k/small`)).toBe(false);
      await b.remove('k/b');
      expect([await b.get('k/b'), existsSync(`${b.spillFolder}/k/b`)]).toEqual([null, false]);
      expect(await b.list('k')).toEqual(['small']);
    } finally {
      await b.close();
    }
  });

  it('keeps a file that moves to the folder readable while it moves: the old content until the new one is there', async () => {
    const b = new ScratchBackend({ memoryBytes: 10 });
    try {
      await b.put('k/latest', bytes('v9'));
      await b.put('k/other', bytes('12345678')); // the budget is full
      const moving = b.put('k/latest', bytes('v10')); // one byte more: to the folder
      const during = await text(b, 'k/latest');
      await moving;
      expect([during, await text(b, 'k/latest')]).toEqual(['v9', 'v10']);
      expect(readFileSync(`${b.spillFolder}/k/latest`, 'utf8')).toBe('v10');
      expect((await b.list('k')).sort()).toEqual(['latest', 'other']);
    } finally {
      await b.close();
    }
  });

  describe('once a file is in the folder', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('reads, lists and removes what is in memory without the file system, and what is in the folder from it', async () => {
      const b = new ScratchBackend({ memoryBytes: 100_000 });
      try {
        await b.put('big/file', new Uint8Array(200_000));
        const folder = b.spillFolder!;
        const fs = FsBackend.prototype;
        const calls = { get: vi.spyOn(fs, 'get'), put: vi.spyOn(fs, 'put'), list: vi.spyOn(fs, 'list'), remove: vi.spyOn(fs, 'remove'), removeTree: vi.spyOn(fs, 'removeTree'), cleanLeftovers: vi.spyOn(fs, 'cleanLeftovers') };
        // A save with pruning lists the key, reads latest, removes versions and cleans leftovers: all in memory.
        const store = new VersionedStore(b, { keep: 2 });
        for (let i = 0; i < 4; i++) await store.save(['small'], makeBundle(['small'], 100));
        expect(await store.listVersions(['small'])).toEqual(['v000000000003', 'v000000000004']);
        await store.delete(['small']);
        await b.removeTree('nowhere');
        for (const [name, call] of Object.entries(calls)) expect(call, name).not.toHaveBeenCalled();
        expect(readdirSync(folder)).toEqual(['big']);
        // The folder's files are listed from what was written, and a tree there goes from the disk too.
        expect(await b.list('big')).toEqual(['file']);
        expect(calls.list).not.toHaveBeenCalled();
        await b.removeTree('big');
        expect(calls.removeTree).toHaveBeenCalledTimes(1);
        expect([readdirSync(folder), await b.list(''), await b.get('big/file')]).toEqual([[], ['ksmall'], null]);
      } finally {
        await b.close();
      }
    });
  });

  it('holds nothing after close, and makes no folder again', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'scratch-close-'));
    vi.stubEnv('TMPDIR', tmp);
    try {
      const b = new ScratchBackend({ memoryBytes: 4 });
      await b.put('k/a', bytes('12'));
      await b.put('k/b', bytes('1234567890'));
      const folder = b.spillFolder!;
      expect(path.dirname(folder)).toBe(tmp);
      await b.close();
      expect([existsSync(folder), b.spillFolder]).toEqual([false, null]);
      expect([await b.get('k/a'), await b.get('k/b'), await b.list('k')]).toEqual([null, null, []]);
      await expect(b.put('k/c', bytes('1234567890'))).rejects.toThrow(StoreRequestError);
      await expect(b.put('k/c', bytes('1234567890'))).rejects.toThrow(/scratch store: used after close/);
      expect(readdirSync(tmp)).toEqual([]);
      await b.close(); // twice is fine
    } finally {
      vi.unstubAllEnvs();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('refuses bad paths and a bad budget like the other stores', async () => {
    expect(() => new ScratchBackend({ memoryBytes: 1.5 })).toThrow(/memoryBytes must be an integer >= 0/);
    const b = new ScratchBackend({ memoryBytes: 0 });
    for (const bad of ['a/../b', '/abs', '']) await expect(b.put(bad, bytes('x'))).rejects.toThrow(InvalidInputError);
    await expect(b.removeTree('')).rejects.toThrow(/refusing to remove the store root/);
    await b.close();
  });
});
