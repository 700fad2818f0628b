// The scoring thread (built dist/scoring/*.js: a worker runs JavaScript, not the TypeScript vitest compiles):
// answers as the in-process handler does, and fails loudly, never silently.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Datum, type Message } from '@numalogic/numaflow';
import { encodeWindowFrame } from '@numalogic/core';
import { createStore } from '@numalogic/registry';
import { createLogger, createMetrics, loadConfig } from '@numalogic/runtime';
import { ScoringThread } from '../dist/scoring/scoring-thread.js';
import { syntheticRows, trainFixtureBundle, windowOf } from '../src/bench/fixture-bundle.js';
import { unaryInferenceHandler } from '../src/handler.js';
import { entryStage } from '../src/entry-stage.js';
import { badPayloads } from './harness.js';

const shape = { features: ['a', 'b'], window: 8, intervalMs: 1000 };
const rows = syntheticRows(300, 2);
const folder = mkdtempSync(join(tmpdir(), 'inference-thread-'));
let env: Record<string, string>;
const quiet = () => ({ log: createLogger('test', { NUMALOGIC_LOG_LEVEL: 'silent' }), metrics: createMetrics(), vertex: 'test' });

beforeAll(async () => {
  const configPath = join(folder, 'config.json');
  writeFileSync(configPath, JSON.stringify({ keys: ['service'], features: shape.features, window: { points: shape.window, intervalMs: shape.intervalMs }, models: { dense: [{ name: 'dense-autoencoder' }], sparse: [] } }));
  const storeFolder = join(folder, 'models');
  await trainFixtureBundle(createStore({ kind: 'fs', root: storeFolder }), ['api'], shape);
  env = { NUMALOGIC_CONFIG: configPath, NUMALOGIC_STORE_FOLDER: storeFolder, NUMALOGIC_LOG_LEVEL: 'silent' };
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const datum = (keys: string[], value: Buffer, i: number) => new Datum({ keys, value, headers: {}, event_time: { seconds: 1_700_000_000 + i, nanos: 0 } }, `d${i}`);
const view = (messages: readonly Message[]) => messages.map((m) => ({ keys: m.keys, tags: m.tags, value: Buffer.from(m.value).toString() }));

describe('ScoringThread', () => {
  it('answers groups of good and bad windows exactly as the in-process handler does', async () => {
    const thread = await ScoringThread.start((err) => expect.fail(`the thread failed: ${err.message}`), { env });
    try {
      const config = loadConfig(env);
      const stage = entryStage(config, env, quiet().log);
      const inProcess = unaryInferenceHandler({ stage, ...quiet() });
      const onThread = unaryInferenceHandler({ thread, ...quiet() });
      const template = windowOf(['api'], rows, 100, shape) as unknown as Record<string, unknown>;
      const bad = badPayloads(template, [['end'], ['values', '3'], ['density']], 60, { keysField: 'keys' });
      // Trained and untrained keys (score; static + train), as frames and as JSON, with bad payloads between.
      const datums: Datum[] = [];
      for (let i = 0; i < 120; i++) {
        const w = windowOf([i % 3 === 0 ? 'db' : 'api'], rows, 20 + i, shape);
        datums.push(datum(w.keys, Buffer.from(i % 2 === 0 ? encodeWindowFrame(w) : JSON.stringify(w)), i));
        if (i % 2 === 1) datums.push(datum(bad[i >> 1]!.keys, bad[i >> 1]!.value, 1000 + i));
      }
      // The same groups for both (a group is what arrives within one turn): 40 datums at a time.
      const tags = new Set<string>();
      for (let from = 0; from < datums.length; from += 40) {
        const group = datums.slice(from, from + 40);
        const expected = await Promise.all(group.map((d) => inProcess(d)));
        const got = await Promise.all(group.map((d) => onThread(d)));
        got.forEach((messages, i) => expect(view(messages), `datum ${from + i}`).toEqual(view(expected[i]!)));
        for (const messages of got) for (const m of messages) tags.add(m.tags[0]!);
      }
      expect([...tags].sort()).toEqual(['invalid', 'score', 'static', 'train']);
    } finally {
      await thread.close();
    }
  });

  it('does not start, and says why, on a configuration it cannot load', async () => {
    await expect(ScoringThread.start(() => {}, { env: { ...env, NUMALOGIC_CONFIG: join(folder, 'missing.json') } })).rejects.toThrow(/scoring thread did not start: .*missing\.json/s);
  });

  it('fails the pending group, every later one and tells the UDF when the thread dies', async () => {
    const entry = join(folder, 'dies.mjs');
    writeFileSync(entry, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ ready: true });\nparentPort.once('message', () => process.exit(3));\n");
    const failures: string[] = [];
    const thread = await ScoringThread.start((err) => failures.push(err.message), { entry: pathToFileURL(entry) });
    await expect(thread.score([Buffer.from('{}')])).rejects.toThrow('scoring thread exited with code 3');
    expect(failures).toEqual(['scoring thread exited with code 3']);
    await expect(thread.score([Buffer.from('{}')])).rejects.toThrow('scoring thread exited with code 3');
  });
});
