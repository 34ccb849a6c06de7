// Curriculum C2: kinds of tensors, variables, the linear fit, the training step and the gradients.
import { describe, expect, it } from 'vitest';
import { main } from '../src/samples/c2-kinds.js';
import { collector, useCpu } from './setup.js';

useCpu();

describe('C2: kinds of tensors', () => {
  it('prints and returns every value of the curriculum', async () => {
    const out = collector();
    const r = await main({ log: out.log });
    const text = out.text();

    expect(r.variables.hello).toBe('Hello');
    expect(r.variables.constant).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.variables.int32).toEqual({ dtype: 'int32', shape: [2] });
    expect(r.variables.float32Text).toBe("<lab.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=[1. 2.]>");
    expect(r.variables.shapeError).toMatch(/\[4\].*\[2,2\]/); // names both shapes
    expect(r.variables.unknownShape).toEqual([null]);
    expect(r.variables.string).toBe('Elephant');
    expect(r.variables.complex).toContain('numpy=(4+3j)');
    expect(r.variables.complex).toContain('dtype=complex64');
    expect(r.variables.int32Value).toEqual([1, 2, 3]);

    expect(r.constants.shaped).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(r.constants.filled).toEqual([[-1, -1, -1], [-1, -1, -1]]);
    expect(r.addText).toBe('lab.Tensor([4 6], shape=(2,), dtype=int32)');
    expect(r.addDtype).toBe('int32');

    expect(r.ops.square5).toBe(25);
    expect(r.ops.reduceSum).toBe(6);
    expect(r.ops.squares).toBe(13);
    expect(r.ops.aPlus1).toEqual([[2, 3], [4, 5]]);
    expect(r.ops.aSquared).toEqual([[1, 4], [9, 16]]);
    expect(r.ops.threes).toEqual([[3, 3, 3], [3, 3, 3], [3, 3, 3]]);
    expect(r.ops.threesDtype).toBe('float64');
    expect(r.interop).toEqual({ plus: [11, 22, 33], typed: 'Float32Array', fromTyped: [7, 8, 9] });

    expect(r.v).toEqual({ plus1: 1, afterAssignAdd: 1 });
    expect(r.layerVariables).toEqual([100, 0, 1]);
    expect(r.castDtype).toBe('float32');

    // Linear fit: w within 0.05 of 2 and b within 0.1 of -1.
    expect(Math.abs(r.linearFit.w - 2)).toBeLessThan(0.05);
    expect(Math.abs(r.linearFit.b + 1)).toBeLessThan(0.1);
    expect(r.linearFit.lastLoss).toBeLessThan(r.linearFit.firstLoss);

    // The training step records a falling loss history.
    expect(r.trainingStep.losses).toHaveLength(30);
    expect(r.trainingStep.losses[29]).toBeLessThan(r.trainingStep.losses[0]);

    // Gradients.
    expect(r.gradients.wSquared).toEqual([[2]]);
    expect(r.gradients.dzdx).toEqual([[8, 8], [8, 8]]);
    expect(r.gradients.persistent).toEqual({ dz: 108, dy: 6 });
    expect(r.gradients.nested).toEqual({ first: 3, second: 6 });

    expect(text).toContain("Variable('Hello', string): <lab.Variable 'Variable:0' shape=() dtype=string, numpy='Hello'>");
    expect(text).toContain('add([1, 2], [3, 4]) = lab.Tensor([4 6], shape=(2,), dtype=int32)');
    expect(text).toContain('square(5) = 25; reduceSum([1, 2, 3]) = 6; square(2) + square(3) = 13');
    expect(text).toContain("MyLayer's variables: [100, 0, 1]");
    expect(text).toContain('dloss/dw = lab.Tensor([[2.]], shape=(1, 1), dtype=float32)');
    expect(text).toContain('persistent tape, x = 3: dz/dx of (x^2)^2 = 108, dy/dx of x^2 = 6');
    expect(text).toContain('nested tapes, x = 1, y = x^3: dy/dx = 3, d2y/dx2 = 6');
  });
});
