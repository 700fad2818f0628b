import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, OnnxRunner } from '@numalogic/onnx';
import { onnxFile, onnxScoreFile } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'onnx-file-'));
const runner = new OnnxRunner();
afterAll(() => runner.close());

/** A model written directly with the protobuf schema, as a foreign exporter would: reconstruction = x * 0.5. */
function halfModel(input = 'x', output = 'reconstruction', window = 4, features = 2): string {
  const g = new GraphBuilder('foreign');
  g.addInput(input, ['batch', window, features]);
  g.addFloatInitializer('half', [0.5], []);
  g.op('Mul', [input, 'half'], {}, output);
  g.addOutput(output, ['batch', window, features]);
  const path = join(dir, `${input}-${output}-${window}x${features}.onnx`);
  writeFileSync(path, g.toBytes());
  return path;
}

const shape = { count: 3, window: 4, features: 2 };
const windows = Float32Array.from({ length: 24 }, (_, i) => i + 1);

describe('onnx-file model package', () => {
  it('takes a contract-keeping file and serves it through the same runner as our own models', async () => {
    const path = halfModel();
    const result = await onnxFile.train(windows, shape, { path });
    expect(result.training).toMatchObject({ samples: 3, pretrained: true });
    expect(result.training['sha256']).toMatch(/^[0-9a-f]{64}$/);
    const bundle = { manifest: { key: ['k'], version: 'v1', window: 4, features: ['a', 'b'], model: { name: onnxFile.name, output: onnxFile.output } }, model: result.onnx };
    const scored = await runner.score(bundle, windows);
    // |x - x/2| averaged over the 4 steps of window 0: feature a = (1+3+5+7)/2/4 = 2, feature b = (2+4+6+8)/2/4 = 2.5
    expect(Array.from(scored.errors.slice(0, 2))).toEqual([2, 2.5]);
  });

  it('names every way a file breaks the contract', async () => {
    await expect(onnxFile.train(windows, shape, { path: halfModel('input') })).rejects.toThrow(/no input named "x"/);
    await expect(onnxFile.train(windows, shape, { path: halfModel('x', 'out') })).rejects.toThrow(/no output named "reconstruction"/);
    await expect(onnxFile.train(windows, shape, { path: halfModel('x', 'reconstruction', 6) })).rejects.toThrow(/window 6, the configuration says 4/);
    await expect(onnxScoreFile.train(windows, shape, { path: halfModel() })).rejects.toThrow(/no output named "score"/);
    await expect(onnxFile.train(windows, shape, { path: join(dir, 'missing.onnx') })).rejects.toThrow(/cannot read/);
    await expect(onnxFile.train(windows, shape, {})).rejects.toThrow();
    const junk = join(dir, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    await expect(onnxFile.train(windows, shape, { path: junk })).rejects.toThrow(/not an ONNX model/);
  });
});
