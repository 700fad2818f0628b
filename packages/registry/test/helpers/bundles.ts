import { randomBytes } from 'node:crypto';
import type { Bundle } from '../../src/bundle.js';

export function makeBundle(key: readonly string[], modelBytes = 64, trainedAt = '2026-01-01T00:00:00.000Z'): Bundle {
  return {
    manifest: {
      key: [...key],
      trainedAt,
      model: { name: 'autoencoder', options: { hidden: 4 }, output: 'reconstruction' },
      features: ['latency', 'errors'],
      window: 12,
      transforms: [{ kind: 'standard', mean: [1, 2], std: [0.5, 0.25] }],
      threshold: { kind: 'stddev', value: 3.2 },
      training: { samples: 100, epochs: 5, loss: 0.01, durationMs: 42 },
      note: 'extra fields travel untouched',
    },
    model: new Uint8Array(randomBytes(modelBytes)),
  };
}
