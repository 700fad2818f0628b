import { BATCH_DIM, EMITTED_IR_VERSION, EMITTED_OPSET, PRODUCER_NAME } from '../contract.js';
import { encodeModel } from '../proto/codec.js';
import { TensorDataType } from '../proto/onnx-subset.js';
import type { DimensionObject, GraphProtoObject, NodeProtoObject, TensorProtoObject, ValueInfoProtoObject } from '../proto/types.js';
import { toAttributeProto, type AttributeValue } from './attributes.js';

/** A dimension of a graph input/output: a fixed size, or a symbolic name such as 'batch'. */
export type Dim = number | string;

export interface ModelMetadata {
  producerVersion?: string;
  docString?: string;
  /** Written as ModelProto.metadata_props; keys are sorted so equal metadata gives equal bytes. */
  properties?: Record<string, string>;
}

/**
 * Builds an ONNX graph node by node and serialises it. Names are chosen by the caller or numbered in
 * insertion order, so the same calls always give the same bytes (deterministic exports).
 */
export class GraphBuilder {
  private readonly nodes: NodeProtoObject[] = [];
  private readonly initializers: TensorProtoObject[] = [];
  private readonly inputs: ValueInfoProtoObject[] = [];
  private readonly outputs: ValueInfoProtoObject[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(private readonly graphName: string) {}

  /** A fresh value name with the given prefix (`prefix_0`, `prefix_1`, ...). */
  fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    return name;
  }

  /** Declares a float32 graph input; use the string BATCH_DIM ('batch') for a dynamic batch. */
  addInput(name: string, dims: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(floatValueInfo(name, dims));
    return name;
  }

  /** Declares a float32 graph output (the value must be produced by some node). */
  addOutput(name: string, dims: readonly Dim[]): string {
    this.outputs.push(floatValueInfo(name, dims));
    return name;
  }

  /** A float32 constant tensor stored in the model (weights, biases, statistics). */
  addFloatInitializer(name: string, values: ArrayLike<number>, dims: readonly number[]): string {
    checkSize(name, values.length, dims);
    this.claim(name);
    const data = Float32Array.from(values as ArrayLike<number>);
    this.initializers.push({
      name,
      dims: [...dims],
      data_type: TensorDataType.FLOAT,
      raw_data: littleEndianBytes(data),
    });
    return name;
  }

  /** An int64 constant tensor (shapes for Reshape, axes...). */
  addInt64Initializer(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    checkSize(name, values.length, dims);
    const bad = values.find((v) => !Number.isSafeInteger(v));
    if (bad !== undefined) throw new Error(`initializer ${name}: ${bad} is not an integer`);
    this.claim(name);
    this.initializers.push({ name, dims: [...dims], data_type: TensorDataType.INT64, int64_data: [...values] });
    return name;
  }

  /**
   * Appends a node. Nodes must be added in topological order (each input defined before use).
   * Returns the output names; `outputs` defaults to one fresh name derived from the operator.
   */
  addNode(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    outputs: readonly string[] = [this.fresh(opType.toLowerCase())],
  ): string[] {
    for (const output of outputs) this.claim(output);
    this.nodes.push({
      name: `${opType}_${this.nodes.length}`,
      op_type: opType,
      input: [...inputs],
      output: [...outputs],
      attribute: Object.keys(attributes)
        .sort()
        .map((key) => toAttributeProto(key, attributes[key] as AttributeValue)),
    });
    return [...outputs];
  }

  /** Appends a node with one output and returns that output's name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const [name] = this.addNode(opType, inputs, attributes, output === undefined ? undefined : [output]);
    return name as string;
  }

  toGraph(): GraphProtoObject {
    return {
      name: this.graphName,
      node: [...this.nodes],
      initializer: [...this.initializers],
      input: [...this.inputs],
      output: [...this.outputs],
    };
  }

  /** Serialises the graph as a model with our IR version and opset. */
  toBytes(metadata: ModelMetadata = {}): Uint8Array {
    const properties = metadata.properties ?? {};
    return encodeModel({
      ir_version: EMITTED_IR_VERSION,
      opset_import: [{ domain: '', version: EMITTED_OPSET }],
      producer_name: PRODUCER_NAME,
      producer_version: metadata.producerVersion ?? '0.1.0',
      ...(metadata.docString === undefined ? {} : { doc_string: metadata.docString }),
      graph: this.toGraph(),
      metadata_props: Object.keys(properties)
        .sort()
        .map((key) => ({ key, value: properties[key] as string })),
    });
  }

  private claim(name: string): void {
    if (name.length === 0) throw new Error('an ONNX value name must not be empty');
    if (this.names.has(name)) throw new Error(`ONNX value name "${name}" is already used in graph ${this.graphName}`);
    this.names.add(name);
  }
}

function floatValueInfo(name: string, dims: readonly Dim[]): ValueInfoProtoObject {
  const dim: DimensionObject[] = dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: TensorDataType.FLOAT, shape: { dim } } } };
}

function checkSize(name: string, length: number, dims: readonly number[]): void {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length) throw new Error(`initializer ${name}: ${length} values do not fill dims [${dims.join(', ')}]`);
}

/** ONNX raw_data is little-endian; copy through a DataView so big-endian hosts write the same bytes. */
function littleEndianBytes(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i] as number, true);
  return bytes;
}

export { BATCH_DIM };
