export { MODEL_INPUT, MODEL_OUTPUTS, BATCH_DIM, EMITTED_IR_VERSION, EMITTED_OPSET, PRODUCER_NAME, type ModelOutput } from './contract.js';
export { GraphBuilder, type Dim, type ModelMetadata } from './graph/graph-builder.js';
export { int, float, ints, floats, string, type AttributeValue } from './graph/attributes.js';
export { activation, dense, reshapeBatch, transpose, conv1d, convTranspose1d, contractInput, type Activation, type Conv1dSpec } from './graph/layers.js';
export { encodeModel, inspectModel, type ModelSummary } from './proto/codec.js';
export { ModelProtoType, TensorDataType, AttributeType } from './proto/onnx-subset.js';
export type { ModelProtoObject, GraphProtoObject, NodeProtoObject, TensorProtoObject, ValueInfoProtoObject, AttributeProtoObject } from './proto/types.js';
export {
  checkTrainingWindows,
  type ModelPackage,
  type TrainContext,
  type TrainProgress,
  type TrainResult,
  type TrainingFigures,
  type WindowShape,
} from './model-package.js';
export { OnnxRunner, type OnnxRunnerOptions, type ScoredWindows } from './runner/onnx-runner.js';
export { ModelInputError, ModelContractError } from './runner/errors.js';
export { sessionKey, type ServableBundle } from './runner/servable.js';
export { reconstructionError } from './runner/reconstruction-error.js';
export { SeededRandom } from './training/random.js';
export { Adam, type AdamOptions } from './training/adam.js';
export { reconstructionLoss, type LossName } from './training/loss.js';
export { EarlyStopping } from './training/early-stopping.js';
export { splitValidationTail, toFloat64, gatherRows } from './training/data.js';
export { reconstructionTrainingOptions } from './training/options.js';
export { fitReconstruction, reconstructionTrainingFigures, type ReconstructionNetwork, type ReconstructionFitOptions, type ReconstructionFit } from './training/fit.js';
