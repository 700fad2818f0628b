export { median, timePerCall as msPerCall } from '@numalogic/onnx/testing';
/** Seeded seasonal series (unit sines, a period per feature, plus noise) cut into stride-1 windows [count, window, features]. */
export function seasonalWindows(count: number, window: number, features: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const length = count + window - 1;
  const series = new Float64Array(length * features);
  for (let f = 0; f < features; f++) {
    const period = 288 / (f + 1);
    for (let t = 0; t < length; t++) series[t * features + f] = Math.sin((2 * Math.PI * t) / period) + 0.3 * noise();
  }
  const windows = new Float32Array(count * window * features);
  for (let w = 0; w < count; w++) windows.set(series.subarray(w * features, (w + window) * features), w * window * features);
  return windows;
}
