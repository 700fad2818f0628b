import { describe, expect, it } from 'vitest';
import { evaluateSeries, metricsOf, sumCounts } from '../src/eval/metrics.js';
import { eventsFromLabels, isLabelled } from '../src/eval/labels.js';

const minute = 60_000;
const times = (n: number) => Array.from({ length: n }, (_, i) => i * minute);

describe('event metrics', () => {
  // Rows 0..19, alert level 5. Events: rows 3..6 and rows 12..14. Alarms: rows 1-2 (a run outside: 1 FP),
  // row 5 (inside event 1: detected with delay 2 rows), rows 9 and 11 (two separate runs outside: 2 FP),
  // row 15 right after event 2 (outside: 1 FP). Event 2 is missed.
  const scores = [0, 6, 7, 1, 2, 5, 9, 0, 0, 8, 0, 5.5, 4.99, 0, 3, 6, 0, 0, 0, 0];
  const events = [
    { start: 3 * minute, end: 6 * minute },
    { start: 12 * minute, end: 14 * minute },
  ];

  it('counts detections, false-positive runs and delays as worked out by hand', () => {
    const { counts, events: results } = evaluateSeries({ timestamps: times(20), scores }, events, 5);
    expect(counts).toEqual({ events: 2, detected: 1, falsePositives: 4, delayMsSum: 2 * minute, delayRowsSum: 2 });
    expect(results.map((r) => [r.detected, r.delayRows, r.delayMs])).toEqual([
      [true, 2, 2 * minute],
      [false, null, null],
    ]);
    const m = metricsOf(counts);
    expect(m.precision).toBeCloseTo(1 / 5, 12);
    expect(m.recall).toBeCloseTo(1 / 2, 12);
    expect(m.f1).toBeCloseTo((2 * 0.2 * 0.5) / 0.7, 12);
    expect(m.meanDelayMs).toBe(2 * minute);
  });

  it('treats a score exactly at the alert level as an alarm, and event bounds as inclusive', () => {
    const { counts, events: results } = evaluateSeries({ timestamps: times(5), scores: [0, 0, 5, 0, 0] }, [{ start: 2 * minute, end: 2 * minute }], 5);
    expect(counts.detected).toBe(1);
    expect(results[0]!.delayRows).toBe(0);
    expect(counts.falsePositives).toBe(0);
  });

  it('leaves undefined figures null instead of inventing them', () => {
    const quiet = metricsOf(evaluateSeries({ timestamps: times(3), scores: [0, 0, 0] }, [], 5).counts);
    expect([quiet.precision, quiet.recall, quiet.f1, quiet.meanDelayMs]).toEqual([null, null, null, null]);
    const noisy = metricsOf(evaluateSeries({ timestamps: times(3), scores: [9, 0, 9] }, [], 5).counts);
    expect([noisy.precision, noisy.recall, noisy.falsePositives]).toEqual([0, null, 2]);
    const missed = metricsOf(evaluateSeries({ timestamps: times(3), scores: [9, 0, 0] }, [{ start: 2 * minute, end: 2 * minute }], 5).counts);
    expect([missed.precision, missed.recall, missed.f1]).toEqual([0, 0, 0]);
  });

  it('adds series up before computing overall figures (micro-average)', () => {
    const a = evaluateSeries({ timestamps: times(20), scores }, events, 5).counts; // 1 of 2, 4 FP
    const b = evaluateSeries({ timestamps: times(4), scores: [0, 9, 9, 0] }, [{ start: minute, end: 3 * minute }], 5).counts; // 1 of 1, delay 0
    const total = metricsOf(sumCounts([a, b]));
    expect([total.events, total.detected, total.falsePositives]).toEqual([3, 2, 4]);
    expect(total.precision).toBeCloseTo(2 / 6, 12);
    expect(total.recall).toBeCloseTo(2 / 3, 12);
    expect(total.meanDelayRows).toBe(1);
  });
});

describe('labels', () => {
  it('turns runs of labelled rows into events from the first to the last row time', () => {
    const labels = [0, 1, 1, 0, 0, 1, 0, 1, 1, 1];
    expect(eventsFromLabels(times(10), labels)).toEqual([
      { start: 1 * minute, end: 2 * minute },
      { start: 5 * minute, end: 5 * minute },
      { start: 7 * minute, end: 9 * minute },
    ]);
  });

  it('reads label cells', () => {
    expect(['1', 'true', 'YES', '2', ' 1 ', 'anomaly'].map(isLabelled)).toEqual([true, true, true, true, true, true]);
    expect(['0', '', 'false', 'no', '0.0', 'normal', undefined].map(isLabelled)).toEqual([false, false, false, false, false, false, false]);
  });
});
