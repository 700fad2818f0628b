import { describe, expect, it } from 'vitest';
import { Adam, EarlyStopping, reconstructionLoss, SeededRandom, splitValidationTail } from '../src/index.js';

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.next())(new SeededRandom(seed)));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    const values = draw(1);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('draws normals with mean near 0 and variance near 1', () => {
    const random = new SeededRandom(3);
    let sum = 0;
    let squares = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const v = random.normal();
      sum += v;
      squares += v * v;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.05);
  });

  it('shuffles into a permutation', () => {
    const values = Uint32Array.from({ length: 50 }, (_, i) => i);
    new SeededRandom(5).shuffle(values);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...values]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('Adam, losses and early stopping', () => {
  it('Adam minimises a quadratic', () => {
    const params = new Float64Array([5, -3]);
    const grads = new Float64Array(2);
    const adam = new Adam(2, { learningRate: 0.1 });
    for (let i = 0; i < 500; i++) {
      grads[0] = 2 * ((params[0] as number) - 1);
      grads[1] = 2 * ((params[1] as number) + 2);
      adam.update(params, grads);
    }
    expect(params[0]).toBeCloseTo(1, 3);
    expect(params[1]).toBeCloseTo(-2, 3);
  });

  it('Huber is quadratic inside delta and linear outside; MSE gradients are 2d', () => {
    const out = new Float64Array([0.5, 3, -3]);
    const target = new Float64Array([0, 0, 0]);
    const grad = new Float64Array(3);
    expect(reconstructionLoss('huber', out, target, grad, 3, 1, 1)).toBeCloseTo(0.125 + 2.5 + 2.5);
    expect(Array.from(grad)).toEqual([0.5, 1, -1]);
    expect(reconstructionLoss('mse', out, target, grad, 3, 0.5, 1)).toBeCloseTo(0.25 + 9 + 9);
    expect(Array.from(grad)).toEqual([0.5, 3, -3]);
  });

  it('EarlyStopping keeps the best parameters and stops after `patience` epochs without improvement', () => {
    const stopping = new EarlyStopping(2, 0, 1);
    const params = new Float64Array(1);
    const losses = [5, 3, 4, 4];
    const stops = losses.map((loss, epoch) => {
      params[0] = epoch;
      return stopping.observe(epoch, loss, params);
    });
    expect(stops).toEqual([false, false, false, true]);
    stopping.restore(params);
    expect(params[0]).toBe(1);
    expect(stopping.bestValidationLoss).toBe(3);
  });

  it('splits a validation tail only when it is large enough', () => {
    expect(splitValidationTail(100, 0.1, 8)).toEqual({ train: 90, validation: 10 });
    expect(splitValidationTail(50, 0.1, 8)).toEqual({ train: 50, validation: 0 });
    expect(splitValidationTail(100, 0, 8)).toEqual({ train: 100, validation: 0 });
  });
});
