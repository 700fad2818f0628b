// A store for one process's run (`numalogic score` without --store): files are kept in memory up to a byte
// budget, and beyond it in a temporary folder of their own, removed at close. Fast for the common run (one key or
// a few: no file system at all), bounded in memory for a file of many thousand keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidInputError, StoreRequestError } from './errors.js';
import { FsBackend } from './fs-backend.js';
import { MemoryBackend } from './memory-backend.js';
import type { ObjectBackend } from './object-backend.js';

export const DEFAULT_SCRATCH_MEMORY_BYTES = 256 * 1024 * 1024;

export interface ScratchBackendOptions {
  /** Bytes kept in memory before files go to the temporary folder (default 256 MiB; 0: every file on disk). */
  memoryBytes?: number;
}

const NOTHING = new Uint8Array(0);

export class ScratchBackend implements ObjectBackend {
  readonly location = 'scratch:';
  private memory = new MemoryBackend('scratch');
  /**
   * Which files are in the folder, as empty entries under the same paths: a file stays in the tier it was first
   * written to, and a directory's entries go with it in one walk (removeTree). The folder holds nothing else (this
   * process made it), so listings come from here, not from the disk.
   */
  private spilled = new MemoryBackend('scratch-folder');
  private readonly budget: number;
  private folder: { root: string; backend: FsBackend } | null = null;
  private closed = false;

  constructor(options: ScratchBackendOptions = {}) {
    const budget = options.memoryBytes ?? DEFAULT_SCRATCH_MEMORY_BYTES;
    if (!Number.isSafeInteger(budget) || budget < 0) throw new InvalidInputError(`scratch store: memoryBytes must be an integer >= 0, got ${String(options.memoryBytes)}`);
    this.budget = budget;
  }

  /** The temporary folder, once a file did not fit in memory (null before, and after close). */
  get spillFolder(): string | null {
    return this.folder?.root ?? null;
  }

  async get(file: string): Promise<Uint8Array | null> {
    return this.onDisk(file) ? this.disk().get(file) : this.memory.get(file);
  }

  async put(file: string, data: Uint8Array): Promise<void> {
    const inMemory = !this.onDisk(file);
    if (inMemory && this.memory.bytes - (this.memory.sizeOf(file) ?? 0) + data.length <= this.budget) return this.memory.put(file, data);
    // On disk already, or grown beyond what is left of the budget: the new content goes to the folder. A file
    // that moves leaves memory only once the folder has it, so a reader in between still finds the old content.
    await this.disk().put(file, data);
    await this.spilled.put(file, NOTHING);
    if (inMemory) await this.memory.remove(file);
  }

  async list(dir: string): Promise<string[]> {
    const names = new Set(await this.memory.list(dir));
    for (const name of await this.spilled.list(dir)) names.add(name);
    return [...names];
  }

  async remove(file: string): Promise<void> {
    await this.memory.remove(file);
    if (!this.onDisk(file)) return;
    await this.spilled.remove(file);
    await this.disk().remove(file);
  }

  async removeTree(dir: string): Promise<void> {
    await this.memory.removeTree(dir); // refuses the root
    if (!this.spilled.has(dir)) return; // nothing of it in the folder
    await this.spilled.removeTree(dir);
    await this.disk().removeTree(dir);
  }

  // No cleanLeftovers: the folder is this process's own, made fresh, and its listings come from `spilled`, so a
  // temporary file a failed write could not remove is never seen, and goes with the folder at close.

  /** Drops everything, the temporary folder with it; the store holds nothing after, and writes no file again. */
  async close(): Promise<void> {
    this.closed = true;
    this.memory = new MemoryBackend('scratch');
    this.spilled = new MemoryBackend('scratch-folder');
    if (this.folder !== null) rmSync(this.folder.root, { recursive: true, force: true });
    this.folder = null;
  }

  /** Whether the file went to the folder (checks the path, as every call does). */
  private onDisk(file: string): boolean {
    return this.spilled.sizeOf(file) !== null;
  }

  private disk(): FsBackend {
    if (this.closed) throw new StoreRequestError('scratch store: used after close (its temporary folder is gone)');
    if (this.folder === null) {
      const root = mkdtempSync(path.join(tmpdir(), 'numalogic-scratch-'));
      this.folder = { root, backend: new FsBackend(root, { sync: false }) };
    }
    return this.folder.backend;
  }
}
