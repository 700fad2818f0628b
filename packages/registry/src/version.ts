// Versions are a per-key counter, zero-padded so that string order is numeric order: v000000000001, ...
// A save takes one more than the highest version present (complete or abandoned), so numbers only grow while
// the key has versions; a version number is reused only if the newest version is deleted explicitly.
import { InvalidInputError } from './errors.js';

const DIGITS = 12;
const VERSION_PATTERN = /^v\d{12}$/;

export function formatVersion(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n >= 10 ** DIGITS) throw new RangeError(`version number out of range: ${n}`);
  return 'v' + String(n).padStart(DIGITS, '0');
}

/** The number of a version name, or null when the name is not a version (used when listing a directory). */
export function versionNumber(name: string): number | null {
  return VERSION_PATTERN.test(name) ? Number(name.slice(1)) : null;
}

/** Like versionNumber, for a version a caller passed in: anything else is refused before it reaches a path. */
export function parseVersion(version: unknown): number {
  const n = typeof version === 'string' ? versionNumber(version) : null;
  if (n === null || n < 1) {
    throw new InvalidInputError(`invalid model version ${JSON.stringify(version)}: expected 'latest' or v + 12 digits`);
  }
  return n;
}
