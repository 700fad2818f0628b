/**
 * Single-consumer queue exposed as an AsyncIterable: the producer pushes as data arrives, the consumer
 * iterates at its own pace. `end` finishes the iteration once the buffer is drained.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  #buffer: T[] = [];
  #head = 0;
  #ended = false;
  #discarded = false;
  #waiter: ((result: IteratorResult<T>) => void) | undefined;
  readonly #onTake: (() => void) | undefined;

  /** `onTake` runs each time the consumer takes a buffered element (used for flow control). */
  constructor(onTake?: () => void) {
    this.#onTake = onTake;
  }

  /** Elements buffered and not yet taken. */
  get size(): number {
    return this.#buffer.length - this.#head;
  }

  push(value: T): void {
    if (this.#ended || this.#discarded) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter({ value, done: false });
      return;
    }
    this.#buffer.push(value);
  }

  end(): void {
    this.#ended = true;
    const waiter = this.#waiter;
    if (waiter && this.size === 0) {
      this.#waiter = undefined;
      waiter({ value: undefined, done: true });
    }
  }

  /** The consumer is gone: drop what is buffered and ignore further pushes. Returns how many were dropped. */
  discard(): number {
    const dropped = this.size;
    this.#discarded = true;
    this.#buffer = [];
    this.#head = 0;
    return dropped;
  }

  #next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.#buffer[this.#head] as T;
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
        this.#buffer = this.#buffer.slice(this.#head);
        this.#head = 0;
      }
      this.#onTake?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended || this.#discarded) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.#next() };
  }
}
