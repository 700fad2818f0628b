/** A labelled anomaly: a closed time span [start, end] in epoch ms. */
export interface LabelledEvent {
  start: number;
  end: number;
}

/** One scored series as evaluation sees it: row times (epoch ms, ascending) and scores (0..10). */
export interface ScoredSeries {
  timestamps: ArrayLike<number>;
  scores: ArrayLike<number>;
}

export interface EventResult extends LabelledEvent {
  detected: boolean;
  /** ms from the event's start to its first alarm (null when missed). */
  delayMs: number | null;
  /** Rows from the event's first row to its first alarm (null when missed). */
  delayRows: number | null;
}

export interface Counts {
  events: number;
  detected: number;
  /** Runs of consecutive alarm rows outside every event. */
  falsePositives: number;
  /** Sum of the detected events' delays, to average over many series. */
  delayMsSum: number;
  delayRowsSum: number;
}

export interface Metrics extends Counts {
  /** null where undefined (no alarm at all for precision, no event for recall). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  meanDelayMs: number | null;
  meanDelayRows: number | null;
}

/**
 * Event-level detection figures of one series: an alarm is a row whose score reaches alertLevel; an event is
 * detected when any alarm falls inside it (its delay: from its start to that first alarm); every run of
 * consecutive alarm rows outside all events is one false positive.
 */
export function evaluateSeries(series: ScoredSeries, events: readonly LabelledEvent[], alertLevel: number): { counts: Counts; events: EventResult[] } {
  const sorted = [...events].sort((a, b) => a.start - b.start);
  const results: EventResult[] = sorted.map((e) => ({ ...e, detected: false, delayMs: null, delayRows: null }));
  const firstRow: number[] = sorted.map(() => -1);
  let falsePositives = 0;
  let inFalseRun = false;
  const n = series.timestamps.length;
  for (let i = 0; i < n; i++) {
    const t = series.timestamps[i]!;
    const alarm = series.scores[i]! >= alertLevel;
    let inside = false;
    for (let e = 0; e < sorted.length; e++) {
      const event = sorted[e]!;
      if (t < event.start || t > event.end) continue;
      inside = true;
      if (firstRow[e] === -1) firstRow[e] = i;
      const result = results[e]!;
      if (alarm && !result.detected) {
        result.detected = true;
        result.delayMs = t - event.start;
        result.delayRows = i - firstRow[e]!;
      }
    }
    if (alarm && !inside) {
      if (!inFalseRun) falsePositives++;
      inFalseRun = true;
    } else {
      inFalseRun = false;
    }
  }
  const detected = results.filter((r) => r.detected);
  return {
    counts: {
      events: results.length,
      detected: detected.length,
      falsePositives,
      delayMsSum: detected.reduce((s, r) => s + r.delayMs!, 0),
      delayRowsSum: detected.reduce((s, r) => s + r.delayRows!, 0),
    },
    events: results,
  };
}

/** Adds counts up (per file from its series, overall from every series). */
export function sumCounts(all: readonly Counts[]): Counts {
  const total: Counts = { events: 0, detected: 0, falsePositives: 0, delayMsSum: 0, delayRowsSum: 0 };
  for (const c of all) {
    total.events += c.events;
    total.detected += c.detected;
    total.falsePositives += c.falsePositives;
    total.delayMsSum += c.delayMsSum;
    total.delayRowsSum += c.delayRowsSum;
  }
  return total;
}

/** Precision, recall, F1 and mean delays from counts. */
export function metricsOf(counts: Counts): Metrics {
  const alarmsCounted = counts.detected + counts.falsePositives;
  const precision = alarmsCounted === 0 ? null : counts.detected / alarmsCounted;
  const recall = counts.events === 0 ? null : counts.detected / counts.events;
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    ...counts,
    precision,
    recall,
    f1,
    meanDelayMs: counts.detected === 0 ? null : counts.delayMsSum / counts.detected,
    meanDelayRows: counts.detected === 0 ? null : counts.delayRowsSum / counts.detected,
  };
}
