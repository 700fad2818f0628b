import { WindowBuilder, type WindowBuilderOptions } from './window-builder.js';

/** Joins composite key values into one map key; \u001f cannot appear by accident in normal key values. */
export function keyId(keys: readonly string[]): string {
  return keys.length === 1 ? keys[0]! : keys.join('\u001f');
}

/**
 * One WindowBuilder per composite key, created on first use. Keys unused for the longest time are evicted
 * beyond maxKeys, so an unbounded key space cannot exhaust memory (Map keeps insertion order; a touched key
 * is re-inserted at the end).
 */
export class KeyedWindows {
  private readonly windows = new Map<string, WindowBuilder>();
  readonly options: WindowBuilderOptions;
  readonly maxKeys: number;
  evicted = 0;

  constructor(options: WindowBuilderOptions, maxKeys = 100_000) {
    this.options = options;
    this.maxKeys = maxKeys;
  }

  get size(): number {
    return this.windows.size;
  }

  get(keys: readonly string[]): WindowBuilder {
    const id = keyId(keys);
    let w = this.windows.get(id);
    if (w) {
      this.windows.delete(id);
      this.windows.set(id, w);
      return w;
    }
    w = new WindowBuilder(this.options);
    this.windows.set(id, w);
    if (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) {
        this.windows.delete(oldest);
        this.evicted++;
      }
    }
    return w;
  }

  delete(keys: readonly string[]): boolean {
    return this.windows.delete(keyId(keys));
  }
}
