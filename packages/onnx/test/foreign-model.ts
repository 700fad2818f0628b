import { ModelProtoType } from '../src/index.js';

/**
 * ONNX models written directly with the protobuf schema, not through GraphBuilder: stand-ins for files
 * exported by other tools (PyTorch, say), with their own IR version and opset.
 */
function valueInfo(name: string, dims: (number | string)[]) {
  return {
    name,
    type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
  };
}

function encode(irVersion: number, opset: number, graph: object): Uint8Array {
  return ModelProtoType.encode(
    ModelProtoType.fromObject({ ir_version: irVersion, opset_import: [{ domain: '', version: opset }], producer_name: 'hand-written', graph }),
  ).finish();
}

/** reconstruction = x (Identity): every error is zero. IR 10 / opset 21, newer than what we emit. */
export function identityReconstruction(window: number, features: number): Uint8Array {
  return encode(10, 21, {
    name: 'identity',
    node: [{ op_type: 'Identity', input: ['x'], output: ['reconstruction'], name: 'id' }],
    input: [valueInfo('x', ['N', window, features])],
    output: [valueInfo('reconstruction', ['N', window, features])],
  });
}

/** reconstruction = x - 1 as a Sub with a constant: every error is exactly 1. IR 7 / opset 13. */
export function shiftedReconstruction(window: number, features: number): Uint8Array {
  return encode(7, 13, {
    name: 'shifted',
    node: [{ op_type: 'Sub', input: ['x', 'one'], output: ['reconstruction'], name: 'sub' }],
    initializer: [{ name: 'one', dims: [1], data_type: 1, float_data: [1] }],
    input: [valueInfo('x', ['N', window, features])],
    output: [valueInfo('reconstruction', ['N', window, features])],
  });
}

/** score = max over the window of x, per feature (ReduceMax, keepdims 0). IR 7 / opset 13. */
export function maxScore(window: number, features: number): Uint8Array {
  return encode(7, 13, {
    name: 'max_score',
    node: [
      {
        op_type: 'ReduceMax',
        input: ['x'],
        output: ['score'],
        name: 'max',
        attribute: [
          { name: 'axes', type: 7, ints: [1] },
          { name: 'keepdims', type: 2, i: 0 },
        ],
      },
    ],
    input: [valueInfo('x', ['N', window, features])],
    output: [valueInfo('score', ['N', features])],
  });
}
