/** One training step and one test step, each leaving no tensors behind. */
import { GradientTape } from '@lab/autodiff';
import { tidy, type Tensor } from '@lab/core';
import type { Model } from '../models/model.js';
import type { CompiledState } from './compile.js';

/** The compiled state, or a clear error. */
export function compiledOf(model: Model, what: string): CompiledState {
  if (!model.compiled) throw new Error(`${model.name}.${what}: the model is not compiled; call compile({ optimizer, loss }) first`);
  return model.compiled;
}

function asList(t: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(t) ? t : [t];
}

/**
 * Forward pass in training mode under a tape, loss (plus regularization), gradients of the trainable variables,
 * one optimizer update, then the loss tracker and metrics. Everything but variables is freed.
 */
export function trainStep(model: Model, st: CompiledState, x: Tensor[], y: Tensor[]): void {
  tidy(() => {
    const tape = new GradientTape();
    try {
      let yPred: Tensor[] = [];
      const loss = tape.record(() => {
        yPred = asList(model.run(x, { training: true }));
        let l = st.computeLoss(y, yPred);
        for (const r of model.losses) l = l.add(r);
        return l;
      });
      // Read after the forward pass: a model that was never called builds its weights there.
      const vars = model.trainableVariables;
      if (vars.length === 0) throw new Error(`${model.name}.fit: the model has no trainable variables`);
      // 'none': a variable the loss does not reach gets null and the optimizer skips it (Keras), rather than a zero
      // gradient that would still move it through momentum.
      const grads = tape.gradient(loss, vars, { unconnectedGradients: 'none' });
      st.optimizer.applyGradients({ grads, vars });
      st.lossTracker.updateWeighted(loss, x[0].shape[0]);
      st.updateMetrics(y, yPred);
    } finally {
      tape.dispose();
    }
  });
}

/** Forward pass in inference mode, loss, loss tracker and metrics. */
export function testStep(model: Model, st: CompiledState, x: Tensor[], y: Tensor[]): void {
  tidy(() => {
    const yPred = asList(model.run(x, { training: false }));
    let loss = st.computeLoss(y, yPred);
    for (const r of model.losses) loss = loss.add(r);
    st.lossTracker.updateWeighted(loss, x[0].shape[0]);
    st.updateMetrics(y, yPred);
  });
}

/** The training step as compiled: through `jit` unless `compile({ jitCompile: false })` (see `JitSteps`). */
export function runTrainStep(model: Model, st: CompiledState, x: Tensor[], y: Tensor[]): void {
  if (st.jit) st.jit.train(x, y);
  else trainStep(model, st, x, y);
}

/** The test step as compiled: through `jit` unless `compile({ jitCompile: false })`. */
export function runTestStep(model: Model, st: CompiledState, x: Tensor[], y: Tensor[]): void {
  if (st.jit) st.jit.test(x, y);
  else testStep(model, st, x, y);
}
