/**
 * The pages the bundler test builds, one entry each: a web app's code as its developer writes it, importing the
 * installed packages. Each page stores its result in `window.__labResult` (or `window.__labError`).
 *
 * - `core-cpu`: core + backend-cpu (tensors and a matMul),
 * - `layers-cpu`: + autodiff + layers + optim (a small model trained with `fit`, a gradient from a tape),
 * - `train` (+ wasm): the same training on cpu, then again on the wasm backend: the page run in Chromium,
 * - `layers-webgpu` (+ webgpu instead of wasm): built for its size; it trains on WebGPU where the page has it.
 */

/** One page: its entry file (relative to the project) and its source. */
export interface BundlePage {
  readonly id: string;
  /** What the page holds, for the size table. */
  readonly label: string;
  readonly entry: string;
  readonly source: string;
}

const finish = `main().then((r) => { window.__labResult = r; }, (e) => { window.__labError = String((e && e.stack) || e); });\n`;

// y = 2a - 3b + 0.5c + 1 on fixed inputs, a model of 3 -> 8 -> 1, Adam; the losses of the first and last epochs.
const train = `
function problem() {
  const xs = [];
  const ys = [];
  for (let i = 0; i < 64; i++) {
    const a = Math.sin(i), b = Math.cos(1.3 * i), c = Math.sin(0.7 * i + 1);
    xs.push([a, b, c]);
    ys.push([2 * a - 3 * b + 0.5 * c + 1]);
  }
  return { x: tensor(xs), y: tensor(ys) };
}

async function train() {
  const { x, y } = problem();
  const model = new Sequential({ layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), layers.dense({ units: 1 })] });
  model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 25, batchSize: 16, verbose: 0 });
  const loss = history.history.loss;
  // The loss read back from the trained model, not only from the history.
  const evaluated = await model.evaluate(x, y, { verbose: 0 });
  return { backend: getBackend(), firstLoss: loss[0], lastLoss: loss[loss.length - 1], evaluated: evaluated.loss };
}

function cubeGradient() {
  const w = new Variable(3);
  const tape = new GradientTape();
  const l = tape.record(() => w.mul(w).mul(w));
  return tape.gradient(l, w).item();
}
`;

/** The four pages. */
export const BUNDLE_PAGES: readonly BundlePage[] = [
  {
    id: 'core-cpu',
    label: 'core + cpu',
    entry: 'src/core-cpu.js',
    source: `import { init, getBackend, tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
async function main() {
  await init(cpu);
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  return { backend: getBackend(), gram: await x.matMul(x.transpose()).array() };
}
${finish}`,
  },
  {
    id: 'layers-cpu',
    label: 'core + cpu + autodiff + layers + optim',
    entry: 'src/layers-cpu.js',
    source: `import { init, getBackend, tensor, Variable } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { GradientTape } from '@lab/autodiff';
import { Adam } from '@lab/optim';
import { Sequential, layers } from '@lab/layers';
${train}
async function main() {
  await init(cpu);
  return { cpu: await train(), dCube: cubeGradient() };
}
${finish}`,
  },
  {
    id: 'train',
    label: 'core + cpu + autodiff + layers + optim + wasm',
    entry: 'src/train.js',
    source: `import { init, getBackend, tensor, Variable } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { wasm } from '@lab/backend-wasm';
import { GradientTape } from '@lab/autodiff';
import { Adam } from '@lab/optim';
import { Sequential, layers } from '@lab/layers';
${train}
async function main() {
  await init(cpu);
  const onCpu = await train();
  const dCube = cubeGradient();
  await init(wasm);
  const onWasm = await train();
  return { cpu: onCpu, wasm: onWasm, dCube };
}
${finish}`,
  },
  {
    id: 'layers-webgpu',
    label: 'core + cpu + autodiff + layers + optim + webgpu',
    entry: 'src/layers-webgpu.js',
    source: `import { init, getBackend, tensor, Variable } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { webgpu } from '@lab/backend-webgpu';
import { GradientTape } from '@lab/autodiff';
import { Adam } from '@lab/optim';
import { Sequential, layers } from '@lab/layers';
${train}
async function main() {
  await init(cpu);
  if (navigator.gpu) await init(webgpu);
  return { trained: await train(), dCube: cubeGradient() };
}
${finish}`,
  },
];
