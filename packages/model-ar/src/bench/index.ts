import { OnnxRunner } from '@numalogic/onnx';
import { arPredictionErrors, arWindow, fitAr } from '../index.js';
import { benchWindows, compareScoring, formatFigure, median, servableBundle } from '@numalogic/onnx/testing';

/**
 * ar-window bench: training (normal equations, Cholesky, ONNX export) on 2,000 windows of 12x1 and 12x3, then
 * ONNX Runtime scoring at batch 1 and 64 beside the baseline measured in the same run: the same prediction
 * error computed in TypeScript (arPredictionErrors), on the same windows.
 */
const WINDOW = 12;
const COUNT = 2000;

async function main(): Promise<void> {
  const runner = new OnnxRunner();
  console.log(`ar-window: ${COUNT} training windows of ${WINDOW}xF, ridge 1e-3; seasonal data (period 288) + noise`);
  console.log('| F | train ms (median of 21) | batch | ORT windows/s | TS windows/s | ORT / TS | max |ORT - TS| |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const features of [1, 3]) {
    // One series: the first COUNT windows train, the next 1,024 are scored.
    const { training, queries, size, shape } = benchWindows(COUNT, 1024, WINDOW, features);

    const trainMs: number[] = [];
    // Five warm-up fits first, so the median times compiled code rather than the JIT's first passes.
    let result = await arWindow.train(training, shape);
    for (let run = 0; run < 4; run++) result = await arWindow.train(training, shape);
    for (let run = 0; run < 21; run++) {
      const started = performance.now();
      result = await arWindow.train(training, shape);
      trainMs.push(performance.now() - started);
    }

    const model = fitAr(training, shape, 1e-3);
    const bundle = servableBundle(result.onnx, WINDOW, features, 'score', `F${features}`, 'ar-window');
    for (const batch of [1, 64]) {
      const r = await compareScoring(runner, bundle, queries, size, batch, (windows, count) => arPredictionErrors(model, windows, count));
      console.log(`| ${features} | ${formatFigure(median(trainMs), 1)} | ${batch} | ${formatFigure(r.ortRate)} | ${formatFigure(r.referenceRate)} | ${formatFigure(r.ortRate / r.referenceRate, 3)} | ${r.maxDiff.toExponential(1)} |`);
    }
    await runner.evict(bundle);
  }
  await runner.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
