import { DriftMonitor, KeyedStore, normaliseScore, type Config } from '@numalogic/core';

interface KeyDrift {
  monitor: DriftMonitor;
  /** The model versions the ring was filled with; a new version starts a new ring. */
  versions: string;
}

/**
 * Drift per key (config.trainer.drift): a ring of the key's last `windows` window ratios (max over features of
 * error / the bundle's threshold, ensemble-weighted), kept as the scores they normalise to. When at least
 * `fraction` of them reach `scoreAbove`, the model no longer describes the data: report drift once and start a
 * new ring. Keys live in a bounded LRU map (least recently used keys are forgotten first).
 */
export class DriftTracker {
  private readonly keys: KeyedStore<KeyDrift>;

  constructor(
    private readonly config: Pick<Config, 'trainer' | 'postprocess'>,
    maxKeys = 100_000,
  ) {
    this.keys = new KeyedStore(() => ({ monitor: new DriftMonitor(config.trainer.drift), versions: '' }), maxKeys);
  }

  /** Records one window's ratio for the key; true when the key drifted (the ring is then cleared). */
  record(keys: readonly string[], versions: string, ratio: number): boolean {
    if (!this.config.trainer.drift.enabled) return false;
    const state = this.keys.get(keys);
    if (state.versions !== versions) {
      state.monitor.reset();
      state.versions = versions;
    }
    if (!state.monitor.record(normaliseScore(ratio, this.config.postprocess.normalise))) return false;
    state.monitor.reset();
    return true;
  }
}
