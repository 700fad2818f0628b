import { z } from 'zod';

export const arWindowOptionsSchema = z
  .object({
    /**
     * Ridge penalty on the lag weights, relative to the number of training rows (the penalty added to the normal
     * equations is `ridge * rows`), as in the research prototype. It must be positive: it keeps the system
     * positive definite when a feature is constant or its lags are collinear. The intercept is not penalised.
     */
    ridge: z.number().positive().max(1e6).default(1e-3),
  })
  .strict();

export type ArWindowOptions = z.output<typeof arWindowOptionsSchema>;
