import { AttributeType } from '../proto/onnx-subset.js';
import type { AttributeProtoObject } from '../proto/types.js';

/** A node attribute value: integers and floats are told apart explicitly, since JS numbers are both. */
export type AttributeValue =
  | { int: number }
  | { float: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { string: string };

export const int = (value: number): AttributeValue => ({ int: value });
export const float = (value: number): AttributeValue => ({ float: value });
export const ints = (values: readonly number[]): AttributeValue => ({ ints: values });
export const floats = (values: readonly number[]): AttributeValue => ({ floats: values });
export const string = (value: string): AttributeValue => ({ string: value });

export function toAttributeProto(name: string, value: AttributeValue): AttributeProtoObject {
  if ('int' in value) {
    if (!Number.isSafeInteger(value.int)) throw new Error(`attribute ${name}: ${value.int} is not an integer`);
    return { name, type: AttributeType.INT, i: value.int };
  }
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('ints' in value) {
    const bad = value.ints.find((v) => !Number.isSafeInteger(v));
    if (bad !== undefined) throw new Error(`attribute ${name}: ${bad} is not an integer`);
    return { name, type: AttributeType.INTS, ints: [...value.ints] };
  }
  if ('floats' in value) return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) };
}
