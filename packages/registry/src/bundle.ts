// The bundle format agreed between models, the store and the UDFs (see docs). The store treats the manifest as
// JSON it does not interpret, apart from the fields it sets (key, version, savedAt) and trainedAt for staleness.

export interface BundleManifest {
  key: string[];
  version?: string;
  savedAt?: string;
  trainedAt: string;
  model: { name: string; options: Record<string, unknown>; output: 'reconstruction' | 'score' };
  features: string[];
  window: number;
  transforms: unknown[];
  threshold: unknown;
  training: { samples: number; epochs?: number; loss?: number; valLoss?: number; durationMs: number; [k: string]: unknown };
  [extra: string]: unknown;
}

export interface Bundle {
  manifest: BundleManifest;
  model: Uint8Array;
}
