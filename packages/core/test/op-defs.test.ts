// The op definitions (src/ops/defs/) are the one source of every per-op table: the recorded-op list, jit's
// replay table and the fusion classes derive from them, and the compiler rejects a record() of an undefined
// name or of attributes of the wrong type (the @ts-expect-error lines fail the typecheck if that stops holding).
import { beforeAll, describe, expect, it } from 'vitest';
import { RECORDED_OPS, UNARY_OPS, addRecorder, hardSigmoid, init, opDefinition, opsOfFusionClass, tensor, type RecordedOp } from '@lab/core';
import { REPLAYABLE_OPS, runOpByName } from '../src/jit-hooks.js';
import { record } from '../src/ops/dispatch.js';
import { cpu } from '@lab/backend-cpu';

beforeAll(async () => {
  await init(cpu);
});

describe('op definitions', () => {
  it('give every recorded op its gradient kind, fusion class and replay', () => {
    for (const [name, kind] of Object.entries(RECORDED_OPS)) {
      const def = opDefinition(name)!;
      expect(def.gradient, name).toBe(kind);
      expect(typeof def.replay, name).toBe('function');
      expect(REPLAYABLE_OPS.has(name), name).toBe(true);
    }
    expect(REPLAYABLE_OPS.size).toBe(Object.keys(RECORDED_OPS).length);
    expect(opDefinition('hardSigmoid')).toBeUndefined();
  });

  it('put exactly the contract unary ops in the unary fusion class', () => {
    expect([...opsOfFusionClass('unary')].sort()).toEqual([...UNARY_OPS].sort());
    expect([...opsOfFusionClass('composite')].sort()).toEqual(['clipByValue', 'leakyRelu', 'squaredDifference']);
    expect(opsOfFusionClass('binary').has('add')).toBe(true);
    expect(opsOfFusionClass('reduction').has('sum')).toBe(true);
  });

  it('replay an op from its recorded inputs and attributes', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    const [y] = runOpByName('sum', [x], { axes: [1], keepDims: false }, [[2]]);
    expect(y.dataSync()).toEqual(new Float32Array([6, 15]));
    const [z] = runOpByName('exp', [tensor([0])], {});
    expect(z.dataSync()).toEqual(new Float32Array([1]));
    expect(() => runOpByName('hardSigmoid', [x], {})).toThrow(/no op is recorded as 'hardSigmoid'/);
  });

  it('do not list composites defined by decomposition: their parts are recorded instead', () => {
    const ops: RecordedOp[] = [];
    const stop = addRecorder({ recordOp: (op) => ops.push(op) });
    try {
      hardSigmoid(tensor([1])).dispose();
    } finally {
      stop();
    }
    expect(ops.map((o) => o.name)).toEqual(['add', 'relu6', 'div']);
  });

  it('type record(): an undefined name or wrong attributes do not compile', () => {
    const x = tensor([1]);
    // Only the types are under test: nothing records while no recorder listens.
    record('sum', [x], { axes: [0], keepDims: true }, x);
    // @ts-expect-error 'sums' is not a defined op
    record('sums', [x], {}, x);
    // @ts-expect-error sum records { axes, keepDims }, not { axis }
    record('sum', [x], { axis: 0 }, x);
    // @ts-expect-error conv2d records its window attributes
    record('conv2d', [x, x], { strides: [1, 1] }, x);
    x.dispose();
  });
});
