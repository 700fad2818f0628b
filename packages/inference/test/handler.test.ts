import { describe, expect, it } from 'vitest';
import { Datum } from '@numalogic/numaflow';
import { createLogger, createMetrics } from '@numalogic/runtime';
import { syntheticRows, windowOf } from '../src/bench/fixture-bundle.js';
import { batchInferenceHandler, unaryInferenceHandler } from '../src/handler.js';
import type { InferenceResult, InferenceStage } from '../src/stage.js';

const shape = { features: ['a'], window: 4, intervalMs: 1000 };
const rows = syntheticRows(20, 1);
const datum = (key: string) => new Datum({ keys: [key], value: Buffer.from(JSON.stringify(windowOf([key], rows, 10, shape))), headers: {} }, key);

/** A stage that records the groups it is given and refuses every window with a reason naming its key. */
function recordingStage() {
  const groups: string[][] = [];
  let release: () => void = () => {};
  let hold: Promise<void> | null = null;
  const stage = {
    async scoreWindows(windows: readonly { keys: string[] }[]): Promise<InferenceResult[]> {
      groups.push(windows.map((w) => w.keys[0]!));
      if (hold) await hold;
      return windows.map((w) => ({ ok: false, reason: `refused ${w.keys[0]}` }));
    },
  };
  return {
    groups,
    stage: stage as unknown as InferenceStage,
    holdNext: () => (hold = new Promise<void>((resolve) => (release = resolve))),
    release: () => {
      hold = null;
      release();
    },
  };
}

const wiring = (stage: InferenceStage) => ({ stage, log: createLogger('test', { NUMALOGIC_LOG_LEVEL: 'silent' }), metrics: createMetrics(), vertex: 'test' });
const reasonOf = (messages: readonly { value: Uint8Array }[]) => (JSON.parse(Buffer.from(messages[0]!.value).toString()) as { reason: string }).reason;

describe('unaryInferenceHandler', () => {
  it('scores requests that arrive together as one group and answers each with its own result', async () => {
    const { groups, stage } = recordingStage();
    const handler = unaryInferenceHandler(wiring(stage));
    const keys = Array.from({ length: 50 }, (_, i) => `k${i}`);
    const answers = await Promise.all(keys.map((k) => handler(datum(k))));
    expect(groups).toEqual([keys]);
    answers.forEach((messages, i) => expect(reasonOf(messages)).toContain(`refused k${i}`));
  });

  it('scores one group at a time: requests that arrive meanwhile make the next group', async () => {
    const recording = recordingStage();
    const handler = unaryInferenceHandler(wiring(recording.stage));
    recording.holdNext();
    const first = handler(datum('a'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recording.groups).toEqual([['a']]);
    const later = ['b', 'c', 'd'].map((k) => handler(datum(k)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recording.groups).toEqual([['a']]);
    recording.release();
    await Promise.all([first, ...later]);
    expect(recording.groups).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('splits a backlog beyond maxGroup', async () => {
    const { groups, stage } = recordingStage();
    const handler = unaryInferenceHandler(wiring(stage), 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => handler(datum(`k${i}`))));
    expect(groups.map((g) => g.length)).toEqual([4, 4, 2]);
  });
});

describe('batchInferenceHandler', () => {
  it('scores the datums that arrive together as one group and answers each of them, in order', async () => {
    const { groups, stage } = recordingStage();
    const handler = batchInferenceHandler(wiring(stage));
    const answers = await Promise.all(['a', 'b', 'c'].map((id) => handler.answer(datum(id))));
    expect(groups).toEqual([['a', 'b', 'c']]);
    expect(answers.map(reasonOf)).toEqual(['refused a', 'refused b', 'refused c'].map((r) => expect.stringContaining(r)));
  });

  it('rejects the answer of every datum of a group whose scoring fails (the SDK then fails the stream)', async () => {
    const stage = { scoreWindows: () => Promise.reject(new Error('store down')) } as unknown as InferenceStage;
    const handler = batchInferenceHandler(wiring(stage));
    const answers = ['a', 'b'].map((id) => Promise.resolve(handler.answer(datum(id))));
    for (const answer of answers) await expect(answer).rejects.toThrow('store down');
  });
});
