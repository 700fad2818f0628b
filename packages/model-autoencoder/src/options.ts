import { reconstructionTrainingOptions } from '@numalogic/onnx';
import { z } from 'zod';

/** Options of the dense autoencoder; every field has a default, so `{}` is valid. */
export const denseAutoencoderOptionsSchema = z
  .object({
    /** Encoder hidden layer sizes (outermost first); the decoder mirrors them. */
    hiddenSizes: z.array(z.number().int().min(1).max(4096)).max(8).default([16]),
    /** Size of the code layer between encoder and decoder. */
    bottleneck: z.number().int().min(1).max(4096).default(8),
    activation: z.enum(['relu', 'tanh']).default('tanh'),
    ...reconstructionTrainingOptions,
  })
  .strict();

export type DenseAutoencoderOptions = z.output<typeof denseAutoencoderOptionsSchema>;
