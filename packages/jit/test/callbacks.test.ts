// JitOptions.onEager and onConstantAssign: the two reports jit otherwise prints with console.warn reach the callbacks
// with the function's name, the signature and the reason (or the Variables), and nothing is printed.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { add, mul, tensor, Variable, withoutRecording, type Tensor } from '@lab/core';
import { customGrad } from '@lab/autodiff';
import { jit, type JitConstantAssignInfo, type JitEagerInfo } from '@lab/jit';
import { vals } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

let warn: MockInstance;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  warn.mockRestore();
});

const double = customGrad((x: Tensor) => ({ value: mul(x, 2), gradFunc: (dy) => mul(dy, 2) }));

describe('onEager', () => {
  it('is called once per signature that cannot be replayed, with its signature and reason, instead of a warning', () => {
    const reports: JitEagerInfo[] = [];
    let runs = 0;
    const f = jit(
      (x: Tensor) => {
        runs++;
        return add(double(x), 1);
      },
      { name: 'clip', onEager: (info) => reports.push(info) },
    );
    expect(vals(f(tensor([1, 2])))).toEqual([3, 5]);
    expect(vals(f(tensor([3, 4])))).toEqual([7, 9]);
    expect(vals(f(tensor([1, 2, 3])))).toEqual([3, 5, 7]);
    expect(runs).toBe(3);
    // Two signatures traced, so two reports; the second float32[2] call ran eagerly without one.
    expect(reports.map((r) => r.signature)).toEqual(['(float32[2])', '(float32[3])']);
    for (const r of reports) {
      expect(r.name).toBe('clip');
      expect(r.reason).toMatch(/^op 'customGrad' cannot be replayed/);
      expect(r.message).toBe(`jit: 'clip' runs eagerly for ${r.signature}: ${r.reason}`);
    }
    expect(f.traceCount).toBe(2);
    expect(f.concreteFunctions()).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('reports a call inside withoutRecording', () => {
    const reports: JitEagerInfo[] = [];
    const f = jit((x: Tensor) => mul(x, 3), { name: 'triple', onEager: (info) => reports.push(info) });
    expect(vals(withoutRecording(() => f(tensor([1]))))).toEqual([3]);
    expect(reports).toHaveLength(1);
    expect(reports[0].signature).toBe('(float32[1])');
    expect(reports[0].reason).toMatch(/withoutRecording/);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is not called for a replayable function', () => {
    const onEager = vi.fn();
    const f = jit((x: Tensor) => add(mul(x, 2), 1), { onEager });
    expect(vals(f(tensor([1, 2])))).toEqual([3, 5]);
    expect(vals(f(tensor([3, 4])))).toEqual([7, 9]);
    expect(f.concreteFunctions()).toHaveLength(1);
    expect(onEager).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('without it, the warning is printed as before (once per signature)', () => {
    const f = jit((x: Tensor) => double(x), { name: 'plain' });
    f(tensor([1, 2]));
    f(tensor([1, 2]));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/^jit: 'plain' runs eagerly for \(float32\[2\]\): op 'customGrad' cannot be replayed/);
  });
});

describe('onConstantAssign', () => {
  it('is called for every trace that assigns a JS value, with the Variables, and the trace still replays', () => {
    const step = new Variable(0, { name: 'step' });
    const scale = new Variable(1, { name: 'scale' });
    const reports: JitConstantAssignInfo[] = [];
    let jsStep = 0;
    const f = jit(
      (x: Tensor) => {
        jsStep++;
        step.assign(tensor(jsStep));
        scale.assign(tensor(2));
        return mul(x, scale);
      },
      { name: 'counter', onConstantAssign: (info) => reports.push(info) },
    );
    expect(vals(f(tensor([1, 2])))).toEqual([2, 4]);
    expect(vals(f(tensor([3, 4])))).toEqual([6, 8]);
    expect(vals(f(tensor([1, 2, 3])))).toEqual([2, 4, 6]);
    // The JS counter was baked in: replays keep writing the traced value (the second trace's is 2).
    expect(jsStep).toBe(2);
    expect(vals(step)).toEqual([2]);
    expect(reports).toHaveLength(2);
    expect(reports.map((r) => r.signature)).toEqual(['(float32[2])', '(float32[3])']);
    for (const r of reports) {
      expect(r.name).toBe('counter');
      expect(r.variables).toEqual(['step:0', 'scale:0']);
      expect(r.message).toMatch(/^jit: 'counter' assigns constants to 'step:0', 'scale:0' while tracing/);
    }
    expect(f.concreteFunctions()).toHaveLength(2);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is not called for assigns of traced values, nor with warnOnConstantAssign false', () => {
    const v = new Variable([0, 0], { name: 'acc' });
    const onConstantAssign = vi.fn();
    const f = jit((x: Tensor) => v.assignAdd(x), { onConstantAssign });
    f(tensor([1, 2]));
    f(tensor([1, 2]));
    expect(vals(v)).toEqual([2, 4]);
    const w = new Variable(0, { name: 'off' });
    const g = jit((x: Tensor) => (w.assign(tensor(5)), mul(x, w)), { onConstantAssign, warnOnConstantAssign: false });
    expect(vals(g(tensor([1])))).toEqual([5]);
    expect(onConstantAssign).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('without it, the warning is printed once per function', () => {
    const v = new Variable(0, { name: 'lr' });
    const f = jit((x: Tensor) => (v.assign(tensor(0.5)), mul(x, v)), { name: 'sched' });
    f(tensor([1]));
    f(tensor([1, 2]));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/^jit: 'sched' assigns constants to 'lr:0' while tracing/);
  });
});
