/** What travels along an edge: a batch of messages and the sender's watermark after it. */
export interface Message {
  keys: string[];
  value: Buffer;
  /** Epoch ms. */
  eventTime: number;
  tags: string[];
}

export interface Batch {
  from: string;
  messages: Message[];
  /** The sender's watermark once these messages are sent (epoch ms; Infinity at end of input). */
  watermark: number;
  /** The sender has nothing more to send. */
  done: boolean;
}

/**
 * A vertex's input buffer: bounded, so a fast upstream waits for a slow downstream (backpressure, as the
 * platform's inter-step buffer does) and memory stays bounded.
 */
export class Inbox {
  readonly #capacity: number;
  readonly #items: Batch[] = [];
  #waitingPush: (() => void)[] = [];
  #waitingTake: (() => void) | undefined;
  #failure: Error | undefined;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  async push(batch: Batch): Promise<void> {
    while (this.#items.length >= this.#capacity && !this.#failure) await new Promise<void>((resolve) => this.#waitingPush.push(resolve));
    if (this.#failure) throw this.#failure;
    this.#items.push(batch);
    this.#waitingTake?.();
  }

  async take(): Promise<Batch> {
    while (this.#items.length === 0 && !this.#failure) await new Promise<void>((resolve) => (this.#waitingTake = resolve));
    this.#waitingTake = undefined;
    if (this.#failure) throw this.#failure;
    const batch = this.#items.shift()!;
    this.#waitingPush.shift()?.();
    return batch;
  }

  /** Wakes every waiter with this error; the run is over. */
  fail(err: Error): void {
    this.#failure ??= err;
    const waiting = this.#waitingPush;
    this.#waitingPush = [];
    for (const wake of waiting) wake();
    this.#waitingTake?.();
  }
}
