import { describe, expect, it } from 'vitest';
import { DROP_TAG, parseDuration, shouldForward } from '../src/index.js';

describe('shouldForward follows the platform rules', () => {
  it('forwards everything without conditions or values', () => {
    expect(shouldForward(undefined, undefined)).toBe(true);
    expect(shouldForward({ operator: 'or', values: [] }, ['x'])).toBe(true);
  });
  it('or: any tag', () => {
    expect(shouldForward({ operator: 'or', values: ['a', 'b'] }, ['b'])).toBe(true);
    expect(shouldForward({ operator: 'or', values: ['a', 'b'] }, ['c'])).toBe(false);
    expect(shouldForward({ operator: 'or', values: ['a'] }, undefined)).toBe(false);
  });
  it('and: every tag', () => {
    expect(shouldForward({ operator: 'and', values: ['a', 'b'] }, ['b', 'a', 'c'])).toBe(true);
    expect(shouldForward({ operator: 'and', values: ['a', 'b'] }, ['a'])).toBe(false);
  });
  it('not: none of the tags, and untagged messages pass', () => {
    expect(shouldForward({ operator: 'not', values: ['a'] }, ['b'])).toBe(true);
    expect(shouldForward({ operator: 'not', values: ['a'] }, undefined)).toBe(true);
    expect(shouldForward({ operator: 'not', values: ['a'] }, ['a', 'b'])).toBe(false);
  });
  it('a dropped message goes nowhere, whatever the edge', () => {
    expect(shouldForward(undefined, [DROP_TAG])).toBe(false);
    expect(shouldForward({ operator: 'not', values: ['a'] }, [DROP_TAG])).toBe(false);
  });
});

describe('parseDuration', () => {
  it('reads Go durations', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('0')).toBe(0);
  });
  it('rejects what is not one', () => {
    expect(() => parseDuration('10')).toThrow(/duration/);
    expect(() => parseDuration('5 minutes')).toThrow(/duration/);
    expect(() => parseDuration('')).toThrow(/duration/);
  });
});
