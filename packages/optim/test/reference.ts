// Float64 reference implementations of Keras 3's update formulas (keras/src/optimizers/*.py), one step at a time
// on flat arrays, to check lab's optimizers against.

/** The state of one variable under a reference optimizer. */
export interface RefState {
  slots: number[][];
  extra: number[];
}

/** A reference optimizer step: updates `w` in place given `g`, the state, the lr and the 1-based step t. */
export type RefStep = (w: number[], g: number[], s: RefState, lr: number, t: number) => void;

const map = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** Keras 3 SGD with momentum / nesterov. */
export function refSGD(momentum: number, nesterov: boolean): RefStep {
  return (w, g, s, lr) => {
    if (momentum === 0) {
      for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
      return;
    }
    const m = (s.slots[0] ??= map(w.length, () => 0));
    for (let i = 0; i < w.length; i++) {
      m[i] = -g[i] * lr + m[i] * momentum;
      w[i] += nesterov ? -g[i] * lr + m[i] * momentum : m[i];
    }
  };
}

/** Keras 3 Adam (with amsgrad). */
export function refAdam(b1 = 0.9, b2 = 0.999, eps = 1e-7, amsgrad = false): RefStep {
  return (w, g, s, lr, t) => {
    const m = (s.slots[0] ??= map(w.length, () => 0));
    const v = (s.slots[1] ??= map(w.length, () => 0));
    const vh = (s.slots[2] ??= map(w.length, () => 0));
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < w.length; i++) {
      m[i] += (g[i] - m[i]) * (1 - b1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
      let vv = v[i];
      if (amsgrad) vv = vh[i] = Math.max(vh[i], v[i]);
      w[i] -= (m[i] * alpha) / (Math.sqrt(vv) + eps);
    }
  };
}

/** Keras 3 AdamW: decay then Adam. */
export function refAdamW(wd = 0.004): RefStep {
  const a = refAdam();
  return (w, g, s, lr, t) => {
    for (let i = 0; i < w.length; i++) w[i] -= w[i] * wd * lr;
    a(w, g, s, lr, t);
  };
}

/** Keras 3 RMSprop. */
export function refRMSprop(rho = 0.9, momentum = 0, eps = 1e-7, centered = false): RefStep {
  return (w, g, s, lr) => {
    const ms = (s.slots[0] ??= map(w.length, () => 0));
    const mom = (s.slots[1] ??= map(w.length, () => 0));
    const mg = (s.slots[2] ??= map(w.length, () => 0));
    for (let i = 0; i < w.length; i++) {
      ms[i] = rho * ms[i] + (1 - rho) * g[i] * g[i];
      let denom = ms[i] + eps;
      if (centered) {
        mg[i] = rho * mg[i] + (1 - rho) * g[i];
        denom = ms[i] - mg[i] * mg[i] + eps;
      }
      const inc = (lr * g[i]) / Math.sqrt(denom);
      if (momentum > 0) {
        mom[i] = momentum * mom[i] + inc;
        w[i] -= mom[i];
      } else w[i] -= inc;
    }
  };
}

/** Keras 3 Adagrad. */
export function refAdagrad(init = 0.1, eps = 1e-7): RefStep {
  return (w, g, s, lr) => {
    const acc = (s.slots[0] ??= map(w.length, () => init));
    for (let i = 0; i < w.length; i++) {
      acc[i] += g[i] * g[i];
      w[i] -= (lr * g[i]) / Math.sqrt(acc[i] + eps);
    }
  };
}

/** Keras 3 Adadelta. */
export function refAdadelta(rho = 0.95, eps = 1e-7): RefStep {
  return (w, g, s, lr) => {
    const ag = (s.slots[0] ??= map(w.length, () => 0));
    const ad = (s.slots[1] ??= map(w.length, () => 0));
    for (let i = 0; i < w.length; i++) {
      ag[i] = rho * ag[i] + (1 - rho) * g[i] * g[i];
      const delta = (-Math.sqrt(ad[i] + eps) * g[i]) / Math.sqrt(ag[i] + eps);
      ad[i] = rho * ad[i] + (1 - rho) * delta * delta;
      w[i] += lr * delta;
    }
  };
}

/** Keras 3 Adamax. */
export function refAdamax(b1 = 0.9, b2 = 0.999, eps = 1e-7): RefStep {
  return (w, g, s, lr, t) => {
    const m = (s.slots[0] ??= map(w.length, () => 0));
    const u = (s.slots[1] ??= map(w.length, () => 0));
    for (let i = 0; i < w.length; i++) {
      m[i] += (g[i] - m[i]) * (1 - b1);
      u[i] = Math.max(b2 * u[i], Math.abs(g[i]));
      w[i] -= (lr * m[i]) / ((1 - b1 ** t) * (u[i] + eps));
    }
  };
}

/** Keras 3 Nadam (the u_product lives in extra[0], updated once per step by the caller via `nadamBefore`). */
export function refNadam(b1 = 0.9, b2 = 0.999, eps = 1e-7): RefStep {
  return (w, g, s, lr, t) => {
    const m = (s.slots[0] ??= map(w.length, () => 0));
    const v = (s.slots[1] ??= map(w.length, () => 0));
    s.extra[0] = (s.extra[0] ?? 1) * b1 * (1 - 0.5 * 0.96 ** t);
    const uT = b1 * (1 - 0.5 * 0.96 ** t);
    const uT1 = b1 * (1 - 0.5 * 0.96 ** (t + 1));
    const pT = s.extra[0];
    const pT1 = pT * uT1;
    for (let i = 0; i < w.length; i++) {
      m[i] += (g[i] - m[i]) * (1 - b1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
      const mHat = (uT1 * m[i]) / (1 - pT1) + ((1 - uT) * g[i]) / (1 - pT);
      const vHat = v[i] / (1 - b2 ** t);
      w[i] -= (mHat * lr) / (Math.sqrt(vHat) + eps);
    }
  };
}
