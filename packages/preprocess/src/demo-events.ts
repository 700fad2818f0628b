import { deriveSeed, resolveSeriesOptions, seasonalValue, SeededRandom, type Config, type PointPayload } from '@numalogic/core';
import type { TransformOutcome } from './transformer.js';

/**
 * For trying the pipeline in a cluster without Kafka (pipelines/anomaly-detection-generator.yaml): Numaflow's
 * built-in generator source sends payloads of its own (`{"id": "<ns>-<replica>", "value": ...}`) under keys
 * `key-0..key-N`. With NUMALOGIC_DEMO_EVENTS=generator the source transformer ignores that payload and makes
 * the event a metrics producer would have sent: the composite key `<field>-<n>` for generator key `key-<n>`, the
 * platform's event time, and per feature a daily-seasonal value with noise, plus a rare spike (about one point
 * in 500) so the alerts have something to show. Deterministic in (key, event time).
 */
export const DEMO_EVENTS_ENV = 'NUMALOGIC_DEMO_EVENTS';

const SPIKE_ODDS = 500;

export function demoEvent(messageKeys: readonly string[], eventTimeMs: number, config: Pick<Config, 'keys' | 'features'>): TransformOutcome {
  const match = /^key-(\d+)$/.exec(messageKeys[0] ?? '');
  if (!match) return { ok: false, reason: `demo events: expected the generator's key "key-<n>", got ${JSON.stringify(messageKeys)}` };
  const n = Number(match[1]);
  const keys = config.keys.map((field) => `${field}-${n}`);
  const random = new SeededRandom(deriveSeed(n, Math.floor(eventTimeMs / 1000)));
  const spike = random.int(0, SPIKE_ODDS - 1) === 0;
  const values = config.features.map((_, f) => {
    const series = resolveSeriesOptions({ points: 1, baseline: 100 + 50 * f + 10 * n, dailyAmplitude: 10 + f, noise: 1, seed: n });
    const value = seasonalValue(series, eventTimeMs) + random.normal() * series.noise;
    return spike ? value + 12 * series.noise * (f + 1) : value;
  });
  const point: PointPayload = { t: eventTimeMs, v: values };
  return { ok: true, keys, eventTime: eventTimeMs, point };
}
