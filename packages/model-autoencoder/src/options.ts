import { z } from 'zod';

/** Options of the dense autoencoder; every field has a default, so `{}` is valid. */
export const denseAutoencoderOptionsSchema = z
  .object({
    /** Encoder hidden layer sizes (outermost first); the decoder mirrors them. */
    hiddenSizes: z.array(z.number().int().min(1).max(4096)).max(8).default([16]),
    /** Size of the code layer between encoder and decoder. */
    bottleneck: z.number().int().min(1).max(4096).default(8),
    activation: z.enum(['relu', 'tanh']).default('tanh'),
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
  })
  .strict();

export type DenseAutoencoderOptions = z.output<typeof denseAutoencoderOptionsSchema>;
