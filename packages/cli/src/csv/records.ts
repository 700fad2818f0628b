import { parse } from 'csv-parse/sync';

/** One CSV record: its fields, or why it could not be read (the row still gets an output row). */
export type CsvRecord = { fields: string[]; error?: undefined } | { fields?: undefined; error: string };

/** Records are handed over in chunks so that scoring can batch them: at most this many per chunk. */
export const CHUNK_ROWS = 4096;
/**
 * The first chunk's size; each next chunk doubles up to CHUNK_ROWS. A chunk is scored with the models that
 * existed at its start, so small first chunks let a new key's first model (trained after a chunk) take over
 * early, and large later chunks keep batching cheap. Sizes depend on the row count only, so a prefix of a
 * file is chunked exactly as the whole file is.
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
 * Reads CSV records from a byte stream in input order, in chunks (FIRST_CHUNK_ROWS doubling up to CHUNK_ROWS). One line is one record
 * (quoted fields may hold commas and quotes, not line breaks), so a broken line (an unclosed quote, say) costs
 * that line only: it comes out in its place as `{ error }`. Blank lines are not rows and are skipped; CRLF and a
 * leading BOM are accepted. The first record is the header; the caller decides what it means.
 */
export async function* readCsvRecords(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<CsvRecord[]> {
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  let chunk: CsvRecord[] = [];
  let limit = FIRST_CHUNK_ROWS;
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
        limit = Math.min(limit * 2, CHUNK_ROWS);
      }
    }
    partial = text.slice(start);
  }
  partial += decoder.decode();
  if (partial !== '') take(partial);
  if (chunk.length > 0) yield chunk;
}
