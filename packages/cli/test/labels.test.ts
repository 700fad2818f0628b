import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelError, eventsForFile, loadLabelWindows } from '../src/eval/labels.js';

describe('NAB windows files', () => {
  it("reads NAB's combined_windows.json format and matches files by their path relative to the data folder", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numalogic-labels-'));
    const file = path.join(dir, 'combined_windows.json');
    // Entries as NAB writes them (microsecond times without a zone, read as UTC).
    writeFileSync(file, JSON.stringify({
      'artificialNoAnomaly/art_flatline.csv': [],
      'artificialWithAnomaly/art_daily_jumpsup.csv': [['2014-04-10 16:15:00.000000', '2014-04-12 01:45:00.000000']],
      'realKnownCause/nyc_taxi.csv': [['2014-10-30 15:30:00.000000', '2014-11-03 22:30:00.000000'], ['2014-11-25 12:00:00.000000', '2014-11-29 19:00:00.000000']],
    }, null, 1));
    const windows = loadLabelWindows(file);
    const events = eventsForFile(windows, '/data/nab/data/artificialWithAnomaly/art_daily_jumpsup.csv');
    expect(events).toEqual([{ start: Date.parse('2014-04-10T16:15:00Z'), end: Date.parse('2014-04-12T01:45:00Z') }]);
    expect(eventsForFile(windows, 'data/artificialNoAnomaly/art_flatline.csv')).toEqual([]);
    expect(eventsForFile(windows, '/nab/realKnownCause/nyc_taxi.csv')).toHaveLength(2);
  });

  it('refuses a file without an entry and a malformed windows file, naming what is wrong', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numalogic-labels-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ 'a/b.csv': [['2020-01-01 00:00:00', '2020-01-02 00:00:00']] }));
    expect(() => eventsForFile(loadLabelWindows(good), '/data/a/c.csv')).toThrow(/no label entry for \/data\/a\/c.csv/);
    expect(eventsForFile(loadLabelWindows(good), '/x/a/b.csv')).toHaveLength(1);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ 'a/b.csv': [['2020-01-02', 'yesterday']] }));
    expect(() => loadLabelWindows(bad)).toThrow(LabelError);
    expect(() => loadLabelWindows(bad)).toThrow(/"a\/b.csv"\[0\]: end timestamp 'yesterday'/);
    writeFileSync(bad, JSON.stringify({ 'a/b.csv': [['2020-01-02', '2020-01-01']] }));
    expect(() => loadLabelWindows(bad)).toThrow(/end is before start/);
  });
});
