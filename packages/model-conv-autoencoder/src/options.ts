import { reconstructionTrainingOptions } from '@numalogic/onnx';
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
    ...reconstructionTrainingOptions,
  })
  .strict();

export type ConvAutoencoderOptions = z.output<typeof convAutoencoderOptionsSchema>;
