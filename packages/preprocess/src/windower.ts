import { WindowBuilder, classifyDensity, decodePoint, type Config, type PointPayload, type WindowPayload } from '@numalogic/core';

export type WindowConfig = Pick<Config, 'features' | 'window' | 'densityClasses'>;

/** Why a reduce message was not used: its reason (the message itself is dropped and counted). */
export type AddOutcome = { ok: true } | { ok: false; reason: string };

/**
 * One key's window in the reduce vertex: collects the window's PointPayloads (any order; the same grid slot
 * again: last wins) and builds one gap-filled WindowPayload of config.window.points rows anchored at the newest
 * observed point. Made per (key, window); the reduce output is per window, so a bad message is refused here
 * with a reason and the caller counts and logs the drop.
 */
export class KeyWindow {
  private readonly builder: WindowBuilder;
  /** Observed points by grid slot, for the raw points of a training request (last wins, like the builder). */
  private readonly bySlot = new Map<number, PointPayload>();
  private force = false;

  constructor(
    readonly keys: string[],
    private readonly config: WindowConfig,
  ) {
    this.builder = new WindowBuilder({
      points: config.window.points,
      features: config.features.length,
      intervalMs: config.window.intervalMs,
      fill: config.window.fill.method,
      fillLimit: config.window.fill.limit,
    });
  }

  /** Adds one message (the bytes of a PointPayload). */
  add(bytes: Uint8Array | string): AddOutcome {
    const decoded = decodePoint(bytes);
    if (!decoded.ok) return decoded;
    return this.addPoint(decoded.value);
  }

  addPoint(point: PointPayload): AddOutcome {
    const features = this.config.features.length;
    if (point.v.length !== features) {
      return { ok: false, reason: `point payload: v has ${point.v.length} values, expected ${features} (${this.config.features.join(', ')})` };
    }
    const outcome = this.builder.push(point.t, point.v);
    if (outcome === 'invalid') return { ok: false, reason: 'point payload: t is not a usable time' };
    if (outcome === 'late') return { ok: false, reason: 'point payload: older than the window' };
    this.bySlot.set(Math.round(point.t / this.config.window.intervalMs), point);
    if (point.force) this.force = true;
    return { ok: true };
  }

  get observed(): number {
    return this.builder.observed;
  }

  /** The window, or null when no point was observed. */
  build(): WindowPayload | null {
    if (this.builder.observed === 0) return null;
    const { points, intervalMs } = this.config.window;
    const values = new Float64Array(points * this.config.features.length);
    const complete = this.builder.copyInto(values);
    const end = this.builder.endTimestamp;
    const oldestSlot = Math.round(end / intervalMs) - points + 1;
    const inside = [...this.bySlot.entries()].filter(([slot]) => slot >= oldestSlot).sort(([a], [b]) => a - b);
    const density = this.builder.density;
    const window: WindowPayload = {
      keys: this.keys,
      features: this.config.features,
      end,
      intervalMs,
      points,
      values: Array.from(values),
      observed: this.builder.observed,
      density,
      densityClass: classifyDensity(this.config, density),
      complete,
      raw: { t: inside.map(([, p]) => p.t), v: inside.map(([, p]) => p.v) },
    };
    if (this.force) window.force = true;
    return window;
  }
}
