/** Epoch values below this are read as seconds in 'auto' mode: 1e11 s is year 5138, 1e11 ms is 1973-03-03. */
export const SECONDS_CUTOFF = 1e11;
/** Accepted range: 1970-01-01 to 2200-01-01 (epoch ms). */
export const MIN_TIMESTAMP_MS = 0;
export const MAX_TIMESTAMP_MS = 7_258_118_400_000;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

export type TimestampUnit = 'auto' | 'ms' | 's';

/**
 * A timestamp as epoch ms, or a reason. Numbers: 'ms', 's', or 'auto' (|v| < 1e11 means seconds, else ms).
 * Strings: ISO 8601 (date, or date-time with optional zone; no zone = UTC), or digits read as a number.
 */
export function parseTimestamp(value: unknown, unit: TimestampUnit): number | string {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'timestamp is not a finite number';
    ms = unit === 's' || (unit === 'auto' && Math.abs(value) < SECONDS_CUTOFF) ? value * 1000 : value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) return parseTimestamp(Number(text), unit);
    if (!ISO_8601.test(text)) return `timestamp '${value.slice(0, 40)}' is neither epoch milliseconds, epoch seconds nor ISO 8601`;
    const hasZone = /([Zz]|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
    ms = Date.parse(hasZone || text.length === 10 ? text : `${text.replace(' ', 'T')}Z`);
    if (Number.isNaN(ms)) return `timestamp '${value.slice(0, 40)}' is not a valid date`;
  } else {
    return `timestamp must be a number or an ISO 8601 string, got ${value === null ? 'null' : typeof value}`;
  }
  if (ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) return `timestamp ${value} is out of range (1970 to 2200)`;
  return Math.round(ms);
}
