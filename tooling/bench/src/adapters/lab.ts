/**
 * lab through its public API: `init(plugin)`, ops as functions, `tidy`, `ready()`, `Variable`, and
 * `GradientTape` from @lab/autodiff. The @lab packages resolve to their sources (tsx reads the workspace
 * tsconfig paths), so no build is needed and the numbers always match the checked-out code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  add,
  backendInstance,
  dispose,
  init,
  logSoftmax,
  logSumExp,
  matMul,
  mean,
  memory,
  mul,
  neg,
  ready,
  relu,
  removeBackend,
  rsqrt,
  softmax,
  square,
  sub,
  sum,
  tensor,
  tidy,
  Variable,
  type BackendPlugin,
  type Tensor,
} from '@lab/core';
import type { BackendId } from '../types.js';
import { LAYER_NORM_EPSILON, type Lib, type MlpSetup, type MlpTrainer } from './adapter.js';
import { labModel } from './lab-models.js';

type LabBackend = Extract<BackendId, `lab-${string}`>;

/** Each backend package is imported only when asked for, so a missing or broken one affects only its column. */
const PLUGINS: Record<LabBackend, () => Promise<BackendPlugin>> = {
  'lab-cpu': async () => (await import('@lab/backend-cpu')).cpu,
  'lab-wasm': async () => {
    await buildWasmKernels();
    return (await import('@lab/backend-wasm')).wasm;
  },
  'lab-wasm-2t': async () => {
    await buildWasmKernels();
    // the calling thread and one worker; each kernel splits only above its threshold (backend-wasm's README)
    return (await import('@lab/backend-wasm')).createWasmPlugin({ threads: 2 });
  },
  'lab-wasm-jit': async () => {
    await buildWasmKernels();
    return (await import('@lab/backend-wasm')).wasm;
  },
  'lab-webgpu': async () => (await import('@lab/backend-webgpu')).webgpu,
};

/**
 * A source checkout has no lab-kernels.wasm until backend-wasm's build script ran (the .wasm is not committed).
 * Its script rebuilds only when the file is missing or older than the AssemblyScript sources.
 */
export async function buildWasmKernels(): Promise<void> {
  const script = new URL('../../../../packages/backend-wasm/scripts/build-wasm.mjs', import.meta.url);
  if (!existsSync(fileURLToPath(script))) return;
  const mod = (await import(pathToFileURL(fileURLToPath(script)).href)) as {
    buildWasm?: (o: { quiet: boolean }) => Promise<string>;
  };
  await mod.buildWasm?.({ quiet: true });
}

/** The checked-out @lab/core version (the sources are what runs). */
function coreVersion(): string {
  try {
    const pkg = new URL('../../../../packages/core/package.json', import.meta.url);
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

function describe(id: LabBackend): string {
  const lab = `lab ${coreVersion()} (workspace sources)`;
  const b = backendInstance() as unknown as { adapterInfo?: { description?: string; device?: string; vendor?: string } };
  if (id === 'lab-webgpu' && b.adapterInfo) {
    const a = b.adapterInfo;
    return `${lab} webgpu on ${a.description || a.device || a.vendor || 'an unnamed adapter'}`;
  }
  if (id === 'lab-wasm-jit') return `${lab} wasm (SIMD, 1 thread), multi-op workloads through @lab/jit's jit`;
  if (id === 'lab-wasm-2t') return `${lab} wasm (SIMD, 2 threads: per-kernel thresholds)`;
  return id === 'lab-wasm' ? `${lab} wasm (SIMD, 1 thread)` : `${lab} ${id.slice(4)}`;
}

/** The MLP in lab: Variables, one GradientTape per step, `assignSub` for SGD; the whole step jitted when `jitted`. */
async function labMlp(s: MlpSetup, jitted = false): Promise<MlpTrainer> {
  const { GradientTape } = await import('@lab/autodiff');
  const param = (values: Float32Array, shape: number[], name: string) => {
    const t = tensor(values, { shape });
    const v = new Variable(t, { name });
    t.dispose(); // a Variable copies its initial value
    return v;
  };
  const w1 = param(s.w1, [s.inputs, s.hidden], 'w1');
  const b1 = param(s.b1, [s.hidden], 'b1');
  const w2 = param(s.w2, [s.hidden, s.classes], 'w2');
  const b2 = param(s.b2, [s.classes], 'b2');
  const x = tensor(s.x, { shape: [s.batch, s.inputs] });
  const y = tensor(s.y, { shape: [s.batch, s.classes] });
  const params = [w1, b1, w2, b2];
  const lr = s.lr;
  const train = (): Tensor =>
    tidy(() => {
      const tape = new GradientTape();
      const l = tape.record(() => {
        const h = relu(add(matMul(x, w1), b1));
        const logits = add(matMul(h, w2), b2);
        // softmax cross-entropy: mean over the batch of -sum(y * logSoftmax(logits))
        return mean(neg(sum(mul(y, logSoftmax(logits)), 1)));
      });
      const grads = tape.gradient(l, params);
      params.forEach((p, i) => p.assignSub(mul(grads[i]!, lr)));
      return l;
    });
  // jitted: traced on the first step, replayed (fused, buffers reused) on the later ones
  const run = jitted ? (await import('@lab/jit')).jit(train) : train;
  return {
    async step() {
      const loss = run();
      const v = (await loss.data())[0] as number;
      loss.dispose();
      return v;
    },
    dispose() {
      dispose([x, y, ...params]);
      // a jitted step holds its traces' constants and pooled buffers until disposed
      (run as { dispose?: () => void }).dispose?.();
    },
  };
}

/** lab's `jit` for the lab-wasm-jit column (loaded with it: the other columns never import @lab/jit). */
let labJit: (<F extends (...args: never[]) => unknown>(fn: F) => F) | undefined;

/** Starts lab on one backend; throws (with the backend's own message) when it cannot start. */
export async function createLab(id: LabBackend): Promise<Lib<Tensor>> {
  const plugin = await PLUGINS[id]();
  await init(plugin);
  if (id === 'lab-wasm-jit') {
    const { jit } = await import('@lab/jit');
    labJit = <F extends (...args: never[]) => unknown>(fn: F): F => jit(fn as unknown as (...args: Tensor[]) => Tensor) as unknown as F;
  }
  return {
    id,
    info: describe(id),
    fromArray: (values, shape) => tensor(values, { shape: [...shape] }),
    matMul: (a, b) => matMul(a, b),
    add: (a, b) => add(a, b),
    mul: (a, b) => mul(a, b),
    relu: (a) => relu(a),
    sum: (a) => sum(a),
    softmax: (a) => softmax(a, -1),
    logSoftmax: (a) => logSoftmax(a, -1),
    logSumExp: (a) => logSumExp(a, -1),
    layerNorm: (a, gamma, beta) =>
      tidy(() => {
        // as @lab/layers' LayerNormalization computes it
        const centred = sub(a, mean(a, -1, true));
        const variance = mean(square(centred), -1, true);
        return add(mul(mul(centred, rsqrt(add(variance, LAYER_NORM_EPSILON))), gamma), beta);
      }),
    tidy: (fn) => tidy(fn),
    dispose: (t) => t.dispose(),
    sync: () => ready(),
    read: async (t) => Float32Array.from((await t.data()) as Float32Array),
    // webgpu has no synchronous read in Node (core says so at the call)
    ...(id === 'lab-webgpu' ? {} : { readSync: (t: Tensor) => t.dataSync() as Float32Array }),
    numTensors: () => memory().numTensors,
    mlp: (s) => labMlp(s, id === 'lab-wasm-jit'),
    model: (spec) => labModel(spec),
    ...(id === 'lab-wasm-jit' ? { jit: labJit } : {}),
    close: async () => {
      await ready();
      removeBackend(plugin.name);
    },
  };
}
