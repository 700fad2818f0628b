import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { DROP_TAG } from '@numalogic/pipeline-spec';
import type { Message } from './inbox.js';

/** A JSONL file written with backpressure (waits for the stream to drain). */
export class JsonlFile {
  readonly path: string;
  readonly #stream: WriteStream;
  #lines = 0;

  constructor(path: string) {
    this.path = path;
    this.#stream = createWriteStream(path);
  }

  get lines(): number {
    return this.#lines;
  }

  async write(text: string): Promise<void> {
    this.#lines++;
    if (!this.#stream.write(text)) await once(this.#stream, 'drain');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#stream.end(resolve));
  }
}

/** What the sinks saw, counted once per message even when it reaches several sinks. */
export interface SinkTally {
  anomalies: number;
  invalid: number;
  modelsTrained: number;
  trainingEvents: Record<string, number>;
}

type Parsed = { json: unknown; ok: boolean };
const parsedOf = new WeakMap<Message, Parsed>();
const counted = new WeakSet<Message>();

function parse(message: Message): Parsed {
  let parsed = parsedOf.get(message);
  if (!parsed) {
    try {
      parsed = { json: JSON.parse(message.value.toString('utf8')), ok: true };
    } catch {
      parsed = { json: message.value.toString('utf8'), ok: false };
    }
    parsedOf.set(message, parsed);
  }
  return parsed;
}

/** Writes the sink vertices' outputs: one JSONL file per sink, and the main output file. */
export class SinkWriter {
  readonly tally: SinkTally = { anomalies: 0, invalid: 0, modelsTrained: 0, trainingEvents: {} };
  readonly #files: Map<string, JsonlFile>;
  readonly #out: JsonlFile | undefined;
  readonly #outSinks: Set<string>;
  readonly #alertLevel: number;

  constructor(files: Map<string, JsonlFile>, out: { file: JsonlFile; sinks: string[] } | undefined, alertLevel: number) {
    this.#files = files;
    this.#out = out?.file;
    this.#outSinks = new Set(out?.sinks ?? []);
    this.#alertLevel = alertLevel;
  }

  /** One line: the sink's name, keys, event time, tags, and the value (as JSON when it parses). */
  async write(sink: string, message: Message): Promise<void> {
    const parsed = parse(message);
    if (!counted.has(message)) {
      counted.add(message);
      this.#count(message, parsed);
    }
    const line = `${JSON.stringify({
      sink,
      keys: message.keys,
      eventTime: new Date(message.eventTime).toISOString(),
      tags: message.tags.filter((t) => t !== DROP_TAG),
      value: parsed.json,
    })}\n`;
    await this.#files.get(sink)?.write(line);
    if (this.#out && this.#outSinks.has(sink)) await this.#out.write(line);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#files.values(), ...(this.#out ? [this.#out] : [])].map((f) => f.close()));
  }

  #count(message: Message, parsed: Parsed): void {
    const value = parsed.ok && typeof parsed.json === 'object' && parsed.json !== null ? (parsed.json as Record<string, unknown>) : undefined;
    const score = value?.['anomalyScore'];
    if (message.tags.includes('anomaly') || (typeof score === 'number' && score >= this.#alertLevel)) this.tally.anomalies++;
    if (message.tags.includes('invalid') || value?.['status'] === 'invalid') this.tally.invalid++;
    // A TrainingEvent: the trainer's record of one key it considered.
    if (value && Array.isArray(value['versions']) && typeof value['historyPoints'] === 'number' && typeof value['status'] === 'string') {
      const status = value['status'];
      this.tally.trainingEvents[status] = (this.tally.trainingEvents[status] ?? 0) + 1;
      if (status === 'trained') this.tally.modelsTrained++;
    }
  }
}
