import { z } from 'zod';

export const robustBaselineOptionsSchema = z
  .object({
    /** Added to every feature's scale so a flat history does not divide by zero. */
    epsilon: z.number().positive().default(1e-6),
    /**
     * Use only the last point of each training window (true) or every point (false). Sliding windows
     * overlap, so the last points alone are the series itself without repeats.
     */
    lastPointOnly: z.boolean().default(false),
  })
  .strict();

export type RobustBaselineOptions = z.output<typeof robustBaselineOptionsSchema>;
