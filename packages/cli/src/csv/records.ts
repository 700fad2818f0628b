import { parse } from 'csv-parse/sync';

/** One CSV record: its fields, or why it could not be read (the row still gets an output row). */
export type CsvRecord = { fields: string[]; error?: undefined } | { fields?: undefined; error: string };

/** Records are handed over in chunks so that scoring can batch them. */
export const CHUNK_ROWS = 4096;

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
 * Reads CSV records from a byte stream in input order, in chunks of at most CHUNK_ROWS. One line is one record
 * (quoted fields may hold commas and quotes, not line breaks), so a broken line (an unclosed quote, say) costs
 * that line only: it comes out in its place as `{ error }`. Blank lines are not rows and are skipped; CRLF and a
 * leading BOM are accepted. The first record is the header; the caller decides what it means.
 */
export async function* readCsvRecords(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<CsvRecord[]> {
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  let chunk: CsvRecord[] = [];
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
      if (chunk.length === CHUNK_ROWS) {
        yield chunk;
        chunk = [];
      }
    }
    partial = text.slice(start);
  }
  partial += decoder.decode();
  if (partial !== '') take(partial);
  if (chunk.length > 0) yield chunk;
}
