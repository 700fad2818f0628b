// What the versioned store needs from a place to keep bytes. Paths are relative, '/'-separated and built only
// by the store from encoded segments; each backend still refuses a path that would leave its root.

export interface ObjectBackend {
  /** Human-readable location for error messages, e.g. "fs:/var/models" or "s3://bucket/prefix". */
  readonly location: string;
  /** The bytes at path, or null when there is nothing there. */
  get(path: string): Promise<Uint8Array | null>;
  /** Writes path so that a reader sees either the old content or the whole new content, never a part. */
  put(path: string, data: Uint8Array): Promise<void>;
  /** Names of the immediate children of a directory (files and sub-directories); empty when absent. */
  list(dir: string): Promise<string[]>;
  remove(path: string): Promise<void>;
  /** Removes a directory and everything below it. */
  removeTree(dir: string): Promise<void>;
  /** Drops leftovers of interrupted writes in a directory (only the fs backend has any). */
  cleanLeftovers?(dir: string): Promise<void>;
  /** Releases what the backend holds; calling it again is harmless (a store and a history may share one). */
  close(): Promise<void>;
}

/**
 * Whether a path is one the store builds: a non-empty string of '/'-separated segments, none empty, '.' or '..'
 * (so not absolute, and never above the root). The memory and s3 backends refuse any other; the fs backend
 * checks the resolved path against its root instead.
 */
export function isStorePath(path: unknown): path is string {
  return typeof path === 'string' && path !== '' && !path.split('/').some((s) => s === '' || s === '.' || s === '..');
}
