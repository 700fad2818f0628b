import { Readable, Writable } from 'node:stream';
import { generateDataset } from '@numalogic/core';

/** A one-key CSV (timestamp,value,label) of generated data with injected anomalies (labels from the generator). */
export function anomalyCsv(points: number, seed = 11, kinds: ('spike' | 'level-shift')[] = ['spike', 'level-shift']) {
  const data = generateDataset({ keys: 1, features: ['value'], points, seed, anomalies: { perKey: 4, kinds, cleanPrefix: Math.floor(points / 2) } });
  const lines = ['timestamp,value,label'];
  data.rows.forEach((row, i) => lines.push(`${new Date(row.timestamp).toISOString()},${row.values[0]!.toFixed(5)},${data.labels[i]}`));
  return { csv: `${lines.join('\n')}\n`, labels: data.labels, events: data.events, rows: data.rows };
}

/** Collects what a command writes. */
export class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export function source(text: string): Readable {
  // Odd-sized pieces, so records split across reads are covered.
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += 7919) pieces.push(text.slice(i, i + 7919));
  return Readable.from(pieces);
}

/** Output rows of `numalogic score` as objects (no quoted commas in what the tests read). */
export function parseScores(text: string): { timestamp: string; score: number; status: string; reason: string; keys: string[] }[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header!.split(',');
  const at = (name: string) => names.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    return {
      timestamp: cells[0]!,
      keys: cells.slice(1, at('anomaly_score')),
      score: Number(cells[at('anomaly_score')]),
      status: cells[at('status')]!,
      reason: cells.slice(at('reason')).join(','),
    };
  });
}
