// A real fs store, history store, cache and ONNX runner in a temp folder, a settable clock, and series of
// points shaped like the training requests inference sends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig, type Config, type TrainReason, type TrainRequest, type WindowPayload } from '@numalogic/core';
import { OnnxRunner } from '@numalogic/onnx';
import { createHistoryStore, createStore, ModelCache, type HistoryStore, type ModelStore } from '@numalogic/registry';
import { TrainerStage, type TrainerLog } from '../../src/stage.js';

export const START = Date.UTC(2026, 0, 5, 10, 0, 0);
export const MINUTE = 60_000;

/** A small, quick configuration: 2 features, 12-point windows, 60 points to train. */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return parseConfig({
    keys: ['service', 'metric'],
    features: ['latency', 'errors'],
    window: { points: 12, intervalMs: MINUTE },
    models: { dense: [{ name: 'robust-baseline' }], sparse: [{ name: 'robust-baseline' }] },
    ...overrides,
    // minSpan 0: these tests are about everything but the one-day rule, which has a test of its own
    trainer: { minPoints: 60, maxHistory: 240, retrainAfter: '1h', minSpan: 0, ...(overrides['trainer'] as object | undefined) },
  });
}

/** Deterministic points: a daily-ish wave plus seeded noise, one per minute from `from`. */
export function points(from: number, count: number, stepMs = MINUTE): { t: number[]; v: number[][] } {
  const t: number[] = [];
  const v: number[][] = [];
  let state = 12345 + Math.round(from / stepMs);
  const noise = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  for (let i = 0; i < count; i++) {
    const at = from + i * stepMs;
    t.push(at);
    const phase = at / (30 * MINUTE);
    v.push([100 + 10 * Math.sin(phase) + noise(), 2 + Math.cos(phase) + 0.2 * noise()]);
  }
  return { t, v };
}

export function trainRequest(keys: string[], raw: { t: number[]; v: number[][] }, reason: TrainReason = 'missing', densityClass = 'dense'): TrainRequest {
  return { keys, features: ['latency', 'errors'], intervalMs: MINUTE, densityClass, reason, raw };
}

/** Windows of `size` points sliding by `step` over a series: what consecutive inference requests carry. */
export function overlappingRequests(keys: string[], from: number, count: number, size = 12, step = 4, reason: TrainReason = 'missing'): TrainRequest[] {
  const all = points(from, count);
  const out: TrainRequest[] = [];
  for (let s = 0; s + size <= count; s += step) {
    out.push(trainRequest(keys, { t: all.t.slice(s, s + size), v: all.v.slice(s, s + size) }, reason));
  }
  return out;
}

export interface LogLine {
  level: string;
  obj: object;
  msg: string;
}

export interface StageFixture {
  stage: TrainerStage;
  store: ModelStore;
  history: HistoryStore;
  cache: ModelCache;
  runner: OnnxRunner;
  clock: { now: number };
  logs: LogLine[];
  root: string;
  cleanup(): Promise<void>;
}

export async function stageFixture(config: Config = testConfig()): Promise<StageFixture> {
  const root = await mkdtemp(path.join(tmpdir(), 'trainer-stage-'));
  const store = createStore({ kind: 'fs', root });
  const history = createHistoryStore({ kind: 'fs', root });
  const cache = new ModelCache(store, { ttlMs: 60_000 });
  const runner = new OnnxRunner();
  const clock = { now: START };
  const logs: LogLine[] = [];
  const log: TrainerLog = {
    debug: (obj, msg) => logs.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
  };
  const stage = new TrainerStage({ config, store, history, cache, runner, now: () => new Date(clock.now), log });
  return {
    stage,
    store,
    history,
    cache,
    runner,
    clock,
    logs,
    root,
    cleanup: async () => {
      await runner.close();
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * A serving window of the 12 fixture points from `from` for `keys` (features latency, errors), with `bump`
 * added to latency in its last 3 rows and `shiftFrom` (epoch ms) shifting latency by `shift` from then on.
 */
export function fixtureWindow(keys: string[], from: number, bump = 0, shift = 0, shiftFrom = Infinity): WindowPayload {
  const { t, v } = points(from, 12);
  const rows = v.map((row, i) => [row[0]! + (i >= 9 ? bump : 0) + (t[i]! >= shiftFrom ? shift : 0), row[1]!]);
  return {
    keys,
    features: ['latency', 'errors'],
    end: t[11]!,
    intervalMs: MINUTE,
    points: 12,
    values: rows.flat(),
    observed: 12,
    density: 1,
    densityClass: 'dense',
    complete: true,
    raw: { t, v: rows },
  };
}
