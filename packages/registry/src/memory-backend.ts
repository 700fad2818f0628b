import { InvalidInputError } from './errors.js';
import { isStorePath, type ObjectBackend } from './object-backend.js';

/**
 * Bytes in a Map, for a store that lives and dies with its process: the memory part of the scratch store
 * (ScratchBackend, `numalogic score` without `--store`). Not for the UDFs: inference and the trainer are
 * separate processes and must share a store. Paths behave as on the fs backend: a removed file leaves its
 * directory listed, removeTree takes a directory and everything below it. The bytes held are counted, for the
 * scratch store's budget.
 */
export class MemoryBackend implements ObjectBackend {
  readonly location: string;
  private readonly files = new Map<string, Uint8Array>();
  /** Directory path ('' is the root) -> names of its files and sub-directories. */
  private readonly dirs = new Map<string, Set<string>>([['', new Set()]]);
  private held = 0;

  constructor(name = 'store') {
    this.location = `memory:${name}`;
  }

  async get(path: string): Promise<Uint8Array | null> {
    const data = this.files.get(this.check(path));
    // A copy: what a caller does with the bytes must not change what the store holds.
    return data === undefined ? null : data.slice();
  }

  async put(path: string, data: Uint8Array): Promise<void> {
    const segments = this.check(path).split('/');
    if (this.dirs.has(path)) throw new InvalidInputError(`memory store: ${JSON.stringify(path)} is a directory`);
    let dir = '';
    for (const segment of segments.slice(0, -1)) {
      const child = dir === '' ? segment : `${dir}/${segment}`;
      if (this.files.has(child)) throw new InvalidInputError(`memory store: ${JSON.stringify(child)} is a file`);
      this.dirs.get(dir)!.add(segment);
      if (!this.dirs.has(child)) this.dirs.set(child, new Set());
      dir = child;
    }
    this.dirs.get(dir)!.add(segments[segments.length - 1]!);
    this.held += data.length - (this.files.get(path)?.length ?? 0);
    this.files.set(path, data.slice());
  }

  /** Bytes of all files held. */
  get bytes(): number {
    return this.held;
  }

  /** The size of a file, or null when there is none at that path. */
  sizeOf(path: string): number | null {
    return this.files.get(this.check(path))?.length ?? null;
  }

  /** Whether a file or a directory is at path (a directory stays until removeTree takes it). */
  has(path: string): boolean {
    return this.files.has(this.check(path)) || this.dirs.has(path);
  }

  async list(dir: string): Promise<string[]> {
    const names = this.dirs.get(dir === '' ? '' : this.check(dir));
    return names === undefined ? [] : [...names];
  }

  async remove(path: string): Promise<void> {
    const data = this.files.get(this.check(path));
    if (data === undefined) return;
    this.files.delete(path);
    this.held -= data.length;
    const cut = path.lastIndexOf('/');
    this.dirs.get(cut < 0 ? '' : path.slice(0, cut))?.delete(path.slice(cut + 1));
  }

  async removeTree(dir: string): Promise<void> {
    if (dir === '') throw new InvalidInputError('memory store: refusing to remove the store root');
    this.check(dir);
    const drop = (at: string): void => {
      const names = this.dirs.get(at);
      if (names === undefined) {
        this.held -= this.files.get(at)?.length ?? 0;
        this.files.delete(at);
        return;
      }
      for (const name of names) drop(`${at}/${name}`);
      this.dirs.delete(at);
    };
    drop(dir);
    const cut = dir.lastIndexOf('/');
    this.dirs.get(cut < 0 ? '' : dir.slice(0, cut))?.delete(dir.slice(cut + 1));
  }

  async close(): Promise<void> {}

  /** The path itself, or an error for one that is empty, absolute or has an empty, '.' or '..' segment. */
  private check(path: string): string {
    if (!isStorePath(path)) {
      throw new InvalidInputError(`memory store: path ${JSON.stringify(path)} is not a relative path inside the store`);
    }
    return path;
  }
}
