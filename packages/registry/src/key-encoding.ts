// Composite keys become path segments by an encoding that is injective and safe on any filesystem or S3:
//  - every character of the output is one of [a-z0-9._~-] plus '/', so case-folding filesystems, Unicode
//    normalisation (macOS) and path tricks ('..', '\', NUL) have nothing to act on;
//  - each component is encoded by a prefix-free code (literal, '_'+letter, '.'+2 hex, '~'+4 hex over UTF-16
//    code units), so it decodes back uniquely, lone surrogates included;
//  - each segment starts with 'k', so it is never empty, '.', '..', a version ('v...') or 'latest';
//  - a key whose path would exceed the length budget becomes one segment 'h' + SHA-256 of its full encoded
//    path. Two such keys share a directory only on a SHA-256 collision, and the store also writes the full
//    key into the manifest and refuses to return a bundle whose key differs.
import { createHash } from 'node:crypto';
import { InvalidInputError } from './errors.js';

/** Longest segment produced: well under the 255-byte file-name limit of ext4, xfs, APFS and NTFS. */
export const MAX_SEGMENT_LENGTH = 200;
/** Longest key path produced: leaves room for a prefix within S3's 1024-byte object-name limit. */
export const MAX_KEY_PATH_LENGTH = 400;
/** Refuse absurd keys outright rather than hashing megabytes on every lookup. */
export const MAX_KEY_CHARS = 65536;

const HEX2 = /^[0-9a-f]{2}$/;
const HEX4 = /^[0-9a-f]{4}$/;

export function encodeKeyComponent(component: string): string {
  let out = '';
  for (let i = 0; i < component.length; i++) {
    const c = component.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) out += component[i];
    else if (c >= 0x41 && c <= 0x5a) out += '_' + String.fromCharCode(c + 0x20);
    else if (c < 0x100) out += '.' + c.toString(16).padStart(2, '0');
    else out += '~' + c.toString(16).padStart(4, '0');
  }
  return out;
}

/** Inverse of encodeKeyComponent; throws on text it could not have produced. */
export function decodeKeyComponent(encoded: string): string {
  let out = '';
  let i = 0;
  while (i < encoded.length) {
    const ch = encoded[i]!;
    if (/[a-z0-9-]/.test(ch)) {
      out += ch;
      i += 1;
    } else if (ch === '_' && /[a-z]/.test(encoded[i + 1] ?? '')) {
      out += encoded[i + 1]!.toUpperCase();
      i += 2;
    } else if (ch === '.' && HEX2.test(encoded.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 3;
    } else if (ch === '~' && HEX4.test(encoded.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(encoded.slice(i + 1, i + 5), 16));
      i += 5;
    } else {
      throw new InvalidInputError(`not an encoded key component: ${JSON.stringify(encoded)}`);
    }
  }
  return out;
}

export function validateKey(key: unknown): asserts key is readonly string[] {
  if (!Array.isArray(key) || key.length === 0) {
    throw new InvalidInputError('a model key must be a non-empty array of strings');
  }
  let chars = 0;
  for (let i = 0; i < key.length; i++) {
    const component: unknown = key[i];
    if (typeof component !== 'string') {
      throw new InvalidInputError(`model key component ${i} is ${typeof component}, expected a string`);
    }
    chars += component.length;
  }
  if (chars > MAX_KEY_CHARS) {
    throw new InvalidInputError(`model key is ${chars} characters long; the limit is ${MAX_KEY_CHARS}`);
  }
}

/** The relative path ('/'-separated) under the store root where a key's versions live. */
export function keyPath(key: readonly string[]): string {
  validateKey(key);
  const segments = key.map((component) => 'k' + encodeKeyComponent(component));
  const joined = segments.join('/');
  if (joined.length <= MAX_KEY_PATH_LENGTH && segments.every((s) => s.length <= MAX_SEGMENT_LENGTH)) {
    return joined;
  }
  return 'h' + createHash('sha256').update(joined).digest('hex');
}

/** Decodes a key path back to its key, or returns null for a hashed path (whose key lives in the manifest). */
export function decodeKeyPath(path: string): string[] | null {
  if (path.startsWith('h')) return null;
  return path.split('/').map((segment) => {
    if (!segment.startsWith('k')) throw new InvalidInputError(`not an encoded key path: ${JSON.stringify(path)}`);
    return decodeKeyComponent(segment.slice(1));
  });
}

export function sameKey(a: readonly unknown[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
