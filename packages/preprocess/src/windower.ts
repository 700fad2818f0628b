import { WindowBuilder, keyIntervalMs, windowBuilderOptions, decodePoint, windowPayload, type Config, type PointPayload, type WindowPayload } from '@numalogic/core';

export type WindowConfig = Pick<Config, 'features' | 'window' | 'densityClasses'>;

/** Why a reduce message was not used: its reason (the message itself is dropped and counted). */
export type AddOutcome = { ok: true } | { ok: false; reason: string };

export interface BuiltWindow {
  window: WindowPayload;
  /** Valid points older than the window's grid (the window is anchored at the newest point): dropped. */
  outside: number;
}

/**
 * One key's window in the reduce vertex: collects the window's PointPayloads in any order and builds one
 * gap-filled WindowPayload of config.window.points rows anchored at the newest observed point. Points in the
 * same grid slot: the one that arrived last wins. A message that is not a usable point is refused with a
 * reason (the caller counts and logs the drop); the reduce output is per window.
 */
export class KeyWindow {
  private readonly points: PointPayload[] = [];

  constructor(
    readonly keys: string[],
    private readonly config: WindowConfig,
  ) {}

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
    // The grid is only known at build time with `intervalMs: auto`; a time no grid can hold is refused now.
    if (!Number.isSafeInteger(Math.round(point.t))) return { ok: false, reason: 'point payload: t is not a usable time' };
    this.points.push(point);
    return { ok: true };
  }

  get size(): number {
    return this.points.length;
  }

  /** The window, or null when no valid point was added. */
  build(): BuiltWindow | null {
    if (this.points.length === 0) return null;
    const { points } = this.config.window;
    const features = this.config.features.length;
    // With `auto`, the median gap of this window's points (a single point has none to measure: any grid cuts it alike).
    const intervalMs = keyIntervalMs(this.config.window, this.points.map((p) => p.t));
    // Stable sort by slot: within a slot the arrival order is kept, so the last arrival is pushed last and wins.
    const sorted = this.points.map((point) => ({ slot: Math.round(point.t / intervalMs), point })).sort((a, b) => a.slot - b.slot);
    const oldestSlot = sorted[sorted.length - 1]!.slot - points + 1;
    const builder = new WindowBuilder(windowBuilderOptions(this.config.window, features, intervalMs));
    const bySlot = new Map<number, PointPayload>();
    let force = false;
    let outside = 0;
    for (const { slot, point } of sorted) {
      if (slot < oldestSlot) {
        outside++;
        continue;
      }
      builder.push(point.t, point.v);
      bySlot.set(slot, point);
      if (point.force) force = true;
    }
    const inside = [...bySlot.values()];
    const observed = { t: inside.map((p) => p.t), v: inside.map((p) => p.v) };
    return { window: windowPayload(builder, this.keys, this.config, observed, force), outside };
  }
}
