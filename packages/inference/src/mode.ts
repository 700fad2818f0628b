export type InferenceMode = 'batch' | 'unary';

/** NUMALOGIC_MAP_MODE: `batch` (default: one ONNX run per bundle per batch) or `unary`. */
export function inferenceMode(env: Record<string, string | undefined>): InferenceMode {
  const mode = env['NUMALOGIC_MAP_MODE'] ?? 'batch';
  if (mode !== 'batch' && mode !== 'unary') throw new Error(`NUMALOGIC_MAP_MODE must be 'batch' or 'unary', got '${mode}'`);
  return mode;
}
