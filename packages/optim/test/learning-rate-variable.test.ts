// The learning rate lives in a non-trainable Variable while it is a number, so a traced training step reads the
// current rate; learningRateTraceable tells fit which learning rates a replay would freeze.
import { describe, expect, it } from 'vitest';
import { memory, tensor, Variable } from '@lab/core';
import { Adam, ExponentialDecay, LearningRateSchedule, SGD, type ConfigRecord } from '@lab/optim';
import { useCpu, values } from './setup.js';

useCpu();

/** A schedule with only a host form (no callTensor). */
class HostOnly extends LearningRateSchedule {
  readonly className = 'HostOnly';
  call(step: number): number {
    return 0.1 / (step + 1);
  }
  getConfig(): ConfigRecord {
    return {};
  }
}

describe('learningRateVariable', () => {
  it('holds the constructor rate and follows assignments of numbers', () => {
    const opt = new SGD({ learningRate: 0.25 });
    expect(opt.learningRateVariable.trainable).toBe(false);
    expect(opt.learningRateVariable.dtype).toBe('float32');
    expect(values(opt.learningRateVariable)).toEqual([0.25]);
    opt.learningRate = 0.5;
    expect(opt.learningRate).toBe(0.5);
    expect(values(opt.learningRateVariable)).toEqual([0.5]);
    expect(() => (opt.learningRate = -1)).toThrow(/non-negative finite number, got -1/);
    expect(values(opt.learningRateVariable)).toEqual([0.5]);
    opt.dispose();
  });

  it('is what an update reads: changing the Variable changes the step', () => {
    const w = new Variable(tensor([1, 2]));
    const opt = new SGD({ learningRate: 0.1 });
    opt.applyGradients([[tensor([1, 1]), w]]);
    expect(values(w).map((x) => +x.toFixed(6))).toEqual([0.9, 1.9]);
    opt.learningRateVariable.assign(0.5);
    opt.applyGradients([[tensor([1, 1]), w]]);
    expect(values(w).map((x) => +x.toFixed(6))).toEqual([0.4, 1.4]);
    opt.dispose();
    w.dispose();
  });

  it('is freed by dispose and is not part of the saved state', () => {
    const before = memory().numTensors;
    const opt = new Adam({ learningRate: 0.01 });
    expect(memory().numTensors).toBe(before + 2); // iterations and learning_rate
    expect(opt.variables).toEqual([opt.iterations]);
    opt.dispose();
    expect(opt.learningRateVariable.isDisposed).toBe(true);
    expect(memory().numTensors).toBe(before);
  });
});

describe('learningRateTraceable', () => {
  it('is true for numbers and tensor schedules, false for functions and host-only schedules', () => {
    const opt = new SGD({ learningRate: 0.1 });
    expect(opt.learningRateTraceable).toBe(true);
    opt.learningRate = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 5, decayRate: 0.5 });
    expect(opt.learningRateTraceable).toBe(true);
    opt.learningRate = (step: number) => 0.1 / (step + 1);
    expect(opt.learningRateTraceable).toBe(false);
    const n = memory().numTensors;
    opt.learningRate = new HostOnly();
    expect(opt.learningRateTraceable).toBe(false);
    expect(memory().numTensors).toBe(n);
    opt.dispose();
  });
});
