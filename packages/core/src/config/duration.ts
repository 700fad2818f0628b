const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;

/**
 * Parses '500ms', '30s', '15m', '24h', '7d', '1w' and sums like '1h30m' into milliseconds.
 * Returns null for anything else (no sign, no spaces, at least one part).
 */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(s); match; match = PART.exec(s)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    consumed = PART.lastIndex;
  }
  return consumed === s.length ? total : null;
}
