// What the store contract does not reach: the scratch store's budget, which sends files beyond it to a
// temporary folder, and that folder's removal.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/errors.js';
import { ScratchBackend } from '../src/scratch-backend.js';

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
