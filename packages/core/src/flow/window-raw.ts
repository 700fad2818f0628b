import type { WindowPayload } from './payloads.js';

/** The observed points of a window, as a TrainRequest carries them. */
export type RawPoints = { t: number[]; v: number[][] };

type Grid = Pick<WindowPayload, 'end' | 'intervalMs' | 'points' | 'features' | 'values'>;

/** Epoch ms of grid row `row` (0 = oldest) of a window. */
const gridTime = (w: Grid, row: number): number => w.end - (w.points - 1 - row) * w.intervalMs;

/**
 * Whether a window's observed points are exactly its grid: one point per row, on the row's time, with the
 * row's values. Then `raw` says nothing the grid does not, and preprocess leaves it out of the payload (about
 * half of a window's JSON, which the next vertex would parse for nothing).
 */
export function rawIsGrid(w: Grid, raw: { readonly t: readonly number[]; readonly v: readonly (readonly number[])[] }): boolean {
  const features = w.features.length;
  if (raw.t.length !== w.points || raw.v.length !== w.points) return false;
  for (let row = 0; row < w.points; row++) {
    if (raw.t[row] !== gridTime(w, row)) return false;
    const v = raw.v[row]!;
    if (v.length !== features) return false;
    for (let f = 0; f < features; f++) if (v[f] !== w.values[row * features + f]) return false;
  }
  return true;
}

/** A window's observed points: its `raw` when the payload carries one, otherwise the grid itself (see rawIsGrid). */
export function windowRaw(w: Grid & Pick<WindowPayload, 'raw'>): RawPoints {
  if (w.raw !== undefined) return w.raw;
  const features = w.features.length;
  const t = new Array<number>(w.points);
  const v = new Array<number[]>(w.points);
  for (let row = 0; row < w.points; row++) {
    t[row] = gridTime(w, row);
    v[row] = w.values.slice(row * features, (row + 1) * features);
  }
  return { t, v };
}
