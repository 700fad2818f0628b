// Building training windows from a history, and merging requests into it.
import { describe, expect, it } from 'vitest';
import { COARSE_MODELS } from '@numalogic/core';
import { mergeHistory, pointsAfter } from '../src/history.js';
import { trainingWindows } from '../src/windows.js';
import { catalogueEntry, modelNames, UnknownModelError } from '../src/catalogue.js';

const I = 1000;

describe('trainingWindows', () => {
  it('anchors one window at each observed point once a whole window is covered, gap-filled by hold', () => {
    // Slots 0,1,2,4,5 observed (3 missing): windows of 3 end at slots 2, 4, 5. A gap inside a window holds the
    // point before it; a gap at a window's start takes the first point of the window, as preprocess fills.
    const history = { t: [0, I, 2 * I, 4 * I, 5 * I], v: [[1], [2], [3], [5], [6]] };
    const w = trainingWindows(history, { points: 3, intervalMs: I, fill: 'hold', fillLimit: 1 });
    expect(w.count).toBe(3);
    expect(Array.from(w.data)).toEqual([1, 2, 3, 3, 3, 5, 5, 5, 6]);
    expect(w.complete).toBe(3);
    expect(w.lastPointAt).toBe(5 * I);
  });

  it('interpolates with linear fill, marks windows over the fill limit incomplete, keeps the newest maxWindows', () => {
    const history = { t: [0, I, 2 * I, 5 * I, 6 * I], v: [[0, 10], [1, 11], [2, 12], [5, 15], [6, 16]] };
    const all = trainingWindows(history, { points: 4, intervalMs: I, fill: 'linear', fillLimit: 1 });
    expect(all.count).toBe(2);
    // Window ending at slot 5: slots 2..5 = 2, (3), (4), 5 -> linear 3, 4; the gap of 2 exceeds the limit of 1.
    expect(Array.from(all.data.subarray(0, 8))).toEqual([2, 12, 3, 13, 4, 14, 5, 15]);
    expect(all.complete).toBe(0);
    const newest = trainingWindows(history, { points: 4, intervalMs: I, fill: 'linear', fillLimit: 2, maxWindows: 1 });
    expect(newest.count).toBe(1);
    expect(Array.from(newest.data)).toEqual([5, 15, 5, 15, 5, 15, 6, 16]);
    expect(newest.complete).toBe(1);
  });

  it('gives the newest maxWindows exactly as the tail of all windows, over gaps, off-grid and shared slots', () => {
    // A ragged history: mostly on the grid, with gaps of 1-6 slots, points off the grid and pairs in one slot.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const t: number[] = [];
    const v: number[][] = [];
    let at = 0;
    for (let i = 0; i < 600; i++) {
      const step = random();
      at += step < 0.1 ? I * (2 + Math.floor(random() * 5)) : step < 0.2 ? 400 : I; // a gap, a point sharing a slot, or the next slot
      t.push(at + (random() < 0.2 ? 300 : 0));
      v.push([Math.sin(i / 9) + random(), random()]);
    }
    for (const fill of ['hold', 'linear'] as const) {
      for (const points of [3, 12, 36]) {
        const options = { points, intervalMs: I, fill, fillLimit: 2 };
        const all = trainingWindows({ t, v }, options);
        for (const maxWindows of [1, 7, 100, all.count - 1]) {
          const newest = trainingWindows({ t, v }, { ...options, maxWindows });
          expect(newest.count).toBe(maxWindows);
          expect(Array.from(newest.data)).toEqual(Array.from(all.data.subarray((all.count - maxWindows) * points * 2)));
          expect(newest.lastPointAt).toBe(all.lastPointAt);
        }
      }
    }
  });

  it('snaps timestamps to the grid (last point of a slot wins) and gives nothing for a short history', () => {
    const snapped = trainingWindows({ t: [0, 900, 1100, 2 * I], v: [[1], [2], [3], [4]] }, { points: 2, intervalMs: I });
    expect(Array.from(snapped.data)).toEqual([1, 3, 3, 4]);
    expect(trainingWindows({ t: [0, I], v: [[1], [2]] }, { points: 3, intervalMs: I }).count).toBe(0);
    expect(trainingWindows({ t: [], v: [] }, { points: 3, intervalMs: I }).count).toBe(0);
  });
});

describe('mergeHistory', () => {
  const features = ['a', 'b'];

  it('sorts, removes duplicates (newest copy wins), bounds to maxHistory and says whether anything changed', () => {
    const stored = { features, t: [1, 2, 3], v: [[1, 1], [2, 2], [3, 3]] };
    const result = mergeHistory(stored, [{ t: [5, 3, 4], v: [[5, 5], [30, 30], [4, 4]] }, { t: [4], v: [[40, 40]] }], features, 4);
    expect(result.history).toEqual({ features, t: [2, 3, 4, 5], v: [[2, 2], [30, 30], [40, 40], [5, 5]] });
    expect(result).toMatchObject({ added: 2, rejected: 0, reset: false, changed: true });
    const again = mergeHistory(result.history, [{ t: [3, 4], v: [[30, 30], [40, 40]] }], features, 4);
    expect(again.changed).toBe(false);
    expect(again.added).toBe(0);
  });

  it('appends newer points as the general merge would (the one-process fast path), trimming to maxHistory', () => {
    const reference = (stored: { t: number[]; v: number[][] }, batches: { t: number[]; v: number[][] }[], max: number) => {
      const all = new Map<number, number[]>();
      stored.t.forEach((t, i) => all.set(t, stored.v[i]!));
      for (const b of batches) b.t.forEach((t, i) => all.set(t, b.v[i]!));
      const t = [...all.keys()].sort((a, b) => a - b).slice(-max);
      return { features, t, v: t.map((x) => all.get(x)!) };
    };
    const stored = { features, t: [10, 20, 30], v: [[1, 1], [2, 2], [3, 3]] };
    const cases: [{ t: number[]; v: number[][] }[], number][] = [
      [[{ t: [31, 40], v: [[4, 4], [5, 5]] }], 10], // plain append
      [[{ t: [31], v: [[4, 4]] }, { t: [40, 50], v: [[5, 5], [6, 6]] }], 4], // several batches, trimmed
      [[{ t: [40, 50, 60, 70, 80, 90], v: [[4, 4], [5, 5], [6, 6], [7, 7], [8, 8], [9, 9]] }], 3], // only new points kept
    ];
    for (const [batches, max] of cases) {
      const result = mergeHistory(stored, batches, features, max);
      expect(result.history).toEqual(reference(stored, batches, max));
      expect(result).toMatchObject({ added: batches.reduce((n, b) => n + b.t.length, 0), rejected: 0, reset: false, changed: true });
      // The fast path itself: the stored rows it keeps are shared, not copied (the general merge copies every row).
      const kept = result.history.t.filter((t) => stored.t.includes(t)).length;
      result.history.v.slice(0, kept).forEach((row, k) => expect(row).toBe(stored.v[stored.t.length - kept + k]));
    }
    // Cases 1 and 2 keep stored rows, so the check above has rows to look at.
    expect(mergeHistory(stored, cases[0]![0], features, cases[0]![1]).history.v[0]).toBe(stored.v[0]);
    expect(mergeHistory(stored, cases[1]![0], features, cases[1]![1]).history.v[0]).toBe(stored.v[2]);
    expect(stored.t).toEqual([10, 20, 30]); // the stored history is left as it was
    // Not an append (an older point, a repeated time, a bad row): the general merge, as before.
    expect(mergeHistory(stored, [{ t: [25, 40], v: [[9, 9], [4, 4]] }], features, 10).history.t).toEqual([10, 20, 25, 30, 40]);
    expect(mergeHistory(stored, [{ t: [40, 40], v: [[4, 4], [5, 5]] }], features, 10).history.v.at(-1)).toEqual([5, 5]);
    expect(mergeHistory(stored, [{ t: [40, 50], v: [[4, Number.NaN], [5, 5]] }], features, 10)).toMatchObject({ added: 1, rejected: 1 });
  });

  it('rejects ragged or non-finite rows and starts afresh when the stored features differ', () => {
    const stored = { features: ['old'], t: [1], v: [[1]] };
    const result = mergeHistory(stored, [{ t: [1, 2, Number.NaN, 4, 5], v: [[1, 1], [2], [3, 3], [4, Infinity]] }], features, 10);
    expect(result.reset).toBe(true);
    expect(result.history.t).toEqual([1]);
    expect(result.rejected).toBe(4);
    expect(result.changed).toBe(true);
  });

  it('counts points after a time in a sorted history', () => {
    expect(pointsAfter({ t: [1, 2, 3, 4] }, 2)).toBe(2);
    expect(pointsAfter({ t: [1, 2, 3, 4] }, 0)).toBe(4);
    expect(pointsAfter({ t: [1, 2, 3, 4] }, 4)).toBe(0);
    expect(pointsAfter({ t: [] }, 4)).toBe(0);
  });
});

describe('model catalogue', () => {
  it('knows the model packages by their own names', () => {
    expect(modelNames()).toEqual(['dense-autoencoder', 'conv-autoencoder', 'robust-baseline', 'knn-window', 'knn-coarse', 'ar-window', 'onnx-file', 'onnx-score-file']);
    // knn-coarse is knn-window's package trained on block means: a catalogue name of its own, so its bundles
    // live beside knn-window's under the key
    for (const name of modelNames()) expect(catalogueEntry(name).model.name).toBe(name === 'knn-coarse' ? 'knn-window' : name);
    expect(COARSE_MODELS.has('knn-coarse')).toBe(true);
    expect(catalogueEntry('robust-baseline').model.output).toBe('score');
    expect(catalogueEntry('onnx-file').model.output).toBe('reconstruction');
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => catalogueEntry('toString')).toThrow(UnknownModelError);
    expect(() => catalogueEntry('lstm')).toThrow(/unknown model 'lstm' \(known: dense-autoencoder, conv-autoencoder, robust-baseline, knn-window, knn-coarse, ar-window, onnx-file, onnx-score-file\)/);
  });
});
