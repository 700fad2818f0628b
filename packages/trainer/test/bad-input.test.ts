// 1,000+ generated bad payloads through the trainer's real socket: each one is counted as invalid (the reduce
// result is per key and window, so a bad request has no result of its own), none crashes the process, and
// requests that decode but name impossible keys come back as 'failed' events.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SeededRandom, type TrainingEvent } from '@numalogic/core';
import { ReduceClient } from '@numalogic/numaflow/client';
import { MINUTE, START, points, trainRequest } from './helpers/fixtures.js';
import { sample, startTrainer, type Trainer } from './helpers/process.js';

let workdir: string;
let trainer: Trainer;
let client: ReduceClient;
beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'trainer-bad-'));
  const configPath = path.join(workdir, 'config.json');
  await writeFile(configPath, JSON.stringify({ keys: ['service', 'metric'], features: ['latency', 'errors'], trainer: { minPoints: 60 } }));
  trainer = await startTrainer({ NUMALOGIC_CONFIG: configPath, NUMALOGIC_STORE_FOLDER: path.join(workdir, 'models') });
  client = await ReduceClient.connect({ socketDir: trainer.socketDir, timeoutMs: 30_000 });
});
afterAll(async () => {
  client?.close();
  await trainer?.stop();
  await rm(workdir, { recursive: true, force: true });
});

const KEY_CHOICES: string[][] = [['svc', 'cpu'], ['ünïcødé', '😀\u0000\uFFFF'], ['x'.repeat(5000)], ['a/../b', '..'], ['only-one']];

/** A payload the decoder must refuse (or whose keys differ from the message's), with the message keys. */
function badPayload(random: SeededRandom, i: number): { keys: string[]; value: string | Uint8Array } {
  const keys = KEY_CHOICES[i % KEY_CHOICES.length]!;
  const good = trainRequest(keys, points(START, 3)) as unknown as Record<string, unknown>;
  const pick = Math.floor(random.next() * 16);
  const mutate = (change: Record<string, unknown>) => JSON.stringify({ ...good, ...change });
  const drop = (field: string) => {
    const copy = { ...good };
    delete copy[field];
    return JSON.stringify(copy);
  };
  const variants: Array<() => string | Uint8Array> = [
    () => JSON.stringify(good).slice(0, Math.floor(random.next() * 40)),
    () => ['null', '42', '"text"', '[]', 'true', '{}'][i % 6]!,
    () => drop(['keys', 'features', 'intervalMs', 'densityClass', 'reason', 'raw'][i % 6]!),
    () => mutate({ extra: 'field' }),
    () => mutate({ raw: { t: ['NaN'], v: [[1, 2]] } }),
    () => JSON.stringify(good).replace(/"t":\[(\d+)/, '"t":[1e999'),
    () => mutate({ raw: { t: [START], v: [['1', '2']] } }),
    () => mutate({ intervalMs: -MINUTE }),
    () => mutate({ reason: 'because' }),
    () => mutate({ features: [] }),
    () => mutate({ keys: ['someone', 'else'] }),
    () => mutate({ densityClass: '' }),
    () => new Uint8Array([0xff, 0xfe, 0x00, 0x7b]),
    () => '',
    () => mutate({ raw: { t: [START], v: [[Number.NaN, 1]] } }),
    () => mutate({ keys: 'svc' }),
  ];
  return { keys, value: variants[pick]!() };
}

it('accounts for every one of 1,000+ bad payloads and stays up', async () => {
  const before = await (await fetch(`http://127.0.0.1:${trainer.metricsPort}/metrics`)).text();
  const random = new SeededRandom(2024);
  const datums = Array.from({ length: 1000 }, (_, i) => badPayload(random, i));
  const window = { start: START, end: START + 3_600_000 };
  const huge = [
    { keys: ['svc', 'cpu'], value: 'x'.repeat(10 * 1024 * 1024) },
    { keys: ['svc', 'cpu'], value: JSON.stringify({ ...trainRequest(['svc', 'cpu'], points(START, 1)), features: ['f'.repeat(10 * 1024 * 1024)] }) },
  ];
  const hugeResults = await client.reduceWindow(window, [...datums, ...huge]);
  // The second decodes (any feature names are well-formed) but names features the configuration lacks.
  expect(hugeResults).toHaveLength(1);
  const refused = JSON.parse(hugeResults[0]!.value.toString()) as TrainingEvent;
  expect(refused.status).toBe('failed');
  expect(refused.reason).toMatch(/^requests carry features \[f{64}\.\.\.\(10485760 chars\)\]/);
  expect(refused.reason.length).toBeLessThan(300);

  const after = await (await fetch(`http://127.0.0.1:${trainer.metricsPort}/metrics`)).text();
  const delta = (name: string, labels: string) => sample(after, name, labels) - sample(before, name, labels);
  const invalid = delta('numalogic_datums_invalid_total', 'vertex="trainer",reason="malformed"') + delta('numalogic_datums_invalid_total', 'vertex="trainer",reason="keys-mismatch"');
  expect(delta('numalogic_datums_in_total', 'vertex="trainer"')).toBe(datums.length + huge.length);
  expect(invalid).toBe(datums.length + 1);
  expect(delta('numalogic_trainings_total', 'vertex="trainer",status="failed"')).toBe(1);
  expect(trainer.child.exitCode).toBeNull();

  // Requests that decode but cannot be stored (empty key, a key beyond the store's limit) fail as events.
  const impossible = [[], ['k'.repeat(70_000)]];
  const events = await client.reduceWindow(
    window,
    impossible.map((keys) => ({ keys, value: JSON.stringify(trainRequest(keys, points(START, 3))) })),
  );
  expect(events).toHaveLength(2);
  for (const result of events) {
    const event = JSON.parse(result.value.toString()) as TrainingEvent;
    expect(event.status).toBe('failed');
    expect(event.reason).toMatch(/model key/);
  }
  // And the trainer still serves good requests.
  const ok = await client.reduceWindow(window, [{ keys: ['svc', 'cpu'], value: JSON.stringify(trainRequest(['svc', 'cpu'], points(START, 5))) }]);
  expect((JSON.parse(ok[0]!.value.toString()) as TrainingEvent).status).toBe('insufficient');
});
