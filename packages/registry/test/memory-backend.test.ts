// What the store contract does not reach: the memory backend's own path rules and copies.
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/errors.js';
import { MemoryBackend } from '../src/memory-backend.js';

describe('MemoryBackend', () => {
  it('refuses paths that are not relative paths inside the store', async () => {
    const backend = new MemoryBackend();
    for (const bad of ['', '/abs', '../up', 'a/../b', 'a//b', 'a/./b', 'a/']) {
      await expect(backend.put(bad, new Uint8Array([1])), bad).rejects.toThrow(InvalidInputError);
      await expect(backend.get(bad), bad).rejects.toThrow(InvalidInputError);
    }
    await expect(backend.removeTree('')).rejects.toThrow(/store root/);
  });

  it('keeps its own copy of the bytes, both ways', async () => {
    const backend = new MemoryBackend();
    const data = new Uint8Array([1, 2, 3]);
    await backend.put('k/v1/model.onnx', data);
    data[0] = 9;
    const read = (await backend.get('k/v1/model.onnx'))!;
    expect([...read]).toEqual([1, 2, 3]);
    read[1] = 9;
    expect([...(await backend.get('k/v1/model.onnx'))!]).toEqual([1, 2, 3]);
  });

  it('lists like a file system: a removed file leaves its folder, removeTree takes the folder', async () => {
    const backend = new MemoryBackend('t');
    expect(backend.location).toBe('memory:t');
    await backend.put('k/v1/a', new Uint8Array([1]));
    await backend.put('k/v1/b', new Uint8Array([2]));
    await backend.put('k/latest', new Uint8Array([3]));
    expect((await backend.list('k')).sort()).toEqual(['latest', 'v1']);
    await backend.remove('k/v1/a');
    expect(await backend.list('k/v1')).toEqual(['b']);
    await backend.remove('k/v1/b');
    expect([backend.has('k/v1'), backend.has('k/v1/b'), backend.has('k/latest')]).toEqual([true, false, true]);
    await backend.put('k/v1/b', new Uint8Array([2]));
    await backend.removeTree('k/v1');
    expect(await backend.list('k')).toEqual(['latest']);
    expect(backend.has('k/v1')).toBe(false);
    expect(() => backend.has('k/../k')).toThrow(InvalidInputError);
    expect(await backend.get('k/v1/b')).toBeNull();
    expect(await backend.list('nowhere')).toEqual([]);
    await expect(backend.put('k/latest/x', new Uint8Array([4]))).rejects.toThrow(/is a file/);
    await expect(backend.put('k', new Uint8Array([4]))).rejects.toThrow(/is a directory/);
  });
});

describe('MemoryBackend byte count', () => {
  it('counts the bytes held through writes, replacements, removals and removed trees', async () => {
    const backend = new MemoryBackend();
    await backend.put('k/v1/a', new Uint8Array(10));
    await backend.put('k/v1/b', new Uint8Array(5));
    await backend.put('k/latest', new Uint8Array(2));
    expect([backend.bytes, backend.sizeOf('k/v1/b'), backend.sizeOf('k/v2/a')]).toEqual([17, 5, null]);
    await backend.put('k/v1/a', new Uint8Array(3));
    expect(backend.bytes).toBe(10);
    await backend.remove('k/latest');
    await backend.remove('k/latest');
    expect(backend.bytes).toBe(8);
    await backend.removeTree('k/v1');
    expect(backend.bytes).toBe(0);
    expect(() => backend.sizeOf('a/../b')).toThrow(InvalidInputError);
  });
});
