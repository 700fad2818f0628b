import { parse } from 'csv-parse/sync';

/** Statuses whose row has no usable score: NAB still needs one number per row, and 0 means "nothing seen". */
const UNSCORED = new Set(['warmup', 'invalid']);

/** `numalogic score` reports 0..10; NAB's tools want [0, 1]. */
const CLI_SCALE = 10;

/**
 * One NAB score in [0, 1] per row of `numalogic score` output (header `timestamp,...,anomaly_score,status,reason`).
 * Warm-up and invalid rows score 0. Throws when the output is not what the CLI documents, so a broken run
 * cannot pass as a run of zeros.
 */
export function nabScoresFromCliOutput(csv: string): number[] {
  const rows = parse(csv, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  const header = rows.shift();
  if (header === undefined) throw new Error('numalogic score wrote nothing');
  const scoreAt = header.indexOf('anomaly_score');
  const statusAt = header.indexOf('status');
  if (scoreAt < 0 || statusAt < 0) throw new Error(`numalogic score output has no anomaly_score/status columns: ${header.join(',')}`);
  return rows.map((row, i) => {
    const status = row[statusAt] ?? '';
    if (UNSCORED.has(status)) return 0;
    const score = Number(row[scoreAt]);
    if (!Number.isFinite(score) || score < 0 || score > CLI_SCALE) {
      throw new Error(`row ${i + 1}: anomaly_score '${row[scoreAt]}' is not in 0..${CLI_SCALE} (status ${status})`);
    }
    return score / CLI_SCALE;
  });
}
