import { SeededRandom } from '@numalogic/core';

/** A seeded uniform generator (core's mulberry32), so that a failing property run can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

// Pieces chosen to break naive encodings: path syntax, case pairs (incl. ones Unicode folds: Kelvin sign, dotless
// i, sharp s), normalisation pairs, lone surrogates, our own escape characters and reserved names.
const PIECES = [
  '', '.', '..', '/', '\\', '\0', ' ', '\n', ':', '|', '*', '?', '%2F', '%', 'A', 'a', 'Z', 'z', 'K', '\u212A', 'k', 'h', 'v',
  'ß', 'ẞ', 'SS', 'İ', 'ı', 'i', 'é', 'e\u0301', 'Å', '\u212B', '😀', '\uD800', '\uDC00', '\uFFFD', '\uFEFF', '_', '_a', '.2f',
  '~', '~0041', '-', '0', 'latest', 'v000000000001', 'bundle.json', 'CON', 'nul', '.tmp-x',
];

export function randomHostileKey(random: () => number): string[] {
  const components = 1 + Math.floor(random() * 4);
  const key: string[] = [];
  for (let c = 0; c < components; c++) {
    let component = '';
    const pieces = Math.floor(random() * 7);
    for (let p = 0; p < pieces; p++) component += PIECES[Math.floor(random() * PIECES.length)];
    if (random() < 0.05) component += 'x'.repeat(Math.floor(random() * 4096));
    key.push(component);
  }
  return key;
}

/** An injective string form of a key for use as a Map key (JSON would do too; this is explicit). */
export function keyId(key: readonly string[]): string {
  return key.map((c) => `${c.length}:${c}`).join('');
}
