// One group of raw window payloads in, its encoded outputs out: what the scoring thread does with each request,
// and the handler in process with each group (NUMALOGIC_SCORING_THREAD=off), so both answer alike.
import type { WindowPayload } from '@numalogic/core';
import type { Logger } from '@numalogic/runtime';
import type { InferenceStage, ModelSource } from '../stage.js';
import { decodeWindowFast } from '../window-decoder.js';
import { LAYOUT_FIELDS, Outcome, type ScoredGroup } from './protocol.js';

/** What the group scorer reports on the side. */
export type GroupLog = Pick<Logger, 'info' | 'debug' | 'isLevelEnabled'>;

export async function scoreGroup(stage: Pick<InferenceStage, 'scoreWindows'>, log: GroupLog, payloads: readonly Uint8Array[]): Promise<ScoredGroup> {
  const count = payloads.length;
  const outcomes = new Int32Array(count);
  const keys: (string[] | null)[] = new Array(count).fill(null);
  const reasons: (string | null)[] = new Array(count).fill(null);
  const scoredText: string[] = new Array(count).fill('');
  const trainText: string[] = new Array(count).fill('');
  const windows: WindowPayload[] = [];
  const positions: number[] = [];
  for (let i = 0; i < count; i++) {
    const decoded = decodeWindowFast(payloads[i]!);
    if (!decoded.ok) {
      outcomes[i] = Outcome.InvalidWindow;
      reasons[i] = decoded.reason;
      continue;
    }
    windows.push(decoded.value);
    positions.push(i);
  }
  const sources = new Map<ModelSource, number>();
  const debug = log.isLevelEnabled('debug');
  const results = await stage.scoreWindows(windows);
  results.forEach((result, k) => {
    const at = positions[k]!;
    if (!result.ok) {
      outcomes[at] = Outcome.InvalidResult;
      reasons[at] = result.reason;
      return;
    }
    for (const source of result.sources) sources.set(source, (sources.get(source) ?? 0) + 1);
    outcomes[at] = result.tag === 'score' ? Outcome.Score : Outcome.Static;
    keys[at] = result.scored.keys;
    scoredText[at] = JSON.stringify(result.scored);
    if (result.train) {
      trainText[at] = JSON.stringify(result.train);
      const { reason, version, densityClass } = result.train;
      log.info({ keys: result.scored.keys, reason, version, densityClass }, 'training requested');
    }
    if (debug) log.debug({ keys: result.scored.keys, status: result.scored.status, models: result.scored.scores.map((s) => s.model) }, 'scored');
  });
  // One buffer of its own for the whole group (transferred to the main thread), written once: no per-datum Buffer.
  let total = 0;
  for (let i = 0; i < count; i++) total += Buffer.byteLength(scoredText[i]!) + Buffer.byteLength(trainText[i]!);
  const out = Buffer.allocUnsafeSlow(total);
  const layout = new Int32Array(count * LAYOUT_FIELDS);
  let at = 0;
  for (let i = 0; i < count; i++) {
    at += out.write(scoredText[i]!, at);
    layout[i * LAYOUT_FIELDS + 1] = at;
    at += out.write(trainText[i]!, at);
    layout[i * LAYOUT_FIELDS + 2] = at;
    layout[i * LAYOUT_FIELDS] = outcomes[i]!;
  }
  return { bytes: out, layout, keys, reasons, sources: [...sources] };
}
