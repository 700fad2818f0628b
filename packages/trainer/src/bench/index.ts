// Training time per key through TrainerStage.train (history merge and write, windows, transforms, training,
// scoring the training windows through ONNX Runtime, threshold, save, prune) against the bare ModelPackage.train
// on the same windows in the same run: the ratio is what the trainer adds around the model. Fs store in a temp
// folder; medians of ROUNDS keys each. Run: npm run build && node packages/trainer/dist/bench/index.js
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig, type TrainRequest } from '@numalogic/core';
import { OnnxRunner } from '@numalogic/onnx';
import { createHistoryStore, createStore } from '@numalogic/registry';
import { catalogueEntry } from '../catalogue.js';
import { TrainerStage, configuredTrainingWindows } from '../stage.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 5);
const ROUNDS = 3;
const CASES: Array<[string, number]> = [
  ['robust-baseline', 10_080],
  ['dense-autoencoder', 500],
  ['dense-autoencoder', 10_080],
  ['conv-autoencoder', 500],
  ['conv-autoencoder', 10_080],
];

function series(n: number): { t: number[]; v: number[][] } {
  let state = 7;
  const noise = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const t: number[] = [];
  const v: number[][] = [];
  for (let i = 0; i < n; i++) {
    t.push(START + i * MINUTE);
    v.push([100 + 10 * Math.sin(i / 30) + noise(), 2 + Math.cos(i / 30) + 0.2 * noise()]);
  }
  return { t, v };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log('| model | history points | windows | TrainerStage.train ms | bare ModelPackage.train ms | ratio |');
console.log('|---|---|---|---|---|---|');
for (const [model, n] of CASES) {
  const root = await mkdtemp(path.join(tmpdir(), 'trainer-bench-'));
  const runner = new OnnxRunner();
  try {
    // minSpan 0: the 500-point cases span 8 hours, less than the default's one day; the bench times a training.
    const config = parseConfig({ features: ['latency', 'errors'], models: { dense: [{ name: model }], sparse: [{ name: 'robust-baseline' }] }, trainer: { minSpan: 0 } });
    const store = createStore({ kind: 'fs', root });
    const stage = new TrainerStage({ config, store, history: createHistoryStore({ kind: 'fs', root }), runner });
    const raw = series(n);
    const windows = configuredTrainingWindows(raw, config, 2048);
    const { model: pkg, trainerDefaults } = catalogueEntry(model);
    const stageMs: number[] = [];
    const bareMs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const keys = [`key-${r}`];
      const request: TrainRequest = { keys, features: config.features, intervalMs: MINUTE, densityClass: 'dense', reason: 'missing', raw };
      const started = performance.now();
      const event = await stage.train(keys, [request]);
      stageMs.push(performance.now() - started);
      if (event.status !== 'trained') throw new Error(`${model}: ${event.status}: ${event.reason}`);
      const bareStart = performance.now();
      await pkg.train(windows.data, { count: windows.count, window: windows.window, features: windows.features }, trainerDefaults, { seed: r });
      bareMs.push(performance.now() - bareStart);
    }
    const s = median(stageMs);
    const b = median(bareMs);
    console.log(`| ${model} | ${n} | ${windows.count} | ${s.toFixed(0)} | ${b.toFixed(0)} | ${(s / b).toFixed(2)}x |`);
  } finally {
    await runner.close();
    await rm(root, { recursive: true, force: true });
  }
}
