/** The model contract every served model keeps (see docs/models.md). */

/** Name of the single graph input: float32 [batch, window, features]. */
export const MODEL_INPUT = 'x';

/** What a model's graph outputs: a reconstruction of `x`, or a ready score per feature. */
export type ModelOutput = 'reconstruction' | 'score';

export const MODEL_OUTPUTS: readonly ModelOutput[] = ['reconstruction', 'score'];

/** Name of the symbolic batch dimension we write into graph inputs and outputs. */
export const BATCH_DIM = 'batch';

/** IR version and default-domain opset of every graph we emit (ONNX 1.12 level; ReduceMean takes `axes` as an attribute). */
export const EMITTED_IR_VERSION = 8;
export const EMITTED_OPSET = 17;

export const PRODUCER_NAME = 'numalogic-ts';
