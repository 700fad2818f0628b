// A store for one process's run (`numalogic score` without --store): files are kept in memory up to a byte
// budget, and beyond it in a temporary folder of their own, removed at close. Fast for the common run (one key or
// a few: no file system at all), bounded in memory for a file of many thousand keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidInputError } from './errors.js';
import { FsBackend } from './fs-backend.js';
import { checked, checkedDir, MemoryBackend } from './memory-backend.js';
import type { ObjectBackend } from './object-backend.js';

export const DEFAULT_SCRATCH_MEMORY_BYTES = 256 * 1024 * 1024;

export interface ScratchBackendOptions {
  /** Bytes kept in memory before files go to the temporary folder (default 256 MiB; 0: every file on disk). */
  memoryBytes?: number;
}

export class ScratchBackend implements ObjectBackend {
  readonly location = 'scratch:';
  private readonly memory = new MemoryBackend();
  private readonly budget: number;
  /** Size of each file held in memory. */
  private readonly inMemory = new Map<string, number>();
  private memoryUsed = 0;
  /** Files in the folder: a file stays in the tier it was first written to. */
  private readonly onDisk = new Set<string>();
  private folder: { root: string; backend: FsBackend } | null = null;

  constructor(options: ScratchBackendOptions = {}) {
    const budget = options.memoryBytes ?? DEFAULT_SCRATCH_MEMORY_BYTES;
    if (!Number.isSafeInteger(budget) || budget < 0) throw new InvalidInputError(`scratch store: memoryBytes must be an integer >= 0, got ${String(options.memoryBytes)}`);
    this.budget = budget;
  }

  /** The temporary folder, once a file did not fit in memory (null before). */
  get spillFolder(): string | null {
    return this.folder?.root ?? null;
  }

  async get(file: string): Promise<Uint8Array | null> {
    if (this.onDisk.has(checked(file))) return this.disk().get(file);
    return this.memory.get(file);
  }

  async put(file: string, data: Uint8Array): Promise<void> {
    if (!this.onDisk.has(checked(file))) {
      const held = this.inMemory.get(file) ?? 0;
      if (this.memoryUsed - held + data.length <= this.budget) {
        await this.memory.put(file, data);
        this.memoryUsed += data.length - held;
        this.inMemory.set(file, data.length);
        return;
      }
      // Grown beyond what is left of the budget: the new content goes to the folder, the old one goes.
      if (this.inMemory.has(file)) await this.removeFromMemory(file);
    }
    await this.disk().put(file, data);
    this.onDisk.add(file);
  }

  async list(dir: string): Promise<string[]> {
    const names = new Set(await this.memory.list(checkedDir(dir)));
    if (this.folder !== null) for (const name of await this.folder.backend.list(dir)) names.add(name);
    return [...names];
  }

  async remove(file: string): Promise<void> {
    if (this.inMemory.has(checked(file))) await this.removeFromMemory(file);
    if (this.onDisk.delete(file)) await this.disk().remove(file);
  }

  async removeTree(dir: string): Promise<void> {
    await this.memory.removeTree(dir); // refuses the root
    const prefix = `${dir}/`;
    for (const [file, size] of this.inMemory) {
      if (!file.startsWith(prefix)) continue;
      this.inMemory.delete(file);
      this.memoryUsed -= size;
    }
    if (this.folder === null) return;
    for (const file of this.onDisk) if (file.startsWith(prefix)) this.onDisk.delete(file);
    await this.folder.backend.removeTree(dir);
  }

  async cleanLeftovers(dir: string): Promise<void> {
    await this.folder?.backend.cleanLeftovers(dir);
  }

  /** Drops everything, the temporary folder with it. */
  async close(): Promise<void> {
    if (this.folder !== null) rmSync(this.folder.root, { recursive: true, force: true });
    this.folder = null;
  }

  private async removeFromMemory(file: string): Promise<void> {
    await this.memory.remove(file);
    this.memoryUsed -= this.inMemory.get(file) ?? 0;
    this.inMemory.delete(file);
  }

  private disk(): FsBackend {
    if (this.folder === null) {
      const root = mkdtempSync(path.join(tmpdir(), 'numalogic-scratch-'));
      this.folder = { root, backend: new FsBackend(root, { sync: false }) };
    }
    return this.folder.backend;
  }
}
