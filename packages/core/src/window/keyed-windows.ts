import { KeyedStore } from './keyed-store.js';
import { WindowBuilder, type WindowBuilderOptions } from './window-builder.js';

/** One WindowBuilder per composite key, created on first use (see KeyedStore for lookup and eviction). */
export class KeyedWindows extends KeyedStore<WindowBuilder> {
  readonly options: WindowBuilderOptions;

  constructor(options: WindowBuilderOptions, maxKeys = 100_000) {
    super(() => new WindowBuilder(options), maxKeys);
    this.options = options;
  }
}
