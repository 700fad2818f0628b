// The main thread's side of the scoring thread: posts groups of raw payloads, matches answers to requests.
import { Worker } from 'node:worker_threads';
import { packPayloads, type GroupAnswer, type ReadyMessage, type ScoredGroup } from './protocol.js';

export type { ScoredGroup };

export interface ScoringThreadOptions {
  /** The environment the thread reads its configuration from (this process's by default). */
  env?: NodeJS.ProcessEnv;
  /** The thread's script: scoring/thread.js by default (tests start a stand-in that misbehaves). */
  entry?: URL;
}

/**
 * The inference UDF scores on a worker thread, so the main thread's event loop is left to gRPC: on a machine
 * with a core to spare, receiving and answering datums overlaps with scoring them (docs/benchmarks.md,
 * "inference UDF"). One stage, in the worker: per-key state stays in one place, as with one thread.
 */
export class ScoringThread {
  private readonly pending = new Map<number, { resolve: (a: ScoredGroup) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;
  private closing = false;

  private constructor(
    private readonly worker: Worker,
    private readonly onFailure: (err: Error) => void,
  ) {
    worker.on('message', (answer: GroupAnswer) => {
      const waiting = this.pending.get(answer.id);
      if (waiting === undefined) return;
      this.pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer);
      else waiting.reject(new Error(`scoring thread: ${answer.error}`));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`scoring thread exited with code ${code}`));
    });
  }

  /**
   * Starts the thread with this process's environment (so the same configuration) and waits until its stage is
   * built. `onFailure` hears of a thread that dies afterwards: every pending and later group fails with it.
   */
  static start(onFailure: (err: Error) => void, options: ScoringThreadOptions = {}): Promise<ScoringThread> {
    const worker = new Worker(options.entry ?? new URL('./thread.js', import.meta.url), { env: options.env ?? process.env });
    return new Promise((resolve, reject) => {
      const early = (err: Error) => reject(new Error(`scoring thread did not start: ${err.message}`));
      const exited = (code: number) => reject(new Error(`scoring thread exited with code ${code} before it was ready`));
      worker.once('error', early);
      worker.once('exit', exited);
      worker.once('message', (message: ReadyMessage) => {
        worker.off('error', early);
        worker.off('exit', exited);
        if (message.ready) resolve(new ScoringThread(worker, onFailure));
        else {
          void worker.terminate();
          reject(new Error(`scoring thread did not start: ${message.error}`));
        }
      });
    });
  }

  /** Scores one group of raw window payloads (the datums' values), in the order groups are posted. */
  score(values: readonly Uint8Array[]): Promise<ScoredGroup> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    const { bytes, ends } = packPayloads(values);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ id, bytes, ends }, [bytes.buffer, ends.buffer]);
      } catch (err) {
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
    this.rejectAll(new Error('scoring thread closed'));
  }

  private fail(err: Error): void {
    if (this.failure !== null) return;
    this.failure = err;
    this.rejectAll(err);
    this.onFailure(err);
  }

  private rejectAll(err: Error): void {
    for (const { reject } of this.pending.values()) reject(err);
    this.pending.clear();
  }
}
