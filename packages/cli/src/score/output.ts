import { stringify } from 'csv-stringify/sync';
import type { Config } from '@numalogic/core';
import type { ScoredChunk } from './engine.js';

/** The header of `numalogic score`'s output: key columns only when the input has them. */
export function outputHeader(config: Pick<Config, 'keys' | 'timestampField'>, hasKeys: boolean): string[] {
  return [config.timestampField, ...(hasKeys ? config.keys : []), 'anomaly_score', 'status', 'reason'];
}

/** Scores with 4 decimals (what encodeOutput keeps), without trailing zeros. */
function scoreText(score: number): string {
  return String(Math.round(score * 10_000) / 10_000);
}

/**
 * The CSV text of one chunk: per input row its timestamp as written in the input (so rows join back by
 * position or by time), its key columns, the score, the status and the reason of an invalid row.
 */
export function formatChunk(chunk: ScoredChunk): string {
  const { records, columns } = chunk;
  const rows: string[][] = new Array<string[]>(chunk.count);
  const keyWidth = columns.keys.length;
  for (let i = 0; i < chunk.count; i++) {
    const fields = records[i]!.fields;
    const row = new Array<string>(keyWidth + 4);
    row[0] = fields?.[columns.timestamp] ?? '';
    for (let k = 0; k < keyWidth; k++) row[k + 1] = fields?.[columns.keys[k]!] ?? '';
    row[keyWidth + 1] = scoreText(chunk.scores[i]!);
    row[keyWidth + 2] = chunk.statuses[i]!;
    row[keyWidth + 3] = chunk.reasons[i] ?? '';
    rows[i] = row;
  }
  return stringify(rows);
}
