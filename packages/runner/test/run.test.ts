import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSummary, runPipeline, RunAbortedError, VertexDiedError } from '../src/index.js';
import { FIXTURES, fixtureImages, processesWith, readJsonl, tempDir, writeLines } from './helpers.js';

const MIN = 60_000;
const ev = (k: string, minutes: number, v: number) => JSON.stringify({ k, t: minutes * MIN, v });

describe('runPipeline on the windows test pipeline', () => {
  it('closes sliding windows by watermark, applies edge conditions, drops late data and writes every sink', async () => {
    const dir = tempDir();
    const marker = randomUUID();
    const input = writeLines(dir, 'events.jsonl', [
      ev('a', 0.5, 1),
      ev('b', 0.5, 10),
      ev('a', 1.5, 2),
      ev('b', 1.5, 20),
      ev('a', 2.5, 4), // watermark 2.5 min: windows ending at 1 and 2 min close
      'not json',
      ev('a', 0.2, 100), // both its windows closed: late, dropped
      ev('b', 3.2, 40), // watermark 3.2 min: the window ending at 3 min closes
      ev('a', 2.9, 8), // its [1,3) window closed, its [2,4) window still open: accepted there only
    ]);
    const out = join(dir, 'main.jsonl');
    const summary = await runPipeline({
      pipelinePath: join(FIXTURES, 'windows.yaml'),
      source: input,
      runDir: join(dir, 'run'),
      store: join(dir, 'models'),
      out,
      batchSize: 1,
      handleSignals: false,
      images: fixtureImages(marker, { 'test/stamp:1': 'stamp.mjs', 'test/sum:1': 'sum.mjs', 'test/tag:1': 'tag.mjs' }),
    });

    const windowsOf = (sink: string) =>
      readJsonl(summary.sinkFiles[sink]!)
        .map((line) => {
          expect(line.sink).toBe(sink);
          const w = line.value as { key: string; start: number; end: number; sum: number; count: number };
          // A reduce result carries the window's end - 1 ms as its event time, and its keys.
          expect(Date.parse(line.eventTime)).toBe(w.end - 1);
          expect(line.keys).toEqual([w.key]);
          return `${w.key} ${w.start / MIN}..${w.end / MIN} sum=${w.sum} n=${w.count} ${line.tags.join(',')}`;
        })
        .sort();
    expect(windowsOf('all')).toEqual([
      'a 0..2 sum=3 n=2 low',
      'a 1..3 sum=6 n=2 low',
      'a 2..4 sum=12 n=2 high',
      'b -1..1 sum=10 n=1 low',
      'b 0..2 sum=30 n=2 high',
      'b 1..3 sum=20 n=1 high',
      'b 2..4 sum=40 n=1 high',
      'b 3..5 sum=40 n=1 high',
    ]);
    // a's first window (sum 1) was dropped by the map with the drop tag: it reaches no sink.
    expect(windowsOf('high')).toEqual(['a 2..4 sum=12 n=2 high', 'b 0..2 sum=30 n=2 high', 'b 1..3 sum=20 n=1 high', 'b 2..4 sum=40 n=1 high', 'b 3..5 sum=40 n=1 high']);
    const bad = readJsonl(summary.sinkFiles['bad']!);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.tags).toEqual(['invalid']);
    expect(bad[0]!.value).toMatchObject({ status: 'invalid' });
    // No sink named out: the main output file holds every sink's lines.
    expect(readJsonl(out)).toHaveLength(8 + 5 + 1);

    expect(summary.datumsIn).toBe(9);
    expect(summary.keys).toBe(2);
    expect(summary.late).toBe(1);
    expect(summary.invalid).toBe(1);
    expect(summary.windows).toBe(5);
    const byName = Object.fromEntries(summary.vertices.map((v) => [v.name, v]));
    expect(byName['in']).toMatchObject({ in: 9, out: 9 });
    expect(byName['sum']).toMatchObject({ in: 8, out: 9, late: 1, windows: 5 });
    expect(byName['tag']).toMatchObject({ in: 9, out: 8 });
    expect(byName['high']).toMatchObject({ in: 5 });
    expect(byName['sum']!.logPath).toBeDefined();
    expect(existsSync(byName['sum']!.logPath!)).toBe(true);
    const text = formatSummary(summary);
    expect(text).toContain('late datums      1');
    expect(text).toContain(summary.runDir);
    expect(processesWith(marker)).toEqual([]);
  });

  it('keeps data behind the watermark when the out-of-orderness allows it', async () => {
    const dir = tempDir();
    const marker = randomUUID();
    const input = writeLines(dir, 'events.jsonl', [ev('a', 0.5, 1), ev('a', 2.5, 4), ev('a', 0.2, 100)]);
    // No store given: a fresh one inside the run folder, so a rerun never scores with models of the same data.
    const summary = await runPipeline({
      pipelinePath: join(FIXTURES, 'windows.yaml'),
      source: input,
      runDir: join(dir, 'run'),
      batchSize: 1,
      outOfOrderMs: 3 * MIN,
      handleSignals: false,
      images: fixtureImages(marker, { 'test/stamp:1': 'stamp.mjs', 'test/sum:1': 'sum.mjs', 'test/tag:1': 'tag.mjs' }),
    });
    expect(summary.late).toBe(0);
    expect(summary.storeDir).toBe(join(dir, 'run', 'models'));
    expect(existsSync(summary.storeDir)).toBe(true);
    expect(formatSummary(summary)).toContain(`model store      ${summary.storeDir}`);
    const sums = readJsonl(summary.sinkFiles['all']!).map((l) => (l.value as { start: number; sum: number }).sum);
    expect(sums.sort((x, y) => x - y)).toEqual([4, 4, 101, 101]);
  });
});

describe('runPipeline sources', () => {
  it('reads a CSV file: header, numbers cast, one event per row', async () => {
    const dir = tempDir();
    const marker = randomUUID();
    const input = writeLines(dir, 'events.csv', ['k,t,v', `a,${0.5 * MIN},1`, `a,${1.5 * MIN},2`, `b,${1.5 * MIN},5`, `a,${2.5 * MIN},4`]);
    const summary = await runPipeline({
      pipelinePath: join(FIXTURES, 'windows.yaml'),
      source: input,
      runDir: join(dir, 'run'),
      store: join(dir, 'models'),
      handleSignals: false,
      images: fixtureImages(marker, { 'test/stamp:1': 'stamp.mjs', 'test/sum:1': 'sum.mjs', 'test/tag:1': 'tag.mjs' }),
    });
    expect(summary.datumsIn).toBe(4);
    expect(summary.invalid).toBe(0);
    const sums = readJsonl(summary.sinkFiles['all']!).map((l) => {
      const w = l.value as { key: string; start: number; sum: number };
      return `${w.key}@${w.start / MIN}=${w.sum}`;
    });
    // a: [-1,1)=1 is dropped by the map (sum < 2); [0,2)=3, [1,3)=6, [2,4)=4; b: [0,2)=5, [1,3)=5.
    expect(sums.sort()).toEqual(['a@0=3', 'a@1=6', 'a@2=4', 'b@0=5', 'b@1=5']);
  });
});

/** A run of fixtures/one-map.yaml whose one map vertex ("test/work:1") is played by `fixture`. */
function oneMap(dir: string, marker: string, fixture: string) {
  return {
    pipelinePath: join(FIXTURES, 'one-map.yaml'),
    runDir: join(dir, 'run'),
    store: join(dir, 'models'),
    handleSignals: false,
    images: fixtureImages(marker, { 'test/work:1': fixture }),
  };
}

/** What a promise rejects with; fails the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the run to fail'),
    (e: unknown) => e,
  );
}

describe('runPipeline failures', () => {
  it('names the CSV file and line of a malformed row', async () => {
    const dir = tempDir();
    const marker = randomUUID();
    const input = writeLines(dir, 'events.csv', ['k,t,v', `a,${0.5 * MIN},1`, `a,${1.5 * MIN}`]);
    await expect(
      runPipeline({
        pipelinePath: join(FIXTURES, 'windows.yaml'),
        source: input,
        runDir: join(dir, 'run'),
        store: join(dir, 'models'),
        handleSignals: false,
        images: fixtureImages(marker, { 'test/stamp:1': 'stamp.mjs', 'test/sum:1': 'sum.mjs', 'test/tag:1': 'tag.mjs' }),
      }),
    ).rejects.toThrow(new RegExp(`source ${input}: .*line 3`));
    expect(processesWith(marker)).toEqual([]);
  });

  it('fails naming the vertex whose child died, with its log tail, and leaves no process behind', async () => {
    const dir = tempDir();
    const marker = randomUUID();
    const input = writeLines(dir, 'events.jsonl', ['{"n":1}', '{"n":2}', '"boom"', '{"n":3}']);
    const err = await rejectionOf(runPipeline({ ...oneMap(dir, marker, 'crash.mjs'), source: input, batchSize: 1 }));
    expect(err).toBeInstanceOf(VertexDiedError);
    expect((err as VertexDiedError).vertex).toBe('work');
    expect((err as Error).message).toContain('exit code 3');
    expect((err as Error).message).toContain('crash fixture: got boom');
    expect(processesWith(marker)).toEqual([]);
  });

  it('fails naming a vertex that exits while starting, with its error line counted', async () => {
    const dir = tempDir();
    const marker = randomUUID();
    const err = await rejectionOf(runPipeline({ ...oneMap(dir, marker, 'exit-at-start.mjs'), source: 'generator', generator: { keys: 1, points: 10 } }));
    expect(err).toBeInstanceOf(VertexDiedError);
    expect((err as Error).message).toContain('vertex "work" stopped unexpectedly (exit code 1)');
    expect((err as Error).message).toContain('bad configuration');
    expect(processesWith(marker)).toEqual([]);
  });

  it('stops every child when the abort signal fires', async () => {
    const dir = tempDir();
    const marker = randomUUID();
    const controller = new AbortController();
    let seenPids: number[] = [];
    const run = runPipeline({
      ...oneMap(dir, marker, 'slow.mjs'),
      source: 'generator',
      generator: { keys: 5, points: 2000 },
      progressIntervalMs: 20,
      signal: controller.signal,
      onProgress: (p) => {
        seenPids = p.vertices.flatMap((v) => (v.pid ? [v.pid] : []));
        if (p.datumsRead > 0 && !controller.signal.aborted) controller.abort('test says stop');
      },
    });
    await expect(run).rejects.toBeInstanceOf(RunAbortedError);
    await expect(run).rejects.toThrow('test says stop');
    expect(seenPids.length).toBe(1);
    expect(processesWith(marker)).toEqual([]);
  });
});
