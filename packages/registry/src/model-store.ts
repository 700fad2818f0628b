import type { Bundle } from './bundle.js';

/** 'latest' or a version name as returned by save (v + 12 digits). */
export type VersionRef = 'latest' | string;

/** Versioned bundles per composite key. Every store (fs, scratch, s3) offers exactly this. */
export interface ModelStore {
  /** Where the store lives, for logs and error messages. */
  readonly location: string;
  /** Writes a new version (files first, the `latest` pointer last) and returns its name. */
  save(key: readonly string[], bundle: Bundle): Promise<string>;
  /** save, returning the bundle as a load would now read it (manifest with key, version and savedAt). */
  saveVersion(key: readonly string[], bundle: Bundle): Promise<Bundle>;
  /** The bundle of a version, or null when the key (or that version) has no complete model. */
  load(key: readonly string[], version?: VersionRef): Promise<Bundle | null>;
  /** The version `latest` points at, or null. */
  latestVersion(key: readonly string[]): Promise<string | null>;
  /** Complete versions of a key, oldest first. */
  listVersions(key: readonly string[]): Promise<string[]>;
  /** Deletes one version (moving `latest` back if needed), or every version of the key; returns the versions deleted. */
  delete(key: readonly string[], version?: string): Promise<string[]>;
  /** Keeps the newest `keep` versions (>= 1) and deletes the rest; returns the versions deleted. */
  prune(key: readonly string[], keep: number): Promise<string[]>;
  close(): Promise<void>;
}
