/** Valid saved files the hostile tests start from: a jit module, an ONNX model, a layers model. */
import { add, getBackend, matMul, setBackend, Variable, type Tensor } from '@lab/core';
import { exportModuleAsync, jit, type ModuleArtifacts } from '@lab/jit';
import { exportOnnxAsync } from '@lab/onnx';
import { Dense, memoryStore, saveModel, Sequential, type ModelFiles } from '@lab/layers';

let cached: Promise<ModuleArtifacts> | null = null;

/**
 * A saved jit module: two Variables and `f(x) = x @ w + b`, traced once on a [1, 2] input. Made once, on cpu
 * (the bytes are the same from every backend), and copied for each caller: a disposed jitted matMul keeps one
 * tensor alive (a jit issue, reported separately), which must not count against the cases that load the file.
 */
export async function jitArtifacts(): Promise<ModuleArtifacts> {
  if (!cached) {
    const current = getBackend();
    setBackend('cpu');
    try {
      cached = makeJitArtifacts();
      await cached;
    } finally {
      setBackend(current);
    }
  }
  const a = await cached;
  return { json: JSON.parse(JSON.stringify(a.json)) as ModuleArtifacts['json'], weights: a.weights.slice() };
}

async function makeJitArtifacts(): Promise<ModuleArtifacts> {
  const w = new Variable([[1, 2], [3, 4]], { name: 'w' });
  const b = new Variable([0.5, -0.5], { name: 'b' });
  const f = jit((x: Tensor) => add(matMul(x, w), b));
  try {
    const x = new Variable([[1, 1]]);
    (f(x) as Tensor).dispose();
    x.dispose();
    return await exportModuleAsync({ w, b, f });
  } finally {
    f.dispose();
    w.dispose();
    b.dispose();
  }
}

/** A two-layer model (Dense 3 relu, Dense 2) on inputShape [4], compiled with Adam. */
export function twoDense(): Sequential {
  // Fixed names: the saved bytes (and so each seeded mutation) must not depend on what ran before.
  const m = new Sequential({
    name: 'fixture',
    layers: [new Dense({ units: 3, inputShape: [4], activation: 'relu', name: 'hidden' }), new Dense({ units: 2, name: 'out' })],
  });
  m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return m;
}

/** The ONNX bytes of {@link twoDense}. */
export async function onnxBytes(): Promise<Uint8Array> {
  const m = twoDense();
  try {
    return await exportOnnxAsync(m);
  } finally {
    m.dispose();
  }
}

/** The saved files of {@link twoDense} (model.json, weights). */
export async function layersFiles(): Promise<ModelFiles> {
  const m = twoDense();
  const store = memoryStore();
  try {
    await saveModel(m, store);
  } finally {
    m.dispose();
  }
  return store.files!;
}
