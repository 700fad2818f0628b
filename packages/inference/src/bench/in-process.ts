// `node dist/bench/in-process.js` (npm run bench:in-process): the inference server's own work per window, with no
// gRPC around it: scoreGroup, as the scoring thread runs it on each group (decode the window frames, score them
// with the dense autoencoder bundle, encode the outputs into one buffer), on the stage the entrypoint builds, in
// groups of BENCH_GROUP (50 by default; groups grow with the load). Beside the time, the bytes allocated per window
// (V8's sampling heap profiler, counting objects already collected), which is what the server's scavenges pay
// for. Baseline in the same run: decoding and encoding alone (the same frames, a ScoredPayload made once).
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePayload, encodeWindowFrame, parseConfig, type WindowPayload } from '@numalogic/core';
import { createStore } from '@numalogic/registry';
import { createLogger } from '@numalogic/runtime';
import { entryStage } from '../entry-stage.js';
import { scoreGroup } from '../scoring/group.js';
import { decodeWindowFast } from '../window-decoder.js';
import { syntheticRows, trainFixtureBundle, windowOf } from './fixture-bundle.js';

const GROUP = Number(process.env['BENCH_GROUP'] ?? 50);
if (!(Number.isInteger(GROUP) && GROUP >= 1)) throw new Error(`BENCH_GROUP must be a whole number >= 1, got ${process.env['BENCH_GROUP']}`);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2_000);

interface HeapNode {
  selfSize: number;
  children: HeapNode[];
}

const sampledBytes = (node: HeapNode): number => node.children.reduce((sum, child) => sum + sampledBytes(child), node.selfSize);

/** Microseconds and allocated bytes per window of `round` (which handles GROUP windows), after a warm-up. */
async function measure(session: Session, round: () => Promise<unknown>): Promise<{ us: number; bytes: number }> {
  for (let i = 0; i < ROUNDS / 10; i++) await round();
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) await round();
  const us = ((performance.now() - started) * 1000) / (ROUNDS * GROUP);
  await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let i = 0; i < ROUNDS / 4; i++) await round();
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
  return { us, bytes: sampledBytes(profile.head) / ((ROUNDS / 4) * GROUP) };
}

const work = mkdtempSync(join(tmpdir(), 'inference-in-process-'));
try {
  const shape = { features: ['cpu', 'mem', 'latency'], window: 12, intervalMs: 60_000 };
  const folder = join(work, 'models');
  await trainFixtureBundle(createStore({ kind: 'fs', root: folder }), ['bench'], shape, { rows: 500, epochs: 10 });
  const config = parseConfig({
    keys: ['service'],
    features: shape.features,
    window: { points: shape.window, intervalMs: shape.intervalMs },
    models: { dense: [{ name: 'dense-autoencoder' }], sparse: [{ name: 'dense-autoencoder' }] },
    store: { kind: 'fs', folder },
  });
  const log = createLogger('inference-bench', { NUMALOGIC_LOG_LEVEL: 'silent' });
  const stage = entryStage(config, {}, log);
  const rows = syntheticRows(600, shape.features.length, 11);
  const frames = Array.from({ length: 64 }, (_, i) => Buffer.from(encodeWindowFrame(windowOf(['bench'], rows, 100 + i, shape))));
  const decodeGroup = (): WindowPayload[] => {
    const windows: WindowPayload[] = [];
    for (let i = 0; i < GROUP; i++) {
      const decoded = decodeWindowFast(frames[i & 63]!);
      if (!decoded.ok) throw new Error(decoded.reason);
      windows.push(decoded.value);
    }
    return windows;
  };
  const [first] = await stage.scoreWindows(decodeGroup().slice(0, 1));
  if (!first?.ok || first.tag !== 'score') throw new Error('the fixture bundle did not score the window');
  const scored = first.scored;

  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  const baseline = await measure(session, async () => {
    decodeGroup();
    for (let i = 0; i < GROUP; i++) encodePayload(scored);
  });
  const group = Array.from({ length: GROUP }, (_, i) => frames[i & 63]!);
  const full = await measure(session, () => scoreGroup(stage, log, group));
  session.disconnect();

  console.log(`inference in process: ${frames[0]!.length}-byte window frames (12 x 3), dense autoencoder, groups of ${GROUP}, ${ROUNDS} groups; node ${process.version}`);
  console.log('| what | us per window | vs baseline | bytes allocated per window |');
  console.log('|---|---:|---:|---:|');
  console.log(`| baseline: decode the frame + encode a ScoredPayload | ${baseline.us.toFixed(2)} | 1.00 | ${baseline.bytes.toFixed(0)} |`);
  console.log(`| scoreGroup: decode + score (transforms, ONNX run, staleness, drift) + encode | ${full.us.toFixed(2)} | ${(full.us / baseline.us).toFixed(2)} | ${full.bytes.toFixed(0)} |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
