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
  const keyWidth = columns.keys.length;
  const row = new Array<string>(keyWidth + 4);
  let text = '';
  for (let i = 0; i < chunk.count; i++) {
    const fields = records[i]!.fields;
    row[0] = fields?.[columns.timestamp] ?? '';
    for (let k = 0; k < keyWidth; k++) row[k + 1] = fields?.[columns.keys[k]!] ?? '';
    row[keyWidth + 1] = scoreText(chunk.scores[i]!);
    row[keyWidth + 2] = chunk.statuses[i]!;
    row[keyWidth + 3] = chunk.reasons[i] ?? '';
    // Most rows need no quoting: joined directly. A row with a comma, quote or line break in a field (reasons
    // often have commas) is written by csv-stringify, which quotes it properly.
    text += row.some(needsQuotes) ? stringify([row]) : `${row.join(',')}\n`;
  }
  return text;
}

const SPECIAL = /[",\r\n]/;
function needsQuotes(field: string): boolean {
  return SPECIAL.test(field);
}
