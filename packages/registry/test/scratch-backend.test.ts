// The scratch store's backends: the memory tier's file-system-like view, which the versioned store's listing
// and pruning rely on, and the budget that sends files beyond it to a temporary folder.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/errors.js';
import { MemoryBackend } from '../src/memory-backend.js';
import { ScratchBackend } from '../src/scratch-backend.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('MemoryBackend', () => {
  it('lists the immediate children of a directory, files and directories, and forgets emptied directories', async () => {
    const m = new MemoryBackend();
    await m.put('a/b/1/model.onnx', bytes('m'));
    await m.put('a/b/1/bundle.json', bytes('j'));
    await m.put('a/b/latest', bytes('1'));
    expect((await m.list('')).sort()).toEqual(['a']);
    expect((await m.list('a/b')).sort()).toEqual(['1', 'latest']);
    expect((await m.list('a/b/1')).sort()).toEqual(['bundle.json', 'model.onnx']);
    expect(await m.list('a/none')).toEqual([]);
    await m.remove('a/b/latest');
    await m.removeTree('a/b/1');
    expect(await m.get('a/b/1/model.onnx')).toBeNull();
    expect(await m.list('a')).toEqual([]);
    expect(await m.list('')).toEqual([]);
    await m.remove('never/there');
  });

  it('keeps what was written, not the caller\'s buffer', async () => {
    const m = new MemoryBackend();
    const data = bytes('abc');
    await m.put('k/file', data);
    data[0] = 0;
    expect(new TextDecoder().decode((await m.get('k/file'))!)).toBe('abc');
  });

  it('refuses paths that are not relative paths inside the store, and removing the root', async () => {
    const m = new MemoryBackend();
    for (const bad of ['', '/abs', 'a/../b', 'a//b', './a', 'a/']) await expect(m.put(bad, bytes('x'))).rejects.toThrow(InvalidInputError);
    await expect(m.removeTree('')).rejects.toThrow(/refusing to remove the store root/);
  });
});

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
      await b.put('k/small', bytes('123456789'));
      expect(existsSync(`${b.spillFolder}/k/small`)).toBe(false);
      await b.remove('k/b');
      expect([await b.get('k/b'), existsSync(`${b.spillFolder}/k/b`)]).toEqual([null, false]);
      expect(await b.list('k')).toEqual(['small']);
    } finally {
      await b.close();
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
