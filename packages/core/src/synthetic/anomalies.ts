import type { SeededRandom } from './random.js';

export type AnomalyKind = 'spike' | 'level-shift' | 'contextual' | 'collective' | 'variance-change';
export const ANOMALY_KINDS: readonly AnomalyKind[] = ['spike', 'level-shift', 'contextual', 'collective', 'variance-change'];

export interface AnomalyEvent {
  /** Index of the key in the data set's key list. */
  keyIndex: number;
  keys: string[];
  kind: AnomalyKind;
  /** First and last point index (inclusive) within the key's series. */
  start: number;
  end: number;
  startTimestamp: number;
  endTimestamp: number;
  /** Feature indexes affected. */
  features: number[];
  /** Size in units of the feature's noise/amplitude scale (sign included). */
  magnitude: number;
}

/** The per-feature signal a key's series is built from; injection needs its scale and its seasonal shape. */
export interface FeatureSignal {
  values: Float64Array;
  /** Scale an anomaly is measured in: noise plus seasonal amplitude. */
  scale: number;
  dailyAmplitude: number;
  pointsPerDay: number;
}

export interface InjectionPlan {
  kind: AnomalyKind;
  start: number;
  length: number;
  features: number[];
  magnitude: number;
}

/** Draws the length, features and size of one anomaly of the given kind. */
export function planAnomaly(random: SeededRandom, kind: AnomalyKind, start: number, featureCount: number, maxLength: number): InjectionPlan {
  const sign = random.next() < 0.5 ? -1 : 1;
  const oneFeature = [random.int(0, featureCount - 1)];
  const clampLength = (n: number) => Math.max(1, Math.min(n, maxLength));
  switch (kind) {
    case 'spike':
      return { kind, start, length: 1, features: oneFeature, magnitude: sign * random.uniform(6, 10) };
    case 'level-shift':
      return { kind, start, length: clampLength(random.int(10, 40)), features: oneFeature, magnitude: sign * random.uniform(3, 6) };
    case 'contextual':
      return { kind, start, length: clampLength(random.int(5, 20)), features: oneFeature, magnitude: 1 };
    case 'collective': {
      const all = Array.from({ length: featureCount }, (_, i) => i);
      return { kind, start, length: clampLength(random.int(5, 20)), features: all, magnitude: sign * random.uniform(2.5, 4) };
    }
    case 'variance-change':
      return { kind, start, length: clampLength(random.int(15, 40)), features: oneFeature, magnitude: random.uniform(4, 8) };
  }
}

/**
 * Applies a plan to the signals in place. spike / level-shift / collective add magnitude * scale; contextual
 * replaces the seasonal cycle by its opposite phase (a value normal for another time of day); variance-change
 * multiplies the deviation from the local seasonal mean by magnitude.
 */
export function applyAnomaly(signals: FeatureSignal[], plan: InjectionPlan, seasonal: (feature: number, index: number) => number): void {
  const end = Math.min(plan.start + plan.length, signals[0]?.values.length ?? 0);
  for (const f of plan.features) {
    const s = signals[f]!;
    for (let i = plan.start; i < end; i++) {
      const base = seasonal(f, i);
      switch (plan.kind) {
        case 'spike':
        case 'level-shift':
        case 'collective':
          s.values[i] = s.values[i]! + plan.magnitude * s.scale;
          break;
        case 'contextual': {
          const halfDay = Math.max(1, Math.round(s.pointsPerDay / 2));
          const opposite = seasonal(f, i + halfDay);
          // Shift by at least 3 scales so the contextual anomaly stays visible on weak daily cycles.
          const delta = opposite - base;
          const minimum = 3 * s.scale * (delta < 0 ? -1 : 1);
          s.values[i] = s.values[i]! + (Math.abs(delta) >= Math.abs(minimum) ? delta : minimum);
          break;
        }
        case 'variance-change':
          s.values[i] = base + (s.values[i]! - base) * plan.magnitude;
          break;
      }
    }
  }
}
