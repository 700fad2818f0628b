import { parse, type CsvError } from 'csv-parse';

/** One CSV record: its fields, or why csv-parse could not read it (the row still gets an output row). */
export type CsvRecord = { fields: string[]; error?: undefined } | { fields?: undefined; error: string };

/** Records are handed over in chunks so that scoring can batch them (and a chunk's array is reused). */
export const CHUNK_ROWS = 4096;

/**
 * Reads CSV records from a byte stream in input order, in chunks of at most CHUNK_ROWS. A record csv-parse cannot
 * read (an unclosed quote, say) is not lost: it comes out in its place as `{ error }`. Empty lines are skipped
 * (they are not rows). The first record is the header; the caller decides what it means.
 */
export async function* readCsvRecords(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<CsvRecord[]> {
  let queue: CsvRecord[] = [];
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    bom: true,
    // Taking records in the callbacks (and keeping none in the stream) keeps records and errors in input order.
    on_record: (fields: string[]) => {
      queue.push({ fields });
      return null;
    },
    on_skip: (error: CsvError | undefined) => {
      queue.push({ error: `unreadable CSV row: ${error?.message ?? 'unknown error'}` });
    },
  });
  const write = (chunk: Uint8Array | string) =>
    new Promise<void>((resolve, reject) => parser.write(chunk, (error) => (error ? reject(error) : resolve())));
  const drain = function* (final: boolean): Generator<CsvRecord[]> {
    while (queue.length >= CHUNK_ROWS || (final && queue.length > 0)) {
      const taken = queue.length > CHUNK_ROWS ? queue.splice(0, CHUNK_ROWS) : queue;
      if (taken === queue) queue = [];
      yield taken;
    }
  };
  for await (const chunk of input) {
    await write(chunk);
    yield* drain(false);
  }
  await new Promise<void>((resolve, reject) => {
    parser.once('error', reject);
    parser.end(() => resolve());
    parser.resume();
  });
  yield* drain(true);
}
