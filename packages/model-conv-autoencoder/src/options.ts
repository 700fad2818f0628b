import { z } from 'zod';

export const convAutoencoderOptionsSchema = z
  .object({
    /** Channels of the two encoder convolutions; the second is the bottleneck (over half the window's steps). */
    channels: z.tuple([z.number().int().min(1).max(512), z.number().int().min(1).max(512)]).default([8, 4]),
    /** Odd kernel length shared by every layer ("same" padding of (k - 1) / 2). */
    kernelSize: z
      .number()
      .int()
      .min(1)
      .max(31)
      .refine((k) => k % 2 === 1, 'kernelSize must be odd')
      .default(3),
    activation: z.enum(['relu', 'tanh']).default('tanh'),
    epochs: z.number().int().min(1).max(10_000).default(50),
    batchSize: z.number().int().min(1).max(65_536).default(32),
    learningRate: z.number().positive().max(1).default(0.003),
    loss: z.enum(['mse', 'huber']).default('huber'),
    huberDelta: z.number().positive().default(1),
    validationFraction: z.number().min(0).max(0.5).default(0.1),
    patience: z.number().int().min(1).default(8),
    minDelta: z.number().min(0).default(0),
  })
  .strict();

export type ConvAutoencoderOptions = z.output<typeof convAutoencoderOptionsSchema>;
