import type { HistoryStore, PointHistory } from '@numalogic/registry';

/** What the trainer needs of a history store. */
export type HistoryAccess = Pick<HistoryStore, 'load' | 'save'>;

interface Held {
  key: string[];
  history: PointHistory;
}

/**
 * The trainer's per-key histories for `numalogic score`, held in memory for the keys saved most recently and
 * written to the store when a key is pushed out (least recently saved first) or at flush(). score is the only
 * writer of its store, so what is held is the truth. Without it every training read and rewrote its key's
 * whole history as JSON (up to trainer.maxHistory points).
 *
 * Histories are handed out as saved, not copied: the trainer builds a new history at each merge and never
 * changes one it was given.
 */
export class WriteBackHistory implements HistoryAccess {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly store: HistoryAccess,
    /** Keys held at most; each holds up to trainer.maxHistory points of its features. */
    private readonly maxKeys = 64,
  ) {
    if (!(Number.isInteger(maxKeys) && maxKeys >= 1)) throw new RangeError(`maxKeys must be a positive integer, got ${maxKeys}`);
  }

  async load(key: readonly string[]): Promise<PointHistory | null> {
    const held = this.held.get(JSON.stringify(key));
    return held ? held.history : this.store.load(key);
  }

  async save(key: readonly string[], history: PointHistory): Promise<void> {
    const id = JSON.stringify(key);
    this.held.delete(id); // re-inserted last: the Map's order is the order of saves
    this.held.set(id, { key: [...key], history });
    while (this.held.size > this.maxKeys) {
      const [oldest, entry] = this.held.entries().next().value!;
      await this.store.save(entry.key, entry.history); // first: a failed write keeps the history held
      this.held.delete(oldest);
    }
  }

  /** Writes every held history to the store (for a store that outlives the run). */
  async flush(): Promise<void> {
    for (const { key, history } of this.held.values()) await this.store.save(key, history);
  }

  /** Keys held in memory now. */
  get size(): number {
    return this.held.size;
  }
}
