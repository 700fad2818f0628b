/**
 * Plain-object shapes of the ONNX messages we write, as protobufjs expects them (keepCase field names).
 * int64 fields are plain numbers: every value we write (dims, attributes, versions) is far below 2^53.
 */
export interface TensorProtoObject {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  int64_data?: number[];
  float_data?: number[];
}

export interface AttributeProtoObject {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
}

export interface NodeProtoObject {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeProtoObject[];
  domain?: string;
}

export interface DimensionObject {
  dim_value?: number;
  dim_param?: string;
}

export interface ValueInfoProtoObject {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: DimensionObject[] } } };
}

export interface GraphProtoObject {
  name: string;
  node: NodeProtoObject[];
  initializer: TensorProtoObject[];
  input: ValueInfoProtoObject[];
  output: ValueInfoProtoObject[];
  doc_string?: string;
}

export interface ModelProtoObject {
  ir_version: number;
  opset_import: { domain: string; version: number }[];
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  graph: GraphProtoObject;
  metadata_props?: { key: string; value: string }[];
}
