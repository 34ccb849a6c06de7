// Core allocates the outputs of conv2d, pool2d and their gradient kernels without clearing them (the kernels must
// write every element), so under jit a replay's conv and pool outputs land in pooled buffers holding the previous
// replay's values. Each chain here runs jitted for several replays with fresh inputs and must equal eager exactly,
// including the zeros of input pixels no window reads (strides larger than the window).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lab from '@lab/core';
import { init, removeBackend, tensor, tidy, type Tensor } from '@lab/core';
import { createWasmPlugin } from '@lab/backend-wasm';
import { jit } from '@lab/jit';
import { expectSame, rng } from './helpers.js';

function rand(shape: number[], seed: number): Tensor {
  const r = rng(seed);
  return tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * r() - 1), { shape });
}

/** `f` jitted equals `f` eager for 4 replays with fresh inputs of `shapes`. */
function agree(f: (...x: Tensor[]) => Tensor[], shapes: number[][]): void {
  const jf = jit(f);
  tidy(() => {
    for (let round = 0; round < 4; round++) {
      const xs = shapes.map((s, i) => rand(s, 31 * round + i + 1));
      const e = f(...xs);
      const j = jf(...xs) as Tensor[];
      expect(j.length).toBe(e.length);
      e.forEach((t, k) => expectSame(j[k], t, `round ${round} output ${k}`));
    }
  });
}

const { conv2d, conv2dBackpropInput, conv2dBackpropFilter, maxPool, avgPool, maxPoolBackprop, avgPoolBackprop, relu, add, mul } = lab;

describe.each([1, 2])('conv and pool outputs under jit (wasm, %i threads)', (threads) => {
  beforeAll(async () => {
    await init(createWasmPlugin({ threads, name: `wasm-cp-${threads}` }));
  });
  afterAll(() => {
    removeBackend(`wasm-cp-${threads}`);
  });

  it('conv2d, pooling and every gradient kernel in one chain', () => {
    agree((x, w, dy) => {
      const c = conv2d(x, w, 1, 'same');
      const r = relu(c);
      const p = maxPool(r, 2);
      const a = avgPool(c, 3, 1, 'same');
      const gp = maxPoolBackprop(dy, r, 2);
      const ga = avgPoolBackprop(a, x.shape, 3, 1, 'same');
      const gi = conv2dBackpropInput(add(gp, ga), w, x.shape, 1, 'same');
      const gf = conv2dBackpropFilter(x, gi, w.shape, 1, 'same');
      return [add(p, dy), mul(gi, 2), gf];
    }, [[2, 8, 8, 16], [3, 3, 16, 16], [2, 4, 4, 16]]);
  });

  it('gradients with gaps: pixels no window reads come back 0, not a previous replay\'s values', () => {
    agree((x, w, dy, py) => {
      // stride 2 with a 1x1 filter, and 2x2 pooling windows every 3 pixels, leave input pixels untouched
      const gi = conv2dBackpropInput(dy, w, x.shape, 2, 'valid');
      const gm = maxPoolBackprop(py, x, 2, 3);
      const ga = avgPoolBackprop(py, x.shape, 2, 3);
      return [add(gi, 1), add(gm, 1), add(ga, 1), relu(conv2d(x, w, 2))];
    }, [[2, 9, 9, 4], [1, 1, 4, 4], [2, 5, 5, 4], [2, 3, 3, 4]]);
  });
});
