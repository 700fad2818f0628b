// Local filesystem backend. Every file is written to a temporary name in its own directory, fsynced and
// renamed over the target, and the directory is fsynced, so a crash leaves either the old or the new file.
// A scratch folder (`sync: false`: the part of a ScratchBackend beyond its memory, removed at close) skips the two
// fsyncs: readers still never see a partial file (the rename is atomic), only a crash may lose the newest one.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { describeError, InvalidInputError, StoreRequestError } from './errors.js';
import type { ObjectBackend } from './object-backend.js';

const TEMP_PREFIX = '.tmp-';

function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export interface FsBackendOptions {
  /**
   * fsync each written file and its directory (default true). False only for a scratch store that nobody
   * reads after a crash: a write then waits for no disk flush.
   */
  sync?: boolean;
}

export class FsBackend implements ObjectBackend {
  readonly location: string;
  private readonly root: string;
  private readonly sync: boolean;

  constructor(root: string, options: FsBackendOptions = {}) {
    if (typeof root !== 'string' || root.trim() === '') throw new InvalidInputError('fs store: root must be a non-empty path');
    if (options.sync !== undefined && typeof options.sync !== 'boolean') throw new InvalidInputError(`fs store: sync must be true or false, got ${String(options.sync)}`);
    this.root = path.resolve(root);
    this.location = `fs:${this.root}`;
    this.sync = options.sync ?? true;
  }

  /** Absolute path of a relative store path; refuses anything that would resolve outside the root. */
  resolve(relative: string): string {
    const absolute = path.resolve(this.root, relative);
    if (absolute !== this.root && !absolute.startsWith(this.root + path.sep)) {
      throw new InvalidInputError(`fs store: path ${JSON.stringify(relative)} leaves the store root`);
    }
    return absolute;
  }

  async get(relative: string): Promise<Uint8Array | null> {
    const file = this.resolve(relative);
    try {
      const data = await readFile(file);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } catch (err) {
      if (isMissing(err)) return null;
      throw this.failure('read', file, err);
    }
  }

  async put(relative: string, data: Uint8Array): Promise<void> {
    const file = this.resolve(relative);
    const dir = path.dirname(file);
    const temp = path.join(dir, `${TEMP_PREFIX}${path.basename(file)}-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(dir, { recursive: true });
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(data);
        if (this.sync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
      if (this.sync) await syncDirectory(dir);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw this.failure('write', file, err);
    }
  }

  async list(relative: string): Promise<string[]> {
    const dir = this.resolve(relative);
    try {
      return (await readdir(dir)).filter((name) => !name.startsWith(TEMP_PREFIX));
    } catch (err) {
      if (isMissing(err)) return [];
      throw this.failure('list', dir, err);
    }
  }

  async remove(relative: string): Promise<void> {
    const file = this.resolve(relative);
    try {
      await rm(file, { force: true });
    } catch (err) {
      throw this.failure('remove', file, err);
    }
  }

  async removeTree(relative: string): Promise<void> {
    const dir = this.resolve(relative);
    if (dir === this.root) throw new InvalidInputError('fs store: refusing to remove the store root');
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (err) {
      throw this.failure('remove', dir, err);
    }
  }

  async cleanLeftovers(relative: string): Promise<void> {
    const dir = this.resolve(relative);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if (isMissing(err)) return;
      throw this.failure('list', dir, err);
    }
    await Promise.all(names.filter((n) => n.startsWith(TEMP_PREFIX)).map((n) => rm(path.join(dir, n), { force: true })));
  }

  async close(): Promise<void> {}

  private failure(action: string, target: string, err: unknown): StoreRequestError {
    return new StoreRequestError(`fs store: cannot ${action} ${target}: ${describeError(err)}`, { cause: err });
  }
}

/** Makes a rename durable: the directory entry itself must reach the disk. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
