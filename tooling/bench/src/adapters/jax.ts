/**
 * jax-js 0.1.25 on its `wasm` device, as its users run it in Node: `init('wasm')` (Node 20 needs the device named)
 * and `defaultDevice('wasm')`.
 *
 * - Ownership: every jax-js function consumes its array arguments (move semantics); `.ref` adds a reference. The
 *   harness's ops must not consume their inputs (a workload reuses them), so each op here passes `.ref`s, and
 *   `tidy` disposes the arrays the ops made inside it except the one returned.
 * - `jit`: jax's `jit` around the workload's function. Inside the trace the same ops run on tracers; the traced
 *   function consumes its arguments, as jax-js requires, and the caller keeps its arrays (it passes `.ref`s).
 * - The MLP step is `jit(valueAndGrad(loss))` plus the SGD update in the same jitted function: the parameters go
 *   in and the updated ones come out (jax has no in-place assignment).
 * - `numTensors` counts the arrays the ops made and nothing disposed yet (jax-js has no global count).
 */
import { defaultDevice, init, jit, nn, numpy as np, valueAndGrad } from '@jax-js/jax';
import { LAYER_NORM_EPSILON, type Lib, type MlpSetup, type MlpTrainer } from './adapter.js';

type JaxArray = np.Array;

/** The installed @jax-js/jax version, for the backend line. */
async function jaxVersion(): Promise<string> {
  try {
    const { createRequire } = await import('node:module');
    const { readFileSync } = await import('node:fs');
    const { dirname, join } = await import('node:path');
    const entry = createRequire(import.meta.url).resolve('@jax-js/jax');
    // dist/index.js -> the package root
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '?';
  } catch {
    return '?';
  }
}

/** The MLP: parameters in a list, one jitted function per step that returns the loss and the new parameters. */
function jaxMlp(s: MlpSetup): MlpTrainer {
  const arr = (v: Float32Array, shape: number[]) => np.array(v).reshape(shape);
  let params: JaxArray[] = [arr(s.w1, [s.inputs, s.hidden]), arr(s.b1, [s.hidden]), arr(s.w2, [s.hidden, s.classes]), arr(s.b2, [s.classes])];
  const x = arr(s.x, [s.batch, s.inputs]);
  const y = arr(s.y, [s.batch, s.classes]);
  const lr = s.lr;
  // softmax cross-entropy: mean over the batch of -sum(y * logSoftmax(logits)); consumes every argument
  const loss = (p: JaxArray[], xb: JaxArray, yb: JaxArray): JaxArray => {
    const [w1, b1, w2, b2] = p as [JaxArray, JaxArray, JaxArray, JaxArray];
    const h = nn.relu(np.matmul(xb, w1).add(b1));
    const logits = np.matmul(h, w2).add(b2);
    return np.mean(np.sum(yb.mul(nn.logSoftmax(logits, -1)), 1)).mul(-1);
  };
  const step = jit((p: JaxArray[], xb: JaxArray, yb: JaxArray) => {
    const [l, g] = valueAndGrad(loss)(p.map((t) => t.ref), xb, yb) as [JaxArray, JaxArray[]];
    return [l, p.map((t, i) => t.sub(g[i]!.mul(lr)))] as [JaxArray, JaxArray[]];
  });
  return {
    async step() {
      const [l, next] = step(params, x.ref, y.ref) as unknown as [JaxArray, JaxArray[]];
      params = next;
      return (await l.data())[0] as number;
    },
    dispose() {
      for (const p of params) p.dispose();
      x.dispose();
      y.dispose();
      step.dispose();
    },
  };
}

/** Starts jax-js on its wasm device; throws when it cannot. */
export async function createJax(id: 'jax-wasm'): Promise<Lib<JaxArray>> {
  const devices = await init('wasm');
  if (!devices.includes('wasm')) throw new Error(`jax-js: the wasm device did not start (got ${devices.join(', ') || 'none'})`);
  defaultDevice('wasm');
  const version = await jaxVersion();
  const scopes: JaxArray[][] = [];
  let live = 0;
  /** Notes an array an op made: the innermost tidy frees it unless returned. */
  const made = (t: JaxArray): JaxArray => {
    live++;
    scopes[scopes.length - 1]?.push(t);
    return t;
  };
  const jitted: { dispose(): void }[] = [];
  return {
    id,
    info: `jax-js ${version} wasm device (1 thread: Node has no global Worker), every call awaited (lazy arrays)`,
    syncEachCall: true,
    fromArray: (values, shape) => made(np.array(Float32Array.from(values)).reshape([...shape])),
    matMul: (a, b) => made(np.matmul(a.ref, b.ref)),
    add: (a, b) => made(a.ref.add(b.ref)),
    mul: (a, b) => made(a.ref.mul(b.ref)),
    relu: (a) => made(nn.relu(a.ref)),
    sum: (a) => made(np.sum(a.ref)),
    softmax: (a) => made(nn.softmax(a.ref, -1)),
    logSoftmax: (a) => made(nn.logSoftmax(a.ref, -1)),
    logSumExp: (a) => made(nn.logsumexp(a.ref, -1)),
    // jax's own layer-norm building block: standardize over the last axis
    layerNorm: (a, gamma, beta) => made(nn.standardize(a.ref, -1, { epsilon: LAYER_NORM_EPSILON }).mul(gamma.ref).add(beta.ref)),
    tidy<R extends JaxArray>(fn: () => R): R {
      scopes.push([]);
      let out: R | undefined;
      try {
        out = fn();
        return out;
      } finally {
        const inner = scopes.pop()!;
        for (const t of inner) {
          if (t === out) continue;
          t.dispose();
          live--;
        }
        if (out !== undefined) scopes[scopes.length - 1]?.push(out);
      }
    },
    dispose: (t) => {
      t.dispose();
      live--;
    },
    sync: async (t) => {
      await t.blockUntilReady();
    },
    read: async (t) => Float32Array.from((await t.ref.data()) as Float32Array),
    numTensors: () => live,
    mlp: async (s) => jaxMlp(s),
    model: () => Promise.reject(new Error('no layers API in this adapter (jax-js models are written by hand; not done)')),
    jit<F extends (...args: never[]) => unknown>(fn: F): F {
      const traced = fn as unknown as (...xs: JaxArray[]) => JaxArray;
      const f = jit((...xs: JaxArray[]) => {
        // the trace runs the harness's ops (which take references) and then consumes the arguments
        const depth = scopes.length;
        const before = live;
        const out = traced(...xs);
        for (const x of xs) x.dispose();
        if (scopes.length === depth) live = before;
        return out;
      });
      jitted.push(f);
      return ((...xs: JaxArray[]) => made(f(...xs.map((x) => x.ref)) as JaxArray)) as unknown as F;
    },
    close: async () => {
      for (const f of jitted) f.dispose();
    },
  };
}
