import { parseTimestamp, type Config } from '@numalogic/core';
import type { ColumnMap } from '../csv/columns.js';

/** A decimal number as CSV writes it; anything else (empty, 'NaN', '0x1f', '1,5') is refused with a reason. */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The key of every row when the CSV has no key columns. */
export const SINGLE_KEY_VALUE = 'all';

/**
 * Reads one CSV record into reused buffers: `keys`, `values` (config feature order) and `timestamp`. Returns
 * null when the row is usable, else the reason it is not (the row becomes an `invalid` output row).
 */
export class RowReader {
  readonly keys: string[];
  readonly values: Float64Array;
  timestamp = 0;

  constructor(
    readonly columns: ColumnMap,
    private readonly config: Pick<Config, 'keys' | 'features' | 'input'>,
  ) {
    this.keys = config.keys.map(() => SINGLE_KEY_VALUE);
    this.values = new Float64Array(config.features.length);
  }

  read(fields: readonly string[]): string | null {
    const { columns, config } = this;
    if (fields.length !== columns.width) return `row has ${fields.length} columns, the header has ${columns.width}`;
    for (let k = 0; k < columns.keys.length; k++) {
      const text = fields[columns.keys[k]!]!;
      if (text === '') return `key column '${config.keys[k]}' is empty`;
      this.keys[k] = text;
    }
    const time = parseTimestamp(fields[columns.timestamp]!, config.input.timestampUnit);
    if (typeof time === 'string') return time;
    this.timestamp = time;
    for (let f = 0; f < columns.features.length; f++) {
      const text = fields[columns.features[f]!]!;
      if (!DECIMAL.test(text)) {
        return text.trim() === '' ? `feature '${config.features[f]}' is empty` : `feature '${config.features[f]}' is not a number: '${text.slice(0, 40)}'`;
      }
      const value = Number(text);
      if (!Number.isFinite(value)) return `feature '${config.features[f]}' overflows: '${text.slice(0, 40)}'`;
      this.values[f] = value;
    }
    return null;
  }
}
