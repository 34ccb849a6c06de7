/**
 * TensorFlow.js 4.22 (tfjs-core with tfjs-backend-cpu or tfjs-backend-wasm) as its users run it in Node.
 *
 * - Gradients: tfjs-core's Node bundle registers no gradient functions; they come with tfjs-layers (an import
 *   side effect), which is what a tfjs user in Node has. Nothing else of tfjs-layers is used.
 * - tfjs-wasm: `setWasmPaths` gets the package's dist folder as a file path (Node reads the .wasm with fs), and
 *   1 thread: tfjs-wasm cannot start its threads in Node, so multithreading is switched off explicitly. SIMD is
 *   on (detected).
 * - Production mode only silences the "install tfjs-node" banner; it changes no kernel.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendId } from '../types.js';
import { LAYER_NORM_EPSILON, type Lib, type MlpSetup, type MlpTrainer } from './adapter.js';
import { tfjsModel } from './tfjs-models.js';

type TfjsBackend = Extract<BackendId, `tfjs-${string}`>;

async function register(id: TfjsBackend): Promise<string> {
  await import('@tensorflow/tfjs-layers');
  if (id === 'tfjs-cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    return 'cpu';
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths(`${dist}/`);
  return 'wasm';
}

let variableCount = 0;

/** The MLP in tfjs: `tf.variable`s, `tf.variableGrads` per step, `assign` for SGD. */
function tfjsMlp(s: MlpSetup): MlpTrainer {
  const param = (values: Float32Array, shape: number[], name: string) => {
    const t = tf.tensor(values, shape, 'float32');
    const v = tf.variable(t, true, `${name}_${variableCount++}`);
    t.dispose();
    return v;
  };
  const w1 = param(s.w1, [s.inputs, s.hidden], 'w1');
  const b1 = param(s.b1, [s.hidden], 'b1');
  const w2 = param(s.w2, [s.hidden, s.classes], 'w2');
  const b2 = param(s.b2, [s.classes], 'b2');
  const x = tf.tensor(s.x, [s.batch, s.inputs], 'float32');
  const y = tf.tensor(s.y, [s.batch, s.classes], 'float32');
  const params = [w1, b1, w2, b2];
  const lr = s.lr;
  return {
    async step() {
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
          const logits = tf.add(tf.matMul(h, w2), b2);
          // softmax cross-entropy: mean over the batch of -sum(y * logSoftmax(logits))
          return tf.mean(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1))) as tf.Scalar;
        }, params);
        for (const p of params) p.assign(tf.sub(p, tf.mul(grads[p.name]!, lr)));
        return value;
      });
      const v = (await loss.data())[0]!;
      loss.dispose();
      return v;
    },
    dispose() {
      tf.dispose([x, y, ...params]);
    },
  };
}

/** Starts tfjs on one backend; throws when it cannot start. */
export async function createTfjs(id: TfjsBackend): Promise<Lib<tf.Tensor>> {
  const name = await register(id);
  tf.enableProdMode();
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  let info = `tfjs ${tf.version_core} ${name}`;
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info += ` (${simd ? 'SIMD' : 'no SIMD'}, 1 thread)`;
  }
  return {
    id,
    info,
    ...tfjsOps(),
    // tfjs-cpu and tfjs-wasm run every kernel synchronously inside the op call: nothing to wait for.
    sync: () => Promise.resolve(),
    close: async () => {
      tf.disposeVariables();
    },
  };
}

/** The members of a tfjs {@link Lib} that are the same on every tfjs backend: ops, scopes, reads, the MLP. */
export function tfjsOps(): Omit<Lib<tf.Tensor>, 'id' | 'info' | 'sync' | 'close'> {
  return {
    fromArray: (values, shape) => tf.tensor(values, [...shape], 'float32'),
    matMul: (a, b) => tf.matMul(a, b),
    add: (a, b) => tf.add(a, b),
    mul: (a, b) => tf.mul(a, b),
    relu: (a) => tf.relu(a),
    sum: (a) => tf.sum(a),
    softmax: (a) => tf.softmax(a, -1),
    logSoftmax: (a) => tf.logSoftmax(a, -1),
    logSumExp: (a) => tf.logSumExp(a, -1),
    layerNorm: (a, gamma, beta) =>
      tf.tidy(() => {
        // as tfjs-layers' LayerNormalization computes it: moments, then (x - mean) * rsqrt(var + eps)
        const { mean, variance } = tf.moments(a, -1, true);
        return tf.add(tf.mul(tf.mul(tf.sub(a, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), gamma), beta);
      }),
    tidy: (fn) => tf.tidy(fn),
    dispose: (t) => t.dispose(),
    read: async (t) => Float32Array.from((await t.data()) as Float32Array),
    readSync: (t) => t.dataSync() as Float32Array,
    numTensors: () => tf.memory().numTensors,
    mlp: async (s) => tfjsMlp(s),
    model: async (spec) => tfjsModel(spec),
  };
}
