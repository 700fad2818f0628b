import { describe, expect, it } from 'vitest';
import {
  activation,
  contractInput,
  conv1d,
  convTranspose1d,
  dense,
  EMITTED_IR_VERSION,
  EMITTED_OPSET,
  GraphBuilder,
  inspectModel,
  ints,
  OnnxRunner,
  reshapeBatch,
  transpose,
} from '../src/index.js';
import { bundleOf, patternWindows } from './helpers.js';

describe('GraphBuilder', () => {
  it('writes ONNX that reads back with our IR version, opset, dynamic batch and metadata', () => {
    const graph = new GraphBuilder('g');
    const x = contractInput(graph, 3, 2);
    const flat = reshapeBatch(graph, x, [6]);
    const hidden = activation(graph, dense(graph, flat, new Float32Array(24), new Float32Array(4), 6, 4), 'relu');
    const back = dense(graph, hidden, new Float32Array(24), new Float32Array(6), 4, 6);
    reshapeBatch(graph, back, [3, 2], 'reconstruction');
    graph.addOutput('reconstruction', ['batch', 3, 2]);
    const summary = inspectModel(graph.toBytes({ properties: { b: '2', a: '1' } }));
    expect(summary).toEqual({
      irVersion: EMITTED_IR_VERSION,
      opsets: [{ domain: '', version: EMITTED_OPSET }],
      producerName: 'numalogic-ts',
      inputs: [{ name: 'x', dims: ['batch', 3, 2] }],
      outputs: [{ name: 'reconstruction', dims: ['batch', 3, 2] }],
      operators: ['Gemm', 'Relu', 'Reshape'],
      metadata: { a: '1', b: '2' },
    });
  });

  it('refuses duplicate names, mis-sized initializers and non-integer attributes', () => {
    const graph = new GraphBuilder('g');
    graph.addInput('x', ['batch', 2]);
    expect(() => graph.addFloatInitializer('x', [1, 2], [2])).toThrow(/"x" is already used/);
    expect(() => graph.addFloatInitializer('w', [1, 2, 3], [2, 2])).toThrow(/3 values do not fill dims \[2, 2\]/);
    expect(() => graph.addInt64Initializer('s', [1.5])).toThrow(/1.5 is not an integer/);
    expect(() => graph.op('Transpose', ['x'], { perm: ints([0.5]) })).toThrow(/0.5 is not an integer/);
  });

  it('builds Conv and ConvTranspose graphs that ONNX Runtime runs with the expected shapes and values', async () => {
    // x [batch, 6, 1] -> [batch, 1, 6] -> Conv k=3 s=2 p=1 (sums of neighbours) -> ConvTranspose back to length 6.
    const graph = new GraphBuilder('conv');
    const x = contractInput(graph, 6, 1);
    const channels = transpose(graph, x, [0, 2, 1]);
    const down = conv1d(graph, channels, { inChannels: 1, outChannels: 1, kernel: 3, stride: 2, pad: 1 }, [1, 1, 1], [0]);
    const up = convTranspose1d(graph, down, { inChannels: 1, outChannels: 1, kernel: 3, stride: 2, pad: 1, outputPadding: 1 }, [0, 1, 0], [0.5]);
    transpose(graph, up, [0, 2, 1], 'reconstruction');
    graph.addOutput('reconstruction', ['batch', 6, 1]);
    const runner = new OnnxRunner();
    try {
      const windows = new Float32Array([1, 2, 3, 4, 5, 6]);
      const out = await runner.output(bundleOf(graph.toBytes(), 6, 1, 'reconstruction'), windows);
      // Conv outputs at t=0,2,4: (0+1+2)=3, (2+3+4)=9, (4+5+6)=15; ConvTranspose with kernel [0,1,0]
      // puts them at positions 0, 2, 4 and the bias 0.5 everywhere.
      expect(Array.from(out)).toEqual([3.5, 0.5, 9.5, 0.5, 15.5, 0.5]);
    } finally {
      await runner.close();
    }
  });
});
