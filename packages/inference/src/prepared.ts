import { TransformPipeline, thresholdFromJSON, type Threshold } from '@numalogic/core';
import type { Bundle } from '@numalogic/registry';

/** A bundle with its fitted transforms and threshold restored, ready to score windows. */
export interface PreparedBundle {
  bundle: Bundle;
  transforms: TransformPipeline;
  threshold: Threshold;
}

/**
 * Restores (once per bundle object: the cache hands out the same object while it holds the version) the
 * fitted transforms and threshold of a bundle. Throws with a clear message when the manifest holds nonsense.
 */
export class PreparedBundles {
  private readonly prepared = new WeakMap<Bundle, PreparedBundle>();

  get(bundle: Bundle): PreparedBundle {
    let found = this.prepared.get(bundle);
    if (!found) {
      const { manifest } = bundle;
      const where = `bundle ${manifest.key.join('/')} ${manifest.version ?? '(unsaved)'}`;
      let transforms: TransformPipeline;
      let threshold: Threshold;
      try {
        transforms = TransformPipeline.fromJSON(manifest.transforms);
      } catch (err) {
        throw new Error(`${where}: unusable transforms (${(err as Error).message})`);
      }
      try {
        threshold = thresholdFromJSON(manifest.threshold);
      } catch (err) {
        throw new Error(`${where}: unusable threshold (${(err as Error).message})`);
      }
      found = { bundle, transforms, threshold };
      this.prepared.set(bundle, found);
    }
    return found;
  }
}

/** Whether a bundle was trained for windows of this shape (window length and feature names, in order). */
export function fitsWindow(bundle: Bundle, points: number, features: readonly string[]): string | null {
  const m = bundle.manifest;
  if (m.window !== points) return `bundle window is ${m.window} points, the window has ${points}`;
  if (m.features.length !== features.length || m.features.some((f, i) => f !== features[i])) {
    return `bundle features [${m.features.join(', ')}] differ from the window's [${features.join(', ')}]`;
  }
  return null;
}
