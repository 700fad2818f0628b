import { z } from 'zod';

export const knnWindowOptionsSchema = z
  .object({
    /** Codebook size: the newest `memory` training windows, per feature. Serving cost grows linearly with it. */
    memory: z.number().int().min(1).max(100_000).default(2000),
    /**
     * Held-out threshold errors: a training window is compared only with codebook windows at least this many
     * windows away in time (they do not overlap it). Unset: the windows' span (WindowShape.span, the points a
     * block-mean window covers), else the window length.
     */
    exclusion: z.number().int().min(1).optional(),
    /** Held-out threshold errors: the newest this many training windows are scored (bounds the cost). */
    heldOutWindows: z.number().int().min(1).default(500),
  })
  .strict();

export type KnnWindowOptions = z.output<typeof knnWindowOptionsSchema>;
