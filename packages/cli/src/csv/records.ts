import { parse } from 'csv-parse/sync';

/** One CSV record: its fields, or why it could not be read (the row still gets an output row). */
export type CsvRecord = { fields: string[]; error?: undefined } | { fields?: undefined; error: string };

/**
 * Records are handed over in chunks so that scoring can batch them: at most this many per chunk (by default;
 * `numalogic score --chunk-rows`). A chunk is scored with the models that existed at its start and training
 * runs after it, so the chunk is also how long a training request waits: 256 rows is about the trainer's own
 * refresh step (a stale model retrains once trainer.minPoints x STALE_REFRESH_FRACTION = 250 newer points of
 * the key exist), so a key is retrained when `trainer.retrainAfter` says, as a pipeline's trainer does. Chunks
 * of up to 4,096 rows (before) retrained a one-key file at most every 4,096 rows: 14 days of 5-minute data,
 * 170 days of hourly data (docs/quality.md, "Training as configured").
 */
export const CHUNK_ROWS = 256;
/**
 * The first chunk's size; each next chunk doubles up to the maximum (CHUNK_ROWS by default). Sizes depend on
 * the row count only, so a prefix of a file is chunked exactly as the whole file is.
 */
export const FIRST_CHUNK_ROWS = 256;

/**
 * One line as a record. Lines without a quote are split on commas (what a numeric CSV almost always is, and
 * the fast path); lines with quotes go through csv-parse. A line csv-parse cannot read is an error record.
 */
function lineRecord(line: string): CsvRecord {
  if (!line.includes('"')) return { fields: line.split(',') };
  try {
    const records = parse(line, { relax_column_count: true }) as string[][];
    return records.length === 1 ? { fields: records[0]! } : { error: 'unreadable CSV row: quoted line break' };
  } catch (err) {
    return { error: `unreadable CSV row: ${(err as Error).message}` };
  }
}

/**
 * Reads CSV records from a byte stream in input order, in chunks (FIRST_CHUNK_ROWS, or `maxChunkRows` if smaller,
 * doubling up to `maxChunkRows`). One line is one record
 * (quoted fields may hold commas and quotes, not line breaks), so a broken line (an unclosed quote, say) costs
 * that line only: it comes out in its place as `{ error }`. Blank lines are not rows and are skipped; CRLF and a
 * leading BOM are accepted. The first record is the header; the caller decides what it means.
 */
export async function* readCsvRecords(input: AsyncIterable<Uint8Array | string>, maxChunkRows = CHUNK_ROWS): AsyncGenerator<CsvRecord[]> {
  if (!(Number.isInteger(maxChunkRows) && maxChunkRows >= 1)) throw new RangeError(`chunk rows must be a whole number >= 1, got ${maxChunkRows}`);
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  let chunk: CsvRecord[] = [];
  let limit = Math.min(FIRST_CHUNK_ROWS, maxChunkRows);
  let first = true;
  const take = (line: string) => {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (first) {
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.trim() === '') return;
      first = false;
    } else if (line.trim() === '') {
      return;
    }
    chunk.push(lineRecord(line));
  };
  for await (const piece of input) {
    const text = partial + (typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true }));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      take(text.slice(start, end));
      start = end + 1;
      if (chunk.length === limit) {
        yield chunk;
        chunk = [];
        limit = Math.min(limit * 2, maxChunkRows);
      }
    }
    partial = text.slice(start);
  }
  partial += decoder.decode();
  if (partial !== '') take(partial);
  if (chunk.length > 0) yield chunk;
}
