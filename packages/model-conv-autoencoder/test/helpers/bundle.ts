import type { ModelOutput, ServableBundle } from '@numalogic/onnx';

/** A bundle shaped like the store's, around freshly exported ONNX bytes. */
export function bundleOf(onnx: Uint8Array, window: number, features: number, output: ModelOutput, version = '1', name = 'test-model'): ServableBundle {
  return {
    manifest: {
      key: ['svc', 'metric'],
      version,
      window,
      features: Array.from({ length: features }, (_, i) => `f${i}`),
      model: { name, output },
    },
    model: onnx,
  };
}
