// Small timing helpers for the bench: run a body in rounds and report the median per-operation time.

export interface Figure {
  name: string;
  perOpNs: number;
  ops: number;
}

export async function timeRounds(name: string, rounds: number, opsPerRound: number, body: (ops: number) => Promise<void> | void): Promise<Figure> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    await body(opsPerRound);
    samples.push(Number(process.hrtime.bigint() - start) / opsPerRound);
  }
  samples.sort((a, b) => a - b);
  return { name, perOpNs: samples[Math.floor(samples.length / 2)]!, ops: rounds * opsPerRound };
}

export function formatDuration(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}
