import type { ScoredPayload } from './payloads.js';

// ScoredPayload is what inference writes for every datum, so its encoding is on the hot path: written out by
// hand it costs about half of JSON.stringify's generic walk. The output is the JSON text JSON.stringify gives
// for a payload built in the field order below (strings escaped by JSON.stringify itself, non-finite numbers
// as null); test/flow.test.ts holds the two to that.

const str = (s: string): string => JSON.stringify(s);
const num = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');

function strings(a: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < a.length; i++) out += (i === 0 ? '' : ',') + str(a[i]!);
  return out + ']';
}

function numbers(a: readonly number[]): string {
  let out = '[';
  for (let i = 0; i < a.length; i++) out += (i === 0 ? '' : ',') + num(a[i]!);
  return out + ']';
}

/** The JSON text of a ScoredPayload (fields in the order of the interface). */
export function scoredJson(p: ScoredPayload): string {
  let scores = '[';
  for (let i = 0; i < p.scores.length; i++) {
    const s = p.scores[i]!;
    scores +=
      (i === 0 ? '' : ',') +
      `{"model":{"name":${str(s.model.name)},"version":${str(s.model.version)}},"source":${str(s.source)},"weight":${num(s.weight)},"errors":${numbers(s.errors)}}`;
  }
  scores += ']';
  return (
    `{"keys":${strings(p.keys)},"features":${strings(p.features)},"end":${num(p.end)},"densityClass":${str(p.densityClass)},` +
    `"status":${str(p.status)},"scores":${scores},"last":${numbers(p.last)}}`
  );
}
