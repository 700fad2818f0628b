import ort from 'onnxruntime-node';

export interface SessionOptions {
  /** Threads per session for one operator; 1 by default (many keys score side by side in one process). */
  intraOpNumThreads: number;
}

/**
 * Least-recently-used cache of ONNX Runtime sessions. A pending creation is shared, so concurrent
 * requests for one bundle build one session; a failed creation is forgotten so the next call retries.
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();
  private created = 0;
  private hits = 0;

  constructor(private readonly capacity: number, private readonly options: SessionOptions) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`session cache capacity must be a positive integer, got ${capacity}`);
  }

  get(key: string, bytes: Uint8Array): Promise<ort.InferenceSession> {
    const cached = this.sessions.get(key);
    if (cached) {
      this.hits++;
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.sessions.delete(key);
      this.sessions.set(key, cached);
      return cached;
    }
    this.created++;
    const pending = ort.InferenceSession.create(bytes, {
      intraOpNumThreads: this.options.intraOpNumThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // No CPU memory arena: the arena's first growth made a new session's first runs slow, and `numalogic
      // score` opens a session per new model version (docs/benchmarks.md, "numalogic score"). The models are
      // small: what a run allocates, malloc serves.
      enableCpuMemArena: false,
    });
    this.sessions.set(key, pending);
    pending.catch(() => {
      if (this.sessions.get(key) === pending) this.sessions.delete(key);
    });
    this.evictBeyondCapacity();
    return pending;
  }

  /** Drops one session (a bundle deleted or replaced in place). */
  async evict(key: string): Promise<void> {
    const pending = this.sessions.get(key);
    if (!pending) return;
    this.sessions.delete(key);
    await release(pending);
  }

  async clear(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(release));
  }

  get stats(): { size: number; created: number; hits: number } {
    return { size: this.sessions.size, created: this.created, hits: this.hits };
  }

  private evictBeyondCapacity(): void {
    while (this.sessions.size > this.capacity) {
      const oldest = this.sessions.keys().next().value as string;
      const pending = this.sessions.get(oldest) as Promise<ort.InferenceSession>;
      this.sessions.delete(oldest);
      void release(pending);
    }
  }
}

async function release(pending: Promise<ort.InferenceSession>): Promise<void> {
  try {
    await (await pending).release();
  } catch {
    // A session that failed to load has nothing to release.
  }
}
