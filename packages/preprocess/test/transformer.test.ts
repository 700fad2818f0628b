import { describe, expect, it } from 'vitest';
import { decodePoint, parseConfig } from '@numalogic/core';
import { transformEvent } from '../src/transformer.js';
import { preprocessRole } from '../src/role.js';

const config = parseConfig({ keys: ['service', 'region'], features: ['latency', 'errors'], input: { maxBytes: 256 } });
const bytes = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o));

describe('transformEvent', () => {
  it('turns an event into the key, its event time and a PointPayload the reduce decodes', () => {
    const out = transformEvent(bytes({ timestamp: '2026-01-01T00:01:00Z', service: 'api', region: 7, latency: 12.5, errors: 0, other: 'x' }), config);
    expect(out).toEqual({ ok: true, keys: ['api', '7'], eventTime: Date.parse('2026-01-01T00:01:00Z'), point: { t: Date.parse('2026-01-01T00:01:00Z'), v: [12.5, 0] } });
    if (!out.ok) throw new Error('unreachable');
    expect(decodePoint(JSON.stringify(out.point))).toEqual({ ok: true, value: out.point });
  });

  it('marks a retrain request with force, and only for retrain: true', () => {
    const event = { timestamp: 1_700_000_000, service: 'api', region: 'eu', latency: 1, errors: 2 };
    const forced = transformEvent(bytes({ ...event, retrain: true }), config);
    const notForced = transformEvent(bytes({ ...event, retrain: 'yes' }), config);
    expect(forced.ok && forced.point.force).toBe(true);
    expect(notForced.ok && 'force' in notForced.point).toBe(false);
    // seconds in auto mode
    expect(forced.ok && forced.eventTime).toBe(1_700_000_000_000);
  });

  it.each([
    ['empty', '', /empty/],
    ['not JSON', '{"service":', /not UTF-8 JSON/],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), /not UTF-8 JSON/],
    ['over maxBytes', JSON.stringify({ pad: 'x'.repeat(300) }), /exceeds input.maxBytes \(256\)/],
    ['a string for a number', { timestamp: 1, service: 'a', region: 'b', latency: '12', errors: 0 }, /latency/],
    ['NaN string', { timestamp: 1, service: 'a', region: 'b', latency: 'NaN', errors: 0 }, /latency/],
    ['missing key field', { timestamp: 1, region: 'b', latency: 1, errors: 0 }, /service/],
  ])('refuses %s with a reason', (_name, input, reason) => {
    const out = transformEvent(Buffer.isBuffer(input) ? input : bytes(input), config);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(reason);
  });
});

describe('preprocessRole', () => {
  it('takes --role first, then the container type, else reduce', () => {
    expect(preprocessRole(['--role', 'transformer'], {})).toBe('transformer');
    expect(preprocessRole(['--role=reduce'], { NUMAFLOW_UD_CONTAINER_TYPE: 'transformer' })).toBe('reduce');
    expect(preprocessRole([], { NUMAFLOW_UD_CONTAINER_TYPE: 'transformer' })).toBe('transformer');
    expect(preprocessRole([], {})).toBe('reduce');
    expect(() => preprocessRole(['--role', 'map'], {})).toThrow(/transformer' or 'reduce'/);
  });
});

describe('EMITTED_TAGS', () => {
  it('names every tag of the default configuration: invalid and each density class', async () => {
    const { EMITTED_TAGS } = await import('../src/index.js');
    const { parseConfig: parse } = await import('@numalogic/core');
    for (const cls of parse({}).densityClasses) expect(EMITTED_TAGS).toContain(cls.name);
    expect(EMITTED_TAGS).toContain('invalid');
  });
});
