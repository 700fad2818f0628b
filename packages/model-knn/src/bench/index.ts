import { OnnxRunner, type WindowShape } from '@numalogic/onnx';
import { buildCodebook, columnOf, heldOutSample, knnHeldOutErrors, knnWindow, nearestDistances, nearestSquared, trainKnnWindow, type Codebook, type KnnWindowOptions } from '../index.js';
import { benchWindows, compareScoring, formatFigure, median, servableBundle } from '@numalogic/onnx/testing';

/**
 * knn-window bench: training (codebook + ONNX export) and the held-out threshold errors on 2,000 windows of
 * 12x1 and 12x3, the latter beside a plain scan of the codebook for the same errors (nearestSquared with the
 * same exclusion zone, early abandoning only); then ONNX Runtime scoring at batch 1 and 64 beside the baseline
 * measured in the same run: the same nearest-neighbour search in TypeScript (exact, with early abandoning), on
 * the same windows.
 */
const WINDOW = 12;
const COUNT = 2000;
const MEMORY = 2000;

/**
 * The held-out errors as knnHeldOutErrors computes them, by a plain scan of the codebook per window: the same
 * sample (options.heldOutWindows) and exclusion zone (options.exclusion, else the windows' span or length).
 */
function plainHeldOut(windows: Float32Array | Float64Array, shape: WindowShape, codebook: Codebook, options: KnnWindowOptions): Float64Array {
  const { window, features } = shape;
  const exclusion = options.exclusion ?? shape.span ?? shape.window;
  const sample = heldOutSample(shape.count, options.heldOutWindows);
  const out = new Float64Array(sample.length * features);
  const query = new Float64Array(window);
  sample.forEach((i, row) => {
    const own = i - codebook.first;
    for (let f = 0; f < features; f++) {
      columnOf(windows, i, f, window, features, query);
      const best = nearestSquared(codebook, f, query, Math.max(0, own - exclusion + 1), Math.min(codebook.size - 1, own + exclusion - 1));
      out[row * features + f] = Math.sqrt(best / window);
    }
  });
  return out;
}

async function main(): Promise<void> {
  const runner = new OnnxRunner();
  console.log(`knn-window: ${COUNT} training windows of ${WINDOW}xF, codebook memory ${MEMORY}, held-out sample 500; seasonal data (period 288) + noise`);
  console.log('| F | train ms (median of 5) | held-out errors ms (median of 5) | plain scan ms | held-out / plain | batch | ORT windows/s | TS search windows/s | ORT / TS | max |ORT - TS| |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const features of [1, 3]) {
    // One series: the first COUNT windows train, the next 1,024 (never in the codebook) are scored.
    const { training, queries, size, shape } = benchWindows(COUNT, 1024, WINDOW, features);

    const trainMs: number[] = [];
    const heldOutMs: number[] = [];
    const plainMs: number[] = [];
    let result = await trainKnnWindow(training, shape, { memory: MEMORY });
    for (let run = 0; run < 5; run++) {
      let started = performance.now();
      result = await knnWindow.train(training, shape, { memory: MEMORY });
      trainMs.push(performance.now() - started);
      started = performance.now();
      const held = knnHeldOutErrors(training, shape, result);
      heldOutMs.push(performance.now() - started);
      started = performance.now();
      const plain = plainHeldOut(training, shape, buildCodebook(training, shape, result.options.memory), result.options);
      plainMs.push(performance.now() - started);
      if (!held.every((e, k) => e === plain[k])) throw new Error('the held-out search and the plain scan disagree');
    }

    const codebook = buildCodebook(training, shape, MEMORY);
    const bundle = servableBundle(result.onnx, WINDOW, features, 'score', `F${features}`, 'knn-window');
    for (const batch of [1, 64]) {
      // Each call takes the next `batch` query windows in turn: early abandoning makes the TS cost depend on the window.
      const r = await compareScoring(runner, bundle, queries, size, batch, (windows, count) => nearestDistances(codebook, windows, count));
      console.log(
        `| ${features} | ${formatFigure(median(trainMs), 1)} | ${formatFigure(median(heldOutMs), 1)} | ${formatFigure(median(plainMs), 1)} | ${formatFigure(median(heldOutMs) / median(plainMs), 2)} | ${batch} | ${formatFigure(r.ortRate)} | ${formatFigure(r.referenceRate)} | ${formatFigure(r.ortRate / r.referenceRate, 2)} | ${r.maxDiff.toExponential(1)} |`,
      );
    }
    await runner.evict(bundle);
  }
  await runner.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
