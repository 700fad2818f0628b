import { OnnxRunner } from '@numalogic/onnx';
import { DenseNetwork, denseAutoencoderOptionsSchema, layerSizes, trainDenseAutoencoder } from '../index.js';
import { benchWindows } from './data.js';
import { formatFigure, median, servableBundle, timePerCall } from '@numalogic/onnx/testing';
import { matmulFlops } from './measure.js';

/**
 * Dense autoencoder bench: training time (2,000 windows of 12x3, 50 epochs, target ≤ 2 s) and ONNX
 * Runtime inference at batch 1, 64 and 1024, each beside the model's FLOPs and two baselines measured
 * in the same run: a plain JS matmul (the machine's scalar FLOP/s) and our own TS forward pass.
 */
const WINDOW = 12;
const FEATURES = 3;
const COUNT = 2000;
const EPOCHS = 50;

async function main(): Promise<void> {
  const windows = benchWindows(COUNT, WINDOW, FEATURES, 1);
  const shape = { count: COUNT, window: WINDOW, features: FEATURES };
  // validationFraction 0: every run does all 50 epochs (no early stop), so the figure is for 50 epochs.
  const options = { epochs: EPOCHS, validationFraction: 0 };
  const resolved = denseAutoencoderOptionsSchema.parse(options);
  const sizes = layerSizes(WINDOW * FEATURES, resolved);
  let macs = 0;
  for (let l = 0; l + 1 < sizes.length; l++) macs += (sizes[l] as number) * (sizes[l + 1] as number);
  const forwardFlops = 2 * macs;
  // Forward + backward (input gradient and weight gradient) ≈ 3 forward passes.
  const trainFlops = 3 * forwardFlops * COUNT * EPOCHS;

  const machineFlops = matmulFlops(128, 1500);
  console.log(`machine baseline: plain JS Float64 matmul 128x128x128: ${formatFigure(machineFlops / 1e9, 2)} GFLOP/s`);

  const trainingMs: number[] = [];
  let last = await trainDenseAutoencoder(windows, shape, options, { seed: 1 });
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    last = await trainDenseAutoencoder(windows, shape, options, { seed: 1 });
    trainingMs.push(performance.now() - started);
  }
  const trainMs = median(trainingMs);
  const trainRate = trainFlops / (trainMs / 1000);
  console.log(
    `train dense AE [${sizes.join('-')}] ${resolved.activation}, ${COUNT} windows ${WINDOW}x${FEATURES}, ${last.training.epochs} epochs, batch ${resolved.batchSize}: ` +
      `median ${formatFigure(trainMs)} ms of 3 (${trainingMs.map((v) => formatFigure(v)).join(', ')}); target ≤ 2000 ms; ` +
      `${formatFigure(trainRate / 1e9, 2)} GFLOP/s = ${formatFigure((100 * trainRate) / machineFlops, 0)}% of the matmul baseline`,
  );

  // Our own forward pass: the training network's batched loop (Float64), with the input copied in as inference would.
  const network = new DenseNetwork(sizes, resolved.activation, 1024);
  network.params.set(Float64Array.from(network.params, (_, i) => Math.sin(i)));
  const tsForward = (input: Float32Array, batch: number) => {
    (network.outputs[0] as Float64Array).set(input);
    return network.forward(batch);
  };
  const bundle = servableBundle(last.onnx, WINDOW, FEATURES, 'reconstruction', '1', 'dense-autoencoder');
  const runner = new OnnxRunner();
  console.log(`inference: ${formatFigure(forwardFlops)} FLOPs per window (forward)`);
  console.log('| batch | ORT runner windows/s | ORT GFLOP/s | TS forward windows/s | ORT / TS |');
  for (const batch of [1, 64, 1024]) {
    const input = windows.subarray(0, batch * WINDOW * FEATURES);
    const ortMs = await timePerCall(() => runner.score(bundle, input), 1500);
    const tsMs = await timePerCall(() => tsForward(input, batch), 800);
    const ortRate = (batch * 1000) / ortMs;
    const tsRate = (batch * 1000) / tsMs;
    console.log(`| ${batch} | ${formatFigure(ortRate)} | ${formatFigure((ortRate * forwardFlops) / 1e9, 2)} | ${formatFigure(tsRate)} | ${formatFigure(ortRate / tsRate, 2)} |`);
  }
  await runner.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
