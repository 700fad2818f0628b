import { ANOMALY_KINDS, applyAnomaly, planAnomaly, type AnomalyEvent, type AnomalyKind, type FeatureSignal } from './anomalies.js';
import { DAY_MS, resolveSeriesOptions, seasonalValue, type ResolvedSeriesOptions } from './series.js';
import { SeededRandom, deriveSeed } from './random.js';

export interface DatasetRow {
  timestamp: number;
  keys: string[];
  values: number[];
}

export interface AnomalyOptions {
  /** Expected anomalies per key (whole events, not points). Default 2. */
  perKey?: number;
  kinds?: AnomalyKind[];
  /** Points at the start of each series kept clean (training data). Default: a quarter of the points. */
  cleanPrefix?: number;
}

export interface DatasetOptions {
  /** Number of keys (named key-0...) or explicit composite key values. */
  keys: number | string[][];
  /** Number of features (named f0...) or their names. */
  features: number | string[];
  points: number;
  intervalMs?: number;
  start?: number;
  /** false disables injection. */
  anomalies?: AnomalyOptions | false;
  seed?: number;
}

export interface Dataset {
  featureNames: string[];
  keys: string[][];
  /** Interleaved by timestamp (all keys at t0, then at t1...), as a stream would deliver them. */
  rows: DatasetRow[];
  /** 1 where the row is inside an injected anomaly, aligned with rows. */
  labels: Uint8Array;
  events: AnomalyEvent[];
}

function keyList(keys: DatasetOptions['keys']): string[][] {
  if (typeof keys === 'number') return Array.from({ length: keys }, (_, i) => [`key-${i}`]);
  return keys.map((k) => [...k]);
}

function featureList(features: DatasetOptions['features']): string[] {
  if (typeof features === 'number') return Array.from({ length: features }, (_, i) => `f${i}`);
  return [...features];
}

/** Random seasonal shape per key and feature, within ranges like numalogic's synthetic generator. */
function drawShape(random: SeededRandom, points: number, intervalMs: number, start: number, seed: number): ResolvedSeriesOptions {
  return resolveSeriesOptions({
    points,
    intervalMs,
    start,
    baseline: random.uniform(50, 350),
    trendPerDay: random.uniform(-0.5, 2),
    dailyAmplitude: random.uniform(5, 40),
    weeklyAmplitude: random.next() < 0.5 ? random.uniform(0, 10) : 0,
    noise: random.uniform(1, 5),
    phaseMs: random.uniform(0, DAY_MS),
    seed,
  });
}

/** Many keys of seasonal series with labelled anomalies. Same options and seed, same data set. */
export function generateDataset(options: DatasetOptions): Dataset {
  const seed = options.seed ?? 42;
  const intervalMs = options.intervalMs ?? 60_000;
  const start = options.start ?? Date.UTC(2026, 0, 5);
  const keys = keyList(options.keys);
  const featureNames = featureList(options.features);
  const n = Math.max(0, Math.floor(options.points));
  const anomalyOptions = options.anomalies === false ? null : (options.anomalies ?? {});
  const events: AnomalyEvent[] = [];
  const perKeyValues: FeatureSignal[][] = [];
  const perKeyLabels: Uint8Array[] = [];

  keys.forEach((key, k) => {
    const random = new SeededRandom(deriveSeed(seed, k));
    const shapes = featureNames.map((_, f) => drawShape(random, n, intervalMs, start, deriveSeed(seed, k, f + 1)));
    const signals: FeatureSignal[] = shapes.map((shape) => {
      const noise = new SeededRandom(shape.seed);
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = seasonalValue(shape, start + i * intervalMs) + shape.noise * noise.normal();
      return { values, scale: shape.noise, dailyAmplitude: shape.dailyAmplitude, pointsPerDay: DAY_MS / intervalMs };
    });
    const labels = new Uint8Array(n);
    if (anomalyOptions && n > 0) {
      const kinds = anomalyOptions.kinds ?? [...ANOMALY_KINDS];
      const cleanPrefix = Math.min(anomalyOptions.cleanPrefix ?? Math.floor(n / 4), n - 1);
      const count = anomalyOptions.perKey ?? 2;
      const span = n - cleanPrefix;
      for (let e = 0; e < count && kinds.length > 0 && span > 0; e++) {
        // Events are spread over equal slots so they never overlap each other.
        const slot = Math.floor(span / count);
        if (slot < 1) break;
        const slotStart = cleanPrefix + e * slot;
        const at = slotStart + random.int(0, Math.max(0, Math.floor(slot / 2)));
        const plan = planAnomaly(random, random.pick(kinds), at, featureNames.length, Math.max(1, slotStart + slot - at));
        applyAnomaly(signals, plan, (f, i) => seasonalValue(shapes[f]!, start + i * intervalMs));
        const last = Math.min(plan.start + plan.length, n) - 1;
        for (let i = plan.start; i <= last; i++) labels[i] = 1;
        events.push({
          keyIndex: k,
          keys: key,
          kind: plan.kind,
          start: plan.start,
          end: last,
          startTimestamp: start + plan.start * intervalMs,
          endTimestamp: start + last * intervalMs,
          features: plan.features,
          magnitude: plan.magnitude,
        });
      }
    }
    perKeyValues.push(signals);
    perKeyLabels.push(labels);
  });

  const rows: DatasetRow[] = [];
  const labels = new Uint8Array(n * keys.length);
  for (let i = 0; i < n; i++) {
    keys.forEach((key, k) => {
      labels[rows.length] = perKeyLabels[k]![i]!;
      rows.push({ timestamp: start + i * intervalMs, keys: key, values: perKeyValues[k]!.map((s) => s.values[i]!) });
    });
  }
  return { featureNames, keys, rows, labels, events };
}

/** The JSON payload a source would deliver for a row: key fields, timestamp field and feature fields by name. */
export function rowToPayload(
  row: DatasetRow,
  fields: { keys: readonly string[]; features: readonly string[]; timestamp: string },
): Record<string, string | number> {
  const payload: Record<string, string | number> = { [fields.timestamp]: row.timestamp };
  fields.keys.forEach((name, i) => (payload[name] = row.keys[i] ?? ''));
  fields.features.forEach((name, i) => (payload[name] = row.values[i] ?? 0));
  return payload;
}
