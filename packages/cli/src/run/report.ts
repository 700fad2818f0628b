import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunSummary } from '@numalogic/runner';
import { evaluateSeries, metricsOf, sumCounts, type Counts, type Metrics } from '../eval/metrics.js';
import { renderReport, type ReportRow, type ReportSeries } from '../eval/report.js';

/** Anomaly score per key and window end, from the `out` sink's JSONL (one output datum per line). */
async function scoresByKey(outFile: string): Promise<Map<string, Map<number, number>>> {
  const byKey = new Map<string, Map<number, number>>();
  const lines = createInterface({ input: createReadStream(outFile), crlfDelay: Infinity });
  for await (const line of lines) {
    let datum: { value?: { keys?: unknown; timestamp?: unknown; anomalyScore?: unknown; status?: unknown } };
    try {
      datum = JSON.parse(line);
    } catch {
      continue; // the runner writes whole lines; a torn last line of an interrupted run is not a score
    }
    const v = datum.value;
    if (!v || v.status === 'invalid' || !Array.isArray(v.keys) || typeof v.timestamp !== 'number' || typeof v.anomalyScore !== 'number') continue;
    const key = JSON.stringify(v.keys);
    let scores = byKey.get(key);
    if (!scores) byKey.set(key, (scores = new Map()));
    scores.set(v.timestamp, Math.max(scores.get(v.timestamp) ?? 0, v.anomalyScore));
  }
  return byKey;
}

/** The report of a run on generated data: where it is, and the event-level figures over every key. */
export interface RunReport {
  path: string;
  overall: Metrics;
}

/**
 * For a run on generated data: the evaluation report of the run's `out` sink against the injected anomalies,
 * written beside the run's other files. Each window's score is plotted at its newest point; points before a
 * key's first full window score 0. Returns the report's path and overall figures, or null when the run has no
 * truth or no `out`.
 */
export async function writeRunReport(summary: RunSummary): Promise<RunReport | null> {
  const truth = summary.generated;
  const outFile = summary.sinkFiles['out'];
  if (!truth || !outFile) return null;
  const scores = await scoresByKey(outFile);
  const series: ReportSeries[] = [];
  const rows: ReportRow[] = [];
  const counts: Counts[] = [];
  truth.keys.forEach((keys, index) => {
    const generated = truth.series[index];
    if (!generated) return;
    const keyScores = scores.get(JSON.stringify(keys)) ?? new Map<number, number>();
    const timestamps = generated.timestamps;
    const scored = timestamps.map((t) => keyScores.get(t) ?? 0);
    const events = truth.events.filter((e) => e.keyIndex === index).map((e) => ({ start: e.startTimestamp, end: e.endTimestamp }));
    const result = evaluateSeries({ timestamps, scores: scored }, events, summary.alertLevel);
    const title = keys.join(' / ');
    counts.push(result.counts);
    rows.push({ name: title, metrics: metricsOf(result.counts) });
    series.push({ title, features: truth.features, timestamps, values: generated.values, scores: scored, events, eventResults: result.events });
  });
  const overall = metricsOf(sumCounts(counts));
  rows.push({ name: 'overall', metrics: overall });
  const path = join(summary.runDir, 'report.html');
  writeFileSync(path, renderReport({ title: 'numalogic run on generated data', alertLevel: summary.alertLevel, series, table: rows, generatedAt: new Date().toISOString() }));
  return { path, overall };
}

/** One summary line for a run's detection figures, e.g. "14 of 20 injected events, 6 false alarms (F1 0.70)". */
export function detectionLine(overall: Metrics): string {
  const f1 = overall.f1 === null ? '-' : overall.f1.toFixed(2);
  const alarms = overall.falsePositives === 1 ? 'false alarm' : 'false alarms';
  return `${overall.detected} of ${overall.events} injected events, ${overall.falsePositives} ${alarms} (F1 ${f1})`;
}
