// Bytes kept in this process's memory, for a store that lives and dies with one process (`numalogic score`
// without --store): no files to write, sync or remove. Not for a deployment: each replica would have its own.
import { InvalidInputError } from './errors.js';
import type { ObjectBackend } from './object-backend.js';

export class MemoryBackend implements ObjectBackend {
  readonly location = 'memory:';
  private readonly files = new Map<string, Uint8Array>();
  /** Each directory's immediate children (files and directories), so list and removeTree touch only their own. */
  private readonly children = new Map<string, Set<string>>();

  async get(path: string): Promise<Uint8Array | null> {
    return this.files.get(checked(path)) ?? null;
  }

  async put(path: string, data: Uint8Array): Promise<void> {
    const at = checked(path);
    // A copy: the caller may reuse its buffer, and a file must read back as it was written.
    this.files.set(at, data.slice());
    let child = at;
    for (let dir = parentOf(child); ; child = dir, dir = parentOf(dir)) {
      const names = this.children.get(dir);
      if (names === undefined) this.children.set(dir, new Set([nameOf(child)]));
      else names.add(nameOf(child));
      if (dir === '') break;
    }
  }

  async list(dir: string): Promise<string[]> {
    return [...(this.children.get(checkedDir(dir)) ?? [])];
  }

  async remove(path: string): Promise<void> {
    const at = checked(path);
    if (this.files.delete(at)) this.unlink(at);
  }

  async removeTree(dir: string): Promise<void> {
    const at = checkedDir(dir);
    if (at === '') throw new InvalidInputError('memory store: refusing to remove the store root');
    const drop = (path: string): void => {
      this.files.delete(path);
      for (const name of this.children.get(path) ?? []) drop(`${path}/${name}`);
      this.children.delete(path);
    };
    drop(at);
    this.unlink(at);
  }

  async close(): Promise<void> {}

  /** Takes a removed entry out of its directory, and a directory left empty out of its own, as a file system would show it. */
  private unlink(path: string): void {
    for (let child = path; child !== ''; child = parentOf(child)) {
      const dir = parentOf(child);
      const names = this.children.get(dir);
      names?.delete(nameOf(child));
      if (names === undefined || names.size > 0 || dir === '') return;
      this.children.delete(dir);
    }
  }
}

/** A relative '/'-separated path with no empty, '.' or '..' segment (the store builds only such paths). */
export function checked(path: string): string {
  if (typeof path !== 'string' || path === '' || path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new InvalidInputError(`memory store: path ${JSON.stringify(path)} is not a relative path inside the store`);
  }
  return path;
}

/** A directory: checked, or '' for the store's root. */
export function checkedDir(dir: string): string {
  return dir === '' ? '' : checked(dir);
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
