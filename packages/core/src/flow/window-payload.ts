import { classifyDensity } from '../config/parse.js';
import { toNumberArray } from '../math/copy.js';
import type { Config } from '../config/schema.js';
import type { WindowBuilder } from '../window/window-builder.js';
import type { WindowPayload } from './payloads.js';
import { rawIsGrid, type RawPoints } from './window-raw.js';

/**
 * The WindowPayload of one key's filled WindowBuilder: its gap-filled grid, density and density class, and the
 * observed points (`observed`: what was pushed into the builder and kept, oldest first) unless they are exactly
 * the grid (see rawIsGrid). The one place a window payload is assembled, so what preprocess sends and what a
 * benchmark or test builds are alike.
 */
export function windowPayload(
  builder: WindowBuilder,
  keys: string[],
  config: Pick<Config, 'features' | 'densityClasses'>,
  observed: RawPoints,
  force = false,
): WindowPayload {
  const values = new Float64Array(builder.points * builder.features);
  const complete = builder.copyInto(values);
  const window: WindowPayload = {
    keys,
    features: config.features,
    end: builder.endTimestamp,
    intervalMs: builder.intervalMs,
    points: builder.points,
    values: toNumberArray(values),
    observed: builder.observed,
    density: builder.density,
    densityClass: classifyDensity(config, builder.density),
    complete,
  };
  if (!rawIsGrid(window, observed)) window.raw = observed;
  if (force) window.force = true;
  return window;
}
