import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { DatumReader, encodeOutput, featureScoreRecord, invalidOutput, parseDatum, parseTimestamp } from '../src/datum/index.js';

const config = parseConfig({ keys: ['service', 'region'], features: ['latency', 'errors'], input: { maxBytes: 256 } });
const enc = new TextEncoder();

function reason(payload: string | Uint8Array, cfg = config): string {
  const r = parseDatum(payload, cfg);
  if (r.ok) throw new Error('expected a failure');
  return r.reason;
}

describe('parseDatum', () => {
  it('reads keys in order, timestamp and features into a Float64Array, from bytes or text', () => {
    const payload = '{"region":"eu","service":"api","timestamp":1767225600000,"latency":12.5,"errors":0,"extra":"ignored"}';
    for (const input of [payload, enc.encode(payload)]) {
      const r = parseDatum(input, config);
      expect(r).toEqual({ ok: true, datum: { keys: ['api', 'eu'], timestamp: 1_767_225_600_000, values: Float64Array.from([12.5, 0]) } });
    }
  });

  it('turns numeric key values into text', () => {
    const r = parseDatum('{"service":7,"region":"eu","timestamp":1767225600,"latency":1,"errors":2}', config);
    expect(r.ok && r.datum.keys).toEqual(['7', 'eu']);
  });

  it('gives a precise reason for each kind of bad input', () => {
    const base = { service: 'api', region: 'eu', timestamp: 1_767_225_600_000, latency: 1, errors: 2 };
    const json = (o: Record<string, unknown>) => JSON.stringify({ ...base, ...o });
    expect(reason('{"service":')).toMatch(/^invalid JSON: /);
    expect(reason('[1,2]')).toBe('payload is not a JSON object (got an array)');
    expect(reason('42')).toBe('payload is not a JSON object (got number)');
    expect(reason(json({ region: undefined }))).toBe("missing key field 'region'");
    expect(reason(json({ region: true }))).toBe("key field 'region' must be a string or a number, got boolean");
    expect(reason(json({ region: { a: 1 } }))).toBe("key field 'region' must be a string or a number, got an object");
    expect(reason(json({ errors: undefined }))).toBe("missing feature 'errors'");
    expect(reason(json({ errors: null }))).toBe("missing feature 'errors'");
    expect(reason(json({ errors: '3' }))).toMatch(/^feature 'errors' is the string '3', expected a number/);
    expect(reason(json({ errors: 'NaN' }))).toBe("feature 'errors' is NaN, expected a finite number");
    expect(reason(json({ errors: '-Infinity' }))).toBe("feature 'errors' is -Infinity, expected a finite number");
    expect(reason(json({ errors: [1] }))).toBe("feature 'errors' is an array, expected a number");
    expect(reason(json({ timestamp: undefined }))).toBe("missing timestamp field 'timestamp'");
    expect(reason(json({ timestamp: -5 }))).toMatch(/out of range/);
    expect(reason(json({ timestamp: 1e16 }))).toMatch(/out of range/);
    expect(reason(json({ timestamp: 'yesterday' }))).toMatch(/neither epoch milliseconds, epoch seconds nor ISO 8601/);
    expect(reason(json({ timestamp: true }))).toMatch(/^timestamp must be a number or an ISO 8601 string, got boolean/);
    expect(reason(json({ pad: 'x'.repeat(300) }))).toMatch(/^payload too large: \d+ bytes, limit 256$/);
  });

  it('rejects numbers that overflow to Infinity', () => {
    const text = '{"service":"a","region":"b","timestamp":1767225600000,"latency":1e999,"errors":0}';
    expect(reason(text)).toBe("feature 'latency' is not finite (Infinity)");
  });

  it('keeps huge and tiny magnitudes exactly', () => {
    const r = parseDatum('{"service":"a","region":"b","timestamp":1767225600000,"latency":1e300,"errors":1e-300}', config);
    expect(r.ok && Array.from(r.datum.values)).toEqual([1e300, 1e-300]);
  });

  it('accepts numeric strings only when configured', () => {
    const lenient = parseConfig({ keys: ['service'], features: ['latency'], input: { numericStrings: true } });
    const ok = parseDatum('{"service":"a","timestamp":1767225600000,"latency":" 12.5 "}', lenient);
    expect(ok.ok && ok.datum.values[0]).toBe(12.5);
    expect(reason('{"service":"a","timestamp":1767225600000,"latency":"12,5"}', lenient)).toBe("feature 'latency' is the string '12,5', expected a number");
    expect(reason('{"service":"a","timestamp":1767225600000,"latency":""}', lenient)).toMatch(/expected a number/);
  });

  it('measures the size of text in UTF-8 bytes', () => {
    const small = parseConfig({ keys: ['service'], features: ['v'], input: { maxBytes: 64 } });
    // 20 three-byte characters: 20 chars but 60 bytes of name, over the limit with the rest.
    const text = `{"service":"${'€'.repeat(20)}","timestamp":1,"v":1}`;
    expect(text.length).toBeLessThan(64);
    expect(reason(text, small)).toMatch(/^payload too large: 94 bytes/);
  });
});

describe('DatumReader', () => {
  it('gives the same results as parseDatum, reusing one datum', () => {
    const reader = new DatumReader(config);
    const inputs = [
      '{"service":"a","region":"b","timestamp":1767225600000,"latency":1,"errors":2}',
      '{"service":"a","region":"b","timestamp":1767225600000,"latency":"x","errors":2}',
      enc.encode('{"service":"c","region":"d","timestamp":1767225660,"latency":3,"errors":4}'),
      'nope',
    ];
    const first = reader.read(inputs[0]!);
    for (const input of inputs) {
      const expected = parseDatum(input, config);
      const actual = reader.read(input);
      expect(actual.ok).toBe(expected.ok);
      if (actual.ok && expected.ok) {
        expect(actual.datum).toEqual(expected.datum);
        expect(actual.datum).toBe(first.ok ? first.datum : null);
      }
      if (!actual.ok && !expected.ok) expect(actual.reason).toBe(expected.reason);
    }
  });
});

describe('parseTimestamp', () => {
  it('reads epoch seconds below 1e11 and milliseconds above in auto mode', () => {
    expect(parseTimestamp(1_767_225_600, 'auto')).toBe(1_767_225_600_000);
    expect(parseTimestamp(1_767_225_600_000, 'auto')).toBe(1_767_225_600_000);
    expect(parseTimestamp(4_102_444_800, "auto")).toBe(4_102_444_800_000);
    expect(parseTimestamp(99_999_999_999, "auto")).toMatch(/out of range/);
    expect(parseTimestamp(100_000_000_000, 'auto')).toBe(100_000_000_000);
    expect(parseTimestamp(1.5, 'auto')).toBe(1500);
  });

  it('obeys a fixed unit', () => {
    expect(parseTimestamp(1000, 'ms')).toBe(1000);
    expect(parseTimestamp(1_767_225_600_000, 's')).toMatch(/out of range/);
  });

  it('reads ISO 8601 with and without a zone, and digit strings', () => {
    expect(parseTimestamp('2026-01-01T00:00:00Z', 'auto')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTimestamp('2026-01-01T01:30:00+01:30', 'auto')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTimestamp('2026-01-01 00:00:01.5', 'auto')).toBe(Date.UTC(2026, 0, 1, 0, 0, 1, 500));
    expect(parseTimestamp('2026-01-01', 'auto')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTimestamp('1767225600', 'auto')).toBe(1_767_225_600_000);
    expect(parseTimestamp('2026-13-01T00:00:00Z', 'auto')).toMatch(/not a valid date/);
    expect(parseTimestamp(Number.NaN, 'auto')).toBe('timestamp is not a finite number');
  });
});

describe('output datum', () => {
  it('encodes to JSON with rounded scores', () => {
    const bytes = encodeOutput({
      keys: ['api'],
      timestamp: 10,
      anomalyScore: 4.621171572600098,
      featureScores: { latency: 1.23456789, errors: Number.NaN },
      status: 'scored',
      model: { name: 'autoencoder', version: '3' },
    });
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({
      keys: ['api'],
      timestamp: 10,
      anomalyScore: 4.6212,
      featureScores: { latency: 1.2346, errors: 0 },
      status: 'scored',
      model: { name: 'autoencoder', version: '3' },
    });
  });

  it('names per-feature scores, leaving out NaN', () => {
    expect(featureScoreRecord(['a', 'b', 'c'], Float64Array.from([1, Number.NaN, 3]))).toEqual({ a: 1, c: 3 });
  });

  it('builds invalid outputs with their reason', () => {
    const out = JSON.parse(new TextDecoder().decode(encodeOutput(invalidOutput('missing feature x'))));
    expect(out).toMatchObject({ status: 'invalid', anomalyScore: 0, reason: 'missing feature x', model: null });
  });
});
