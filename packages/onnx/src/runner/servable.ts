import type { ModelOutput } from '../contract.js';

/**
 * The part of a bundle (common BundleManifest + model bytes) the runner reads. Any object shaped like
 * `Bundle` from the store fits.
 */
export interface ServableBundle {
  manifest: {
    key: readonly string[];
    version?: string;
    window: number;
    features: readonly string[];
    model: { name: string; output: ModelOutput };
  };
  model: Uint8Array;
}

/** Session cache key: the bundle's key and version, so a new version never reuses an old session. */
export function sessionKey(bundle: ServableBundle): string {
  const { key, version, model } = bundle.manifest;
  return `${JSON.stringify(key)}@${version ?? 'unversioned'}#${model.name}`;
}
