import { z } from 'zod';

/**
 * The options of the shared training loop (fitReconstruction), with their defaults: every autoencoder family
 * spreads these into its own options schema after its architecture fields.
 */
export const reconstructionTrainingOptions = {
  epochs: z.number().int().min(1).max(10_000).default(50),
  batchSize: z.number().int().min(1).max(65_536).default(32),
  learningRate: z.number().positive().max(1).default(0.003),
  loss: z.enum(['mse', 'huber']).default('huber'),
  huberDelta: z.number().positive().default(1),
  /** Fraction of the newest windows held out for early stopping (0 disables it). */
  validationFraction: z.number().min(0).max(0.5).default(0.1),
  /** Epochs without a validation improvement before training stops. */
  patience: z.number().int().min(1).default(8),
  minDelta: z.number().min(0).default(0),
};
