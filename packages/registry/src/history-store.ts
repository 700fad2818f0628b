// The trainer's recent points per key, kept next to the key's bundles: <key path>/history.json. The file is
// replaced whole by one atomic put (fs: temp file + rename; S3: one PUT), so a reader sees the old history or
// the new one, never a mix. Encoded key segments start with 'k' or are 'h' + 64 hex digits, and versions are
// 'v' + digits, so the name never collides with a key segment or a version of a key below it.
import { InvalidInputError, StoreCorruptError } from './errors.js';
import { keyPath, validateKey } from './key-encoding.js';
import type { ObjectBackend } from './object-backend.js';

/** A key's points, oldest first: t strictly ascending, one row of features.length finite values per t. */
export interface PointHistory {
  features: string[];
  /** Epoch ms. */
  t: number[];
  v: number[][];
}

const HISTORY_FILE = 'history.json';
const FORMAT = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export class HistoryStore {
  readonly location: string;

  constructor(private readonly backend: ObjectBackend) {
    this.location = backend.location;
  }

  /** The key's history, or null when none was saved. */
  async load(key: readonly string[]): Promise<PointHistory | null> {
    validateKey(key);
    const path = `${keyPath(key)}/${HISTORY_FILE}`;
    const bytes = await this.backend.get(path);
    if (bytes === null) return null;
    let doc: unknown;
    try {
      doc = JSON.parse(decoder.decode(bytes));
    } catch (err) {
      throw new StoreCorruptError(`${this.location}: ${path} is not valid JSON`, { cause: err });
    }
    const problem = historyProblem(doc, true);
    if (problem !== null) throw new StoreCorruptError(`${this.location}: ${path}: ${problem}`);
    const { features, t, v } = doc as PointHistory;
    return { features, t, v };
  }

  /** Replaces the key's history atomically; refuses a history that is not sorted, finite and rectangular. */
  async save(key: readonly string[], history: PointHistory): Promise<void> {
    validateKey(key);
    const problem = historyProblem(history, false);
    if (problem !== null) throw new InvalidInputError(`history of key ${JSON.stringify(key)}: ${problem}`);
    const doc = { format: FORMAT, features: history.features, t: history.t, v: history.v };
    await this.backend.put(`${keyPath(key)}/${HISTORY_FILE}`, encoder.encode(JSON.stringify(doc)));
  }

  async delete(key: readonly string[]): Promise<void> {
    validateKey(key);
    await this.backend.remove(`${keyPath(key)}/${HISTORY_FILE}`);
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

/** What is wrong with a history document, or null. Stored documents must also carry the format number. */
function historyProblem(doc: unknown, stored: boolean): string | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'must be an object { features, t, v }';
  const { format, features, t, v } = doc as Record<string, unknown>;
  if (stored && format !== FORMAT) return `unknown format ${JSON.stringify(format)} (expected ${FORMAT})`;
  if (!Array.isArray(features) || features.length === 0 || !features.every((f) => typeof f === 'string' && f !== '')) {
    return 'features must be a non-empty array of names';
  }
  if (!Array.isArray(t) || !Array.isArray(v)) return 't and v must be arrays';
  if (t.length !== v.length) return `t has ${t.length} timestamps but v has ${v.length} rows`;
  for (let i = 0; i < t.length; i++) {
    const stamp: unknown = t[i];
    if (typeof stamp !== 'number' || !Number.isFinite(stamp)) return `t[${i}] is not a finite number`;
    if (i > 0 && !(stamp > (t[i - 1] as number))) return `t[${i}] is not after t[${i - 1}] (timestamps must be strictly ascending)`;
    const row: unknown = v[i];
    if (!Array.isArray(row) || row.length !== features.length) return `v[${i}] must hold ${features.length} values`;
    for (let f = 0; f < row.length; f++) {
      const value: unknown = row[f];
      if (typeof value !== 'number' || !Number.isFinite(value)) return `v[${i}][${f}] is not a finite number`;
    }
  }
  return null;
}
