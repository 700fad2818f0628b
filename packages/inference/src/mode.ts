export type InferenceMode = 'batch' | 'unary';

/** NUMALOGIC_MAP_MODE: `batch` (default: one ONNX run per bundle per batch) or `unary`. */
export function inferenceMode(env: Record<string, string | undefined>): InferenceMode {
  const mode = env['NUMALOGIC_MAP_MODE'] ?? 'batch';
  if (mode !== 'batch' && mode !== 'unary') throw new Error(`NUMALOGIC_MAP_MODE must be 'batch' or 'unary', got '${mode}'`);
  return mode;
}

/**
 * NUMALOGIC_SCORING_THREAD: `on` (default: the stage scores on a worker thread while the main thread serves
 * gRPC, which pays on two cores or more) or `off` (everything on the main thread: a pod held to one core).
 */
export function scoringThreadWanted(env: Record<string, string | undefined>): boolean {
  const value = env['NUMALOGIC_SCORING_THREAD'] ?? 'on';
  if (value !== 'on' && value !== 'off') throw new Error(`NUMALOGIC_SCORING_THREAD must be 'on' or 'off', got '${value}'`);
  return value === 'on';
}
