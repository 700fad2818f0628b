// The store layout and its write order, shared by every backend:
//   <key path>/<version>/model.onnx and <key path>/<version>/bundle.json, then <key path>/latest (the version name).
// `latest` is written last, so a reader following it always finds a complete version. A version above `latest`
// is the remnant of an interrupted save: it is never listed or loaded, and the next save deletes it.
import type { Bundle, BundleManifest } from './bundle.js';
import { InvalidInputError, StoreCorruptError } from './errors.js';
import { keyPath, sameKey, validateKey } from './key-encoding.js';
import type { ModelStore, VersionRef } from './model-store.js';
import type { ObjectBackend } from './object-backend.js';
import { pauseBeforeLatestIfAsked } from './test-hooks.js';
import { formatVersion, parseVersion, versionNumber } from './version.js';

export interface VersionedStoreOptions {
  /** Versions kept per key after each save (older ones pruned); undefined keeps all. */
  keep?: number;
  /** Clock for savedAt (tests). */
  now?: () => Date;
}

const MANIFEST_FILE = 'bundle.json';
const MODEL_FILE = 'model.onnx';
const LATEST_FILE = 'latest';
/**
 * Reads of 'latest' while saves keep moving it: a reader that lost the race to a pruning save reads the pointer
 * again, as long as the pointer moved (a save is in progress). A pointer that stays put on a missing version is
 * corruption: a save never prunes the version it points at. The cap only bounds a reader behind a writer that
 * never stops.
 */
const LATEST_READ_ATTEMPTS = 50;
/** Reads of a pointer that reads as garbage before it is called corrupt (see readLatest). */
const POINTER_READ_ATTEMPTS = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function validateKeep(keep: unknown, what: string): number {
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1) {
    throw new InvalidInputError(`${what} must be an integer >= 1, got ${String(keep)}`);
  }
  return keep;
}

export class VersionedStore implements ModelStore {
  readonly location: string;
  private readonly keep: number | undefined;
  private readonly now: () => Date;

  constructor(private readonly backend: ObjectBackend, options: VersionedStoreOptions = {}) {
    this.location = backend.location;
    this.keep = options.keep === undefined ? undefined : validateKeep(options.keep, 'keep');
    this.now = options.now ?? (() => new Date());
  }

  async save(key: readonly string[], bundle: Bundle): Promise<string> {
    return (await this.saveVersion(key, bundle)).manifest.version!;
  }

  async saveVersion(key: readonly string[], bundle: Bundle): Promise<Bundle> {
    const dir = keyPath(key);
    const model = validateBundle(bundle, key);
    const latest = await this.readLatest(dir);
    const present = await this.versionNumbers(dir);
    const highest = Math.max(latest ?? 0, ...present);
    const abandoned = present.filter((n) => latest === null || n > latest);
    await Promise.all(abandoned.map((n) => this.backend.removeTree(`${dir}/${formatVersion(n)}`)));
    await this.backend.cleanLeftovers?.(dir);

    const version = formatVersion(highest + 1);
    const manifest: BundleManifest = { ...bundle.manifest, key: [...key], version, savedAt: this.now().toISOString() };
    let manifestText: string;
    try {
      manifestText = JSON.stringify(manifest);
    } catch (err) {
      throw new InvalidInputError(`bundle manifest is not JSON-serialisable: ${(err as Error).message}`, { cause: err });
    }
    // The two files may land in any order: neither is visible to readers until `latest` names the version.
    await Promise.all([
      this.backend.put(`${dir}/${version}/${MODEL_FILE}`, model),
      this.backend.put(`${dir}/${version}/${MANIFEST_FILE}`, encoder.encode(manifestText)),
    ]);
    await pauseBeforeLatestIfAsked(version);
    await this.backend.put(`${dir}/${LATEST_FILE}`, encoder.encode(version));
    if (this.keep !== undefined) {
      // The complete versions are known from the listing above: no need to read the pointer and list again.
      const complete = present.filter((n) => latest !== null && n <= latest);
      await this.removeOldest(dir, [...complete, highest + 1], this.keep);
    }
    // Parsed back from the text written, so it is what a load reads (fields JSON drops are gone here too), and
    // the model as a plain Uint8Array view, as a load gives it (a trainer's export may be a Buffer).
    return { manifest: JSON.parse(manifestText) as BundleManifest, model: new Uint8Array(model.buffer, model.byteOffset, model.byteLength) };
  }

  async load(key: readonly string[], version: VersionRef = 'latest'): Promise<Bundle | null> {
    const dir = keyPath(key);
    if (version === 'latest') {
      // A concurrent save with pruning may delete the version between reading the pointer and its files.
      let previous: number | null = null;
      for (let attempt = 0; attempt < LATEST_READ_ATTEMPTS; attempt++) {
        const latest = await this.readLatest(dir);
        if (latest === null) return null;
        if (latest === previous) break; // the pointer stayed on a missing version: not a race
        const bundle = await this.readVersion(dir, formatVersion(latest), key);
        if (bundle !== null) return bundle;
        previous = latest;
      }
      throw new StoreCorruptError(`${this.location}: 'latest' of key ${JSON.stringify(key)} points at a missing version`);
    }
    const wanted = parseVersion(version);
    const latest = await this.readLatest(dir);
    if (latest === null || wanted > latest) return null;
    return this.readVersion(dir, version, key);
  }

  async latestVersion(key: readonly string[]): Promise<string | null> {
    const latest = await this.readLatest(keyPath(key));
    return latest === null ? null : formatVersion(latest);
  }

  async listVersions(key: readonly string[]): Promise<string[]> {
    return (await this.completeVersions(keyPath(key))).map(formatVersion);
  }

  async delete(key: readonly string[], version?: string): Promise<string[]> {
    const dir = keyPath(key);
    if (version === undefined) {
      // Pointer first: from then on readers see "no model" rather than a version being taken apart.
      const all = await this.versionNumbers(dir);
      await this.backend.remove(`${dir}/${LATEST_FILE}`);
      await Promise.all(all.map((n) => this.backend.removeTree(`${dir}/${formatVersion(n)}`)));
      await this.backend.cleanLeftovers?.(dir);
      return all.map(formatVersion);
    }
    const wanted = parseVersion(version);
    const complete = await this.completeVersions(dir);
    if (!complete.includes(wanted)) return [];
    if (wanted === complete[complete.length - 1]) {
      const previous = complete[complete.length - 2];
      if (previous === undefined) await this.backend.remove(`${dir}/${LATEST_FILE}`);
      else await this.backend.put(`${dir}/${LATEST_FILE}`, encoder.encode(formatVersion(previous)));
    }
    await this.backend.removeTree(`${dir}/${version}`);
    return [version];
  }

  async prune(key: readonly string[], keep: number): Promise<string[]> {
    return this.pruneDir(keyPath(key), validateKeep(keep, 'prune: keep'));
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  private async pruneDir(dir: string, keep: number): Promise<string[]> {
    return this.removeOldest(dir, await this.completeVersions(dir), keep);
  }

  private async removeOldest(dir: string, complete: number[], keep: number): Promise<string[]> {
    const doomed = complete.slice(0, Math.max(0, complete.length - keep)).map(formatVersion);
    await Promise.all(doomed.map((v) => this.backend.removeTree(`${dir}/${v}`)));
    return doomed;
  }

  private async readLatest(dir: string): Promise<number | null> {
    // S3 and the fs backend replace `latest` atomically; some S3 emulators do not, so a pointer that reads
    // as garbage is read again before it is called corrupt.
    for (let attempt = 1; ; attempt++) {
      const bytes = await this.backend.get(`${dir}/${LATEST_FILE}`);
      if (bytes === null) return null;
      const text = safeDecode(bytes)?.trim();
      const n = text === undefined ? null : versionNumber(text);
      if (n !== null) return n;
      if (attempt >= POINTER_READ_ATTEMPTS) {
        throw new StoreCorruptError(`${this.location}: ${dir}/${LATEST_FILE} does not name a version`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  }

  private async versionNumbers(dir: string): Promise<number[]> {
    const names = await this.backend.list(dir);
    const numbers: number[] = [];
    for (const name of names) {
      const n = versionNumber(name);
      if (n !== null) numbers.push(n);
    }
    return numbers.sort((a, b) => a - b);
  }

  private async completeVersions(dir: string): Promise<number[]> {
    const latest = await this.readLatest(dir);
    if (latest === null) return [];
    return (await this.versionNumbers(dir)).filter((n) => n <= latest);
  }

  private async readVersion(dir: string, version: string, key: readonly string[]): Promise<Bundle | null> {
    const [manifestBytes, model] = await Promise.all([
      this.backend.get(`${dir}/${version}/${MANIFEST_FILE}`),
      this.backend.get(`${dir}/${version}/${MODEL_FILE}`),
    ]);
    if (manifestBytes === null || model === null) return null;
    let manifest: unknown;
    try {
      manifest = JSON.parse(decoder.decode(manifestBytes));
    } catch (err) {
      throw new StoreCorruptError(`${this.location}: ${dir}/${version}/${MANIFEST_FILE} is not valid JSON`, { cause: err });
    }
    const storedKey = (manifest as { key?: unknown } | null)?.key;
    if (typeof manifest !== 'object' || manifest === null || !Array.isArray(storedKey) || !sameKey(storedKey, key)) {
      throw new StoreCorruptError(
        `${this.location}: ${dir}/${version}/${MANIFEST_FILE} belongs to key ${JSON.stringify(storedKey)}, not ${JSON.stringify(key)}`,
      );
    }
    return { manifest: manifest as BundleManifest, model };
  }
}

function safeDecode(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function validateBundle(bundle: Bundle, key: readonly string[]): Uint8Array {
  validateKey(key);
  if (typeof bundle !== 'object' || bundle === null) throw new InvalidInputError('save: bundle must be an object { manifest, model }');
  const { manifest, model } = bundle;
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new InvalidInputError('save: bundle.manifest must be a JSON object');
  }
  if (!(model instanceof Uint8Array)) throw new InvalidInputError('save: bundle.model must be a Uint8Array of model bytes');
  const manifestKey: unknown = (manifest as { key?: unknown }).key;
  if (manifestKey !== undefined && (!Array.isArray(manifestKey) || !sameKey(manifestKey, key))) {
    throw new InvalidInputError(`save: bundle.manifest.key ${JSON.stringify(manifestKey)} differs from the key ${JSON.stringify(key)}`);
  }
  return model;
}
