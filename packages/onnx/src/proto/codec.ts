import { ModelProtoType } from './onnx-subset.js';
import type { ModelProtoObject } from './types.js';

/** Serialises a model object to ONNX bytes (a `.onnx` file's content). */
export function encodeModel(model: ModelProtoObject): Uint8Array {
  const invalid = ModelProtoType.verify(model);
  if (invalid) throw new Error(`ONNX model object is malformed: ${invalid}`);
  return ModelProtoType.encode(ModelProtoType.fromObject(model)).finish();
}

/** Summary of an ONNX file read back: enough to check versions and the input/output names. */
export interface ModelSummary {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producerName: string;
  inputs: { name: string; dims: (number | string)[] }[];
  outputs: { name: string; dims: (number | string)[] }[];
  operators: string[];
  metadata: Record<string, string>;
}

interface DecodedDim { dim_value?: number; dim_param?: string }
interface DecodedValueInfo { name?: string; type?: { tensor_type?: { shape?: { dim?: DecodedDim[] } } } }

/** Reads the header of ONNX bytes (ours or foreign); throws a clear error when they are not ONNX. */
export function inspectModel(bytes: Uint8Array): ModelSummary {
  let decoded: Record<string, unknown>;
  try {
    decoded = ModelProtoType.toObject(ModelProtoType.decode(bytes), {
      longs: Number,
      defaults: false,
      arrays: true,
    });
  } catch (error) {
    throw new Error(`bytes are not an ONNX model: ${(error as Error).message}`);
  }
  const graph = (decoded.graph ?? {}) as { input?: DecodedValueInfo[]; output?: DecodedValueInfo[]; node?: { op_type?: string }[] };
  const dimsOf = (info: DecodedValueInfo) =>
    (info.type?.tensor_type?.shape?.dim ?? []).map((d) => d.dim_param ?? d.dim_value ?? '?');
  const props = (decoded.metadata_props ?? []) as { key?: string; value?: string }[];
  return {
    irVersion: Number(decoded.ir_version ?? 0),
    opsets: ((decoded.opset_import ?? []) as { domain?: string; version?: number }[]).map((o) => ({
      domain: o.domain ?? '',
      version: Number(o.version ?? 0),
    })),
    producerName: String(decoded.producer_name ?? ''),
    inputs: (graph.input ?? []).map((i) => ({ name: i.name ?? '', dims: dimsOf(i) })),
    outputs: (graph.output ?? []).map((o) => ({ name: o.name ?? '', dims: dimsOf(o) })),
    operators: [...new Set((graph.node ?? []).map((n) => n.op_type ?? ''))].sort(),
    metadata: Object.fromEntries(props.map((p) => [p.key ?? '', p.value ?? ''])),
  };
}
