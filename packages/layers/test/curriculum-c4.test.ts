// Curriculum C4: the quadratic fit of the TF basics notebook, with a manual SGD loop and with compile/fit.
import { describe, expect, it } from 'vitest';
import { GradientTape } from '@lab/autodiff';
import { linspace, memory, randomNormal, setSeed, tidy, type DType, type Tensor } from '@lab/core';
import { SGD } from '@lab/optim';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense, loadModel, Model, registerLayer, type CallOptions, type Config } from '@lab/layers';
import { useCpu, values } from './setup.js';

useCpu();

const f = (x: Tensor) => x.square().add(x.mul(2)).sub(5);

/** The notebook's model: Dense(64, relu, random-normal initializers) -> Dense(1), newaxis in, squeeze out. */
class QuadraticModel extends Model {
  static override readonly className = 'QuadraticModel';
  readonly dense1: Dense;
  readonly dense2: Dense;
  /** Rebuilds the model from `getConfig()` when loading. */
  static fromConfig(config: Config): QuadraticModel {
    return new QuadraticModel(config.units as number, config.name as string);
  }
  constructor(readonly units: number, name?: string) {
    super({ name });
    // tf.random.normal as an initializer function: N(0, 1).
    const normalInit = (shape: readonly number[], dtype: DType) => randomNormal(shape, { dtype });
    this.dense1 = new Dense({ units, activation: 'relu', kernelInitializer: normalInit, biasInitializer: normalInit });
    this.dense2 = new Dense({ units: 1 });
  }
  override getConfig(): Config {
    return { ...super.getConfig(), units: this.units };
  }
  override call(inputs: Tensor | Tensor[], _options: CallOptions): Tensor {
    return this.dense2.apply(this.dense1.apply((inputs as Tensor).expandDims(1))).squeeze(1);
  }
}
registerLayer(QuadraticModel);

function data(): { x: Tensor; y: Tensor } {
  setSeed(42);
  const x = linspace(-2, 2, 209);
  const y = f(x).add(randomNormal([209]));
  return { x, y };
}

describe('C4: quadratic fit', () => {
  it('a manual SGD loop converges (lr 0.01, gradients clipped to global norm 10)', () => {
    const { x, y } = data();
    const model = new QuadraticModel(64);
    model.apply(x);
    const variables = model.variables;
    const optimizer = new SGD({ learningRate: 0.01, globalClipNorm: 10 });
    const mse: number[] = [];
    const before = memory().numTensors;
    for (let step = 0; step < 1000; step++) {
      tidy(() => {
        const tape = new GradientTape();
        const meanError = tape.record(() => y.sub(model.apply(x)).square().mean());
        const gradient = tape.gradient(meanError, variables);
        optimizer.applyGradients({ grads: gradient, vars: variables });
        if (step % 100 === 0 || step === 999) mse.push(meanError.item() as number);
      });
    }
    expect(memory().numTensors).toBe(before);
    for (const v of mse) expect(Number.isFinite(v)).toBe(true);
    expect(mse[mse.length - 1]).toBeLessThan(1.5);
    expect(mse[mse.length - 1]).toBeLessThan(mse[0]);
  });

  it('compile(MSE, SGD 0.01) + fit(100 epochs, batch 32): the loss falls to below 1.5x the noise variance', async () => {
    const { x, y } = data();
    const model = new QuadraticModel(64);
    model.compile({ loss: 'mse', optimizer: new SGD({ learningRate: 0.01 }) });
    const history = await model.fit(x, y, { epochs: 100, batchSize: 32, verbose: 0 });
    const loss = history.history.loss;
    expect(loss).toHaveLength(100);
    expect(loss[99]).toBeLessThan(loss[0]);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(loss.slice(90))).toBeLessThan(mean(loss.slice(0, 10)));
    const final = (await model.evaluate(x, y, { batchSize: 209 })).loss;
    expect(final).toBeLessThan(1.5);
    // model.save: the registered subclassed model comes back with its weights and training config.
    const dir = mkdtempSync(join(tmpdir(), 'lab-c4-'));
    try {
      await model.save(dir);
      const back = await loadModel(dir);
      expect(back).toBeInstanceOf(QuadraticModel);
      expect(values(back.predict(x) as Tensor)).toEqual(values(model.predict(x) as Tensor));
      expect((await back.evaluate(x, y, { batchSize: 209 })).loss).toBe(final);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
