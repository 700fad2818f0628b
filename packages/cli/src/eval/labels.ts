import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTimestamp } from '@numalogic/core';
import type { LabelledEvent } from './metrics.js';

/** Label windows per data file, as in NAB's combined_windows.json: relative path -> [[start, end], ...]. */
export type LabelWindows = Map<string, LabelledEvent[]>;

export class LabelError extends Error {
  override readonly name = 'LabelError';
}

/** Reads a NAB-format windows file; every mistake names the entry. */
export function loadLabelWindows(file: string): LabelWindows {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LabelError(`labels ${file}: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new LabelError(`labels ${file}: expected an object of "relative/path.csv": [[start, end], ...]`);
  }
  const windows: LabelWindows = new Map();
  for (const [name, spans] of Object.entries(doc)) {
    if (!Array.isArray(spans)) throw new LabelError(`labels ${file}: "${name}" must be a list of [start, end] pairs`);
    windows.set(
      name,
      spans.map((span: unknown, i) => {
        const where = `labels ${file}: "${name}"[${i}]`;
        if (!Array.isArray(span) || span.length !== 2) throw new LabelError(`${where} must be a [start, end] pair`);
        const [start, end] = span.map((t: unknown) => parseTimestamp(t, 'auto'));
        if (typeof start === 'string') throw new LabelError(`${where}: start ${start}`);
        if (typeof end === 'string') throw new LabelError(`${where}: end ${end}`);
        if (end! < start!) throw new LabelError(`${where}: end is before start`);
        return { start: start!, end: end! };
      }),
    );
  }
  return windows;
}

/**
 * The label windows of one data file: the entry whose relative path the file's path ends with (NAB's keys are
 * paths relative to its data folder). A file without an entry is an error (it would silently count as clean).
 */
export function eventsForFile(windows: LabelWindows, file: string): LabelledEvent[] {
  const normalised = path.resolve(file).split(path.sep).join('/');
  let best: string | null = null;
  for (const name of windows.keys()) {
    const relative = name.split('\\').join('/').replace(/^\.?\//, '');
    if ((normalised === relative || normalised.endsWith(`/${relative}`)) && (best === null || relative.length > best.length)) best = name;
  }
  if (best === null) throw new LabelError(`no label entry for ${file} (keys are paths relative to the data folder, e.g. "realKnownCause/nyc_taxi.csv")`);
  return windows.get(best)!;
}

/** Truthy label cells: 1 (or any non-zero number), true, yes, y, anomaly; everything else is normal. */
export function isLabelled(cell: string | undefined): boolean {
  if (cell === undefined) return false;
  const text = cell.trim().toLowerCase();
  if (text === '' || text === '0' || text === 'false' || text === 'no' || text === 'n') return false;
  const n = Number(text);
  if (!Number.isNaN(n)) return n !== 0;
  return text === 'true' || text === 'yes' || text === 'y' || text === 'anomaly';
}

/** Events from a label column: each run of consecutive labelled rows, from its first row's time to its last's. */
export function eventsFromLabels(timestamps: ArrayLike<number>, labelled: ArrayLike<number | boolean>): LabelledEvent[] {
  const events: LabelledEvent[] = [];
  let open: LabelledEvent | null = null;
  for (let i = 0; i < timestamps.length; i++) {
    if (labelled[i]) {
      if (open) open.end = timestamps[i]!;
      else events.push((open = { start: timestamps[i]!, end: timestamps[i]! }));
    } else {
      open = null;
    }
  }
  return events;
}
