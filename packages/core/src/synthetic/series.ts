import { SeededRandom } from './random.js';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export interface SeriesOptions {
  points: number;
  intervalMs?: number;
  /** Epoch ms of the first point; seasonality phases are measured from epoch 0, so a day is a real day. */
  start?: number;
  baseline?: number;
  /** Change per day. */
  trendPerDay?: number;
  dailyAmplitude?: number;
  weeklyAmplitude?: number;
  /** Standard deviation of the Gaussian noise. */
  noise?: number;
  /** Phase offset of the daily cycle, in ms. */
  phaseMs?: number;
  seed?: number;
}

export type ResolvedSeriesOptions = Required<SeriesOptions>;

export function resolveSeriesOptions(o: SeriesOptions): ResolvedSeriesOptions {
  return {
    points: o.points,
    intervalMs: o.intervalMs ?? 60_000,
    start: o.start ?? Date.UTC(2026, 0, 5),
    baseline: o.baseline ?? 100,
    trendPerDay: o.trendPerDay ?? 0,
    dailyAmplitude: o.dailyAmplitude ?? 10,
    weeklyAmplitude: o.weeklyAmplitude ?? 0,
    noise: o.noise ?? 1,
    phaseMs: o.phaseMs ?? 0,
    seed: o.seed ?? 1,
  };
}

/** The noise-free value at time t: baseline + trend + daily and weekly sine cycles. */
export function seasonalValue(o: ResolvedSeriesOptions, t: number): number {
  const days = (t - o.start) / DAY_MS;
  return (
    o.baseline +
    o.trendPerDay * days +
    o.dailyAmplitude * Math.sin((2 * Math.PI * (t + o.phaseMs)) / DAY_MS) +
    o.weeklyAmplitude * Math.sin((2 * Math.PI * t) / WEEK_MS)
  );
}

/**
 * One seasonal series: value[i] = baseline + trendPerDay * days + dailyAmplitude * sin(day phase)
 * + weeklyAmplitude * sin(week phase) + N(0, noise). Deterministic by seed.
 */
export function generateSeries(options: SeriesOptions): { timestamps: Float64Array; values: Float64Array } {
  const o = resolveSeriesOptions(options);
  const random = new SeededRandom(o.seed);
  const timestamps = new Float64Array(o.points);
  const values = new Float64Array(o.points);
  for (let i = 0; i < o.points; i++) {
    const t = o.start + i * o.intervalMs;
    timestamps[i] = t;
    values[i] = seasonalValue(o, t) + o.noise * random.normal();
  }
  return { timestamps, values };
}
