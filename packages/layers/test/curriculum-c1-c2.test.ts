// Curriculum C1 (custom dense layer, Sequential, subclassed model, identity flag) and C2 (tracked variables,
// Keras weight names, the custom-training-step shape).
import { describe, expect, it } from 'vitest';
import { GradientTape } from '@lab/autodiff';
import { matMul, memory, randomNormal, setSeed, sigmoid, tensor, tidy, Variable, type Tensor } from '@lab/core';
import { SGD } from '@lab/optim';
import { clearSession, Dense, Layer, Model, Sequential, losses, type CallOptions, type Shape } from '@lab/layers';
import { expectClose, useCpu, values } from './setup.js';

useCpu();

/** MIT 6.S191 lab 1's OurDenseLayer: sigmoid(x W + b), weights made in build(). */
class OurDenseLayer extends Layer {
  W: Variable | null = null;
  b: Variable | null = null;
  constructor(readonly nOutputNodes: number) {
    super();
  }
  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    const d = s[s.length - 1] as number;
    this.W = this.addWeight('weight', [d, this.nOutputNodes]);
    this.b = this.addWeight('bias', [1, this.nOutputNodes]);
  }
  call(x: Tensor | Tensor[]): Tensor {
    return sigmoid(matMul(x as Tensor, this.W!).add(this.b!));
  }
}

/** The lab's subclassed model with an extra `isIdentity` call argument. */
class IdentityModel extends Model {
  readonly denseLayer: Dense;
  constructor(nOutputNodes: number) {
    super();
    this.denseLayer = new Dense({ units: nOutputNodes, activation: 'sigmoid' });
  }
  override call(inputs: Tensor | Tensor[], options: CallOptions & { isIdentity?: boolean }): Tensor {
    const x = this.denseLayer.apply(inputs as Tensor);
    return options.isIdentity ? (inputs as Tensor) : x;
  }
}

describe('C1: layers and models', () => {
  it('OurDenseLayer builds lazily and computes sigmoid(xW + b)', () => {
    setSeed(1);
    const layer = new OurDenseLayer(3);
    expect(layer.built).toBe(false);
    layer.maybeBuild([1, 2]);
    expect(layer.built).toBe(true);
    const x = tensor([[1, 2]]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([1, 3]);
    // Check against the formula with the layer's own (random) weights.
    const W = values(layer.W!);
    const b = values(layer.b!);
    const want = [0, 1, 2].map((j) => 1 / (1 + Math.exp(-(1 * W[j] + 2 * W[3 + j] + b[j]))));
    expectClose(values(y), want, 'sigmoid(xW+b)', 1e-6);
    // With known weights: W = [[1,0,-1],[0.5,0.5,0.5]], b = [[0, 0.1, 0.2]].
    layer.setWeights([tensor([[1, 0, -1], [0.5, 0.5, 0.5]]), tensor([[0, 0.1, 0.2]])]);
    expectClose(values(layer.apply(x)), [2, 1.1, 0.2].map((z) => 1 / (1 + Math.exp(-z))), 'known weights', 1e-6);
    expect(layer.variables.map((v) => v.name)).toEqual([`${layer.name}/weight:0`, `${layer.name}/bias:0`]);
  });

  it('a Sequential model of one Dense layer', () => {
    const model = new Sequential();
    model.add(new Dense({ units: 3 }));
    const y = model.apply(tensor([[1, 2]]));
    expect(y.shape).toEqual([1, 3]);
    expect(model.layers).toHaveLength(1);
    expect(model.countParams()).toBe(2 * 3 + 3);
  });

  it('a subclassed model with an identity flag passes extra call arguments through', () => {
    const model = new IdentityModel(3);
    const x = tensor([[1, 2]]);
    const activated = model.apply(x);
    const identity = model.apply(x, { isIdentity: true });
    expect(activated.shape).toEqual([1, 3]);
    for (const v of values(activated)) expect(v > 0 && v < 1).toBe(true);
    expect(values(identity)).toEqual([1, 2]);
    expect(model.trainableVariables).toHaveLength(2);
    expect(model.layers).toEqual([model.denseLayer]);
  });
});

describe('C2: variables', () => {
  it('a custom layer tracks Variable(100) and a list [Variable(0), Variable(1)]: [100, 0, 1]', () => {
    // Assigned in the constructor as the slide's __init__ does (fields set after super() are tracked too).
    class MyLayer extends Layer {
      readonly myVar: Variable;
      readonly myOtherVarList: Variable[];
      constructor() {
        super();
        this.myVar = new Variable(100, { dtype: 'int32' });
        this.myOtherVarList = [0, 1].map((x) => new Variable(x, { dtype: 'int32' }));
      }
      call(x: Tensor | Tensor[]): Tensor {
        return x as Tensor;
      }
    }
    const m = new MyLayer();
    expect(m.variables.map((v) => v.item())).toEqual([100, 0, 1]);
    expect(m.trainableVariables).toHaveLength(3);
    m.trainable = false;
    expect(m.trainableVariables).toHaveLength(0);
    expect(m.nonTrainableVariables).toHaveLength(3);
    m.trainable = true;
    expect(m.trainableVariables).toHaveLength(3);
  });

  it('tracks layers and variables inside nested arrays and objects', () => {
    class Blocks extends Model {
      readonly blocks = [new Dense({ units: 2, name: 'b0' }), { inner: new Dense({ units: 1, name: 'b1' }) }];
      readonly scale = new Variable(2, { name: 'scale' });
      override call(x: Tensor | Tensor[]): Tensor {
        const a = this.blocks[0] as Dense;
        const b = (this.blocks[1] as { inner: Dense }).inner;
        return b.apply(a.apply(x as Tensor)).mul(this.scale);
      }
    }
    const m = new Blocks();
    m.apply(tensor([[1, 2, 3]]));
    expect(m.variables.map((v) => v.name)).toEqual(['scale:0', 'b0/kernel:0', 'b0/bias:0', 'b1/kernel:0', 'b1/bias:0']);
    expect(m.layers.map((l) => l.name)).toEqual(['b0', 'b1']);
  });

  it('Keras weight names: dense/kernel:0, dense_1/kernel:0, ...', () => {
    clearSession();
    const model = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] }), new Dense({ units: 1 })] });
    expect(model.variables.map((v) => v.name)).toEqual(['dense/kernel:0', 'dense/bias:0', 'dense_1/kernel:0', 'dense_1/bias:0']);
    expect(model.name).toBe('sequential');
    expect(new Dense({ units: 1 }).name).toBe('dense_2');
    expect(() => model.add(new Dense({ units: 1, name: 'dense' }))).toThrow(/unique names; 'dense' is already in it/);
  });

  it('the custom training step: logits, loss, tape.gradient(loss, trainableVariables), applyGradients', () => {
    setSeed(3);
    const model = new Sequential({
      layers: [new Dense({ units: 16, activation: 'relu', inputShape: [8] }), new Dense({ units: 4 })],
    });
    const images = randomNormal([64, 8], { seed: 5 });
    const labels = tensor(Array.from({ length: 64 }, (_, i) => i % 4), 'int32');
    const lossObject = new losses.SparseCategoricalCrossentropy({ fromLogits: true });
    const optimizer = new SGD({ learningRate: 0.1 });
    const history: number[] = [];
    const step = () =>
      tidy(() => {
        const tape = new GradientTape();
        const loss = tape.record(() => {
          const logits = model.apply(images, { training: true });
          return lossObject.apply(labels, logits);
        });
        const grads = tape.gradient(loss, model.trainableVariables);
        optimizer.applyGradients(grads.map((g, i) => [g, model.trainableVariables[i]] as const));
        history.push(loss.item() as number);
      });
    step();
    const before = memory().numTensors;
    for (let i = 0; i < 49; i++) step();
    expect(memory().numTensors).toBe(before);
    expect(history[49]).toBeLessThan(history[0] * 0.8);
  });
});
