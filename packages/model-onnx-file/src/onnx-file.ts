import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { checkTrainingWindows, inspectModel, MODEL_INPUT, type ModelOutput, type ModelPackage, type WindowShape } from '@numalogic/onnx';

export const onnxFileOptionsSchema = z.strictObject({
  /** Path of the .onnx file, read when the trainer builds a key's bundle (a mounted volume in a cluster). */
  path: z.string().min(1, 'give the path of the .onnx file'),
});
export type OnnxFileOptions = z.output<typeof onnxFileOptionsSchema>;

/** Checks the graph keeps the model contract for these windows; every mismatch is named. */
export function checkContract(bytes: Uint8Array, output: ModelOutput, shape: Pick<WindowShape, 'window' | 'features'>, where: string): void {
  const summary = inspectModel(bytes);
  const problems: string[] = [];
  const input = summary.inputs.find((i) => i.name === MODEL_INPUT);
  if (!input) problems.push(`no input named "${MODEL_INPUT}" (inputs: ${summary.inputs.map((i) => i.name).join(', ') || 'none'})`);
  else {
    const [, window, features] = input.dims;
    if (input.dims.length !== 3) problems.push(`input x must be [batch, window, features], has ${input.dims.length} dims`);
    if (typeof window === 'number' && window !== shape.window) problems.push(`input x has window ${window}, the configuration says ${shape.window}`);
    if (typeof features === 'number' && features !== shape.features) problems.push(`input x has ${features} features, the configuration has ${shape.features}`);
  }
  if (!summary.outputs.some((o) => o.name === output)) {
    problems.push(`no output named "${output}" (outputs: ${summary.outputs.map((o) => o.name).join(', ') || 'none'})`);
  }
  if (problems.length > 0) throw new Error(`${where} does not keep the model contract (docs/models.md): ${problems.join('; ')}`);
}

function onnxFilePackage(name: string, output: ModelOutput): ModelPackage<OnnxFileOptions> {
  return {
    name,
    optionsSchema: onnxFileOptionsSchema,
    output,
    // "Training" a pre-trained model is checking it fits this key's windows; the trainer still fits the
    // transforms before it and the threshold after it on the key's own history.
    async train(windows, shape, options) {
      const started = performance.now();
      const parsed = onnxFileOptionsSchema.parse(options ?? {});
      checkTrainingWindows(windows, shape);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(parsed.path));
      } catch (err) {
        throw new Error(`${name}: cannot read ${parsed.path}: ${(err as Error).message}`);
      }
      checkContract(bytes, output, shape, parsed.path);
      return {
        onnx: bytes,
        options: parsed,
        training: {
          samples: shape.count,
          durationMs: performance.now() - started,
          pretrained: true,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        },
      };
    },
  };
}

/** A user's ONNX model whose output is `reconstruction` [batch, window, features]. */
export const onnxFile = onnxFilePackage('onnx-file', 'reconstruction');
/** A user's ONNX model whose output is `score` [batch, features]. */
export const onnxScoreFile = onnxFilePackage('onnx-score-file', 'score');
