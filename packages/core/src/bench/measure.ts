import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** The engine's gc(), reachable without starting node with --expose-gc. */
export const collectGarbage = runInNewContext('gc') as () => void;

export interface Rate {
  perSecond: number;
  seconds: number;
  operations: number;
}

/**
 * Runs pass(round) (each call processes `perPass` items) for about `seconds`, after a warm-up, and returns the
 * best of `rounds` rates (the least disturbed by other processes on a shared machine).
 */
export function measureRate(perPass: number, pass: (round: number) => void, seconds = 1.5, rounds = 3): Rate {
  let round = 0;
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) pass(round++);
  let best: Rate = { perSecond: 0, seconds: 0, operations: 0 };
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    let operations = 0;
    while (performance.now() - start < (seconds * 1000) / rounds) {
      pass(round++);
      operations += perPass;
    }
    const elapsed = (performance.now() - start) / 1000;
    const rate = { perSecond: operations / elapsed, seconds: elapsed, operations };
    if (rate.perSecond > best.perSecond) best = rate;
  }
  return best;
}

export interface HeapGrowth {
  bytesPerItem: number;
  collections: number;
  items: number;
}

/** Heap growth per item over `passes` passes, with garbage collected before, and the GCs that ran meanwhile. */
export async function measureHeap(perPass: number, pass: (round: number) => void, passes: number): Promise<HeapGrowth> {
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  pass(0);
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  collections = 0;
  const before = process.memoryUsage().heapUsed;
  for (let p = 1; p <= passes; p++) pass(p);
  const after = process.memoryUsage().heapUsed;
  await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  return { bytesPerItem: Math.max(0, after - before) / (passes * perPass), collections, items: passes * perPass };
}
