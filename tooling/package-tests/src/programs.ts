/**
 * The programs a user writes, each in three forms: Node ESM (`app.mjs`), Node CommonJS (`app.cjs`) and a browser
 * module bundled by Vite (`index.html` + `src/main.js`). Each prints (or stores) one JSON result.
 */

/** One program: what it imports from which package, and the body of `async function main()`. */
export interface Program {
  readonly imports: Record<string, string[]>;
  readonly body: string;
}

/** The files of a consumer project that runs `p` in all three forms. */
export function programFiles(p: Program): Record<string, string> {
  const esm = Object.entries(p.imports)
    .map(([pkg, names]) => `import { ${names.join(', ')} } from '${pkg}';`)
    .join('\n');
  const cjs = Object.entries(p.imports)
    .map(([pkg, names]) => `const { ${names.join(', ')} } = require('${pkg}');`)
    .join('\n');
  const main = `async function main() {\n${p.body}\n}\n`;
  return {
    'app.mjs': `${esm}\n${main}\nconsole.log(JSON.stringify({ ...(await main()), moduleSystem: typeof require === 'undefined' ? 'esm' : 'cjs' }));\n`,
    'app.cjs': `${cjs}\n${main}\nmain().then((r) => console.log(JSON.stringify({ ...r, moduleSystem: typeof require === 'undefined' ? 'esm' : 'cjs' })), (e) => {\n  console.error(e);\n  process.exit(1);\n});\n`,
    'index.html': '<!doctype html>\n<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>lab</title></head>\n<body><script type="module" src="/src/main.js"></script></body></html>\n',
    'src/main.js': `${esm}\n${main}\nmain().then((r) => { window.__labResult = r; }, (e) => { window.__labError = String((e && e.stack) || e); });\n`,
  };
}

/** core + backend-cpu + autodiff: C1's x @ x^T and softmax, a gradient, and C2's nested-tape second derivative. */
export const CPU_PROGRAM: Program = {
  imports: {
    '@lab/core': ['init', 'getBackend', 'listBackends', 'tensor', 'matMul', 'transpose', 'softmax', 'sum', 'Variable'],
    '@lab/backend-cpu': ['cpu'],
    '@lab/autodiff': ['GradientTape', 'grad'],
  },
  body: `  await init(cpu, { strict: true });
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  const gram = matMul(x, transpose(x)).arraySync();
  const softmaxRow = softmax(x, -1).arraySync()[0];
  const dCube = grad((t) => sum(t.mul(t).mul(t)))(tensor([1, 2, 3])).arraySync();
  const v = new Variable(1.0);
  const outer = new GradientTape();
  let dydx;
  outer.record(() => {
    const inner = new GradientTape();
    const y = inner.record(() => v.mul(v).mul(v));
    dydx = inner.gradient(y, v);
  });
  const d2ydx2 = outer.gradient(dydx, v).item();
  return { backend: getBackend(), backends: listBackends(), gram, softmaxRow, dCube, dydx: dydx.item(), d2ydx2 };`,
};

/** core + autodiff + optim + layers + backend-wasm: fit a small Sequential model, predict, and a gradient. */
export const LAYERS_PROGRAM: Program = {
  imports: {
    '@lab/core': ['init', 'getBackend', 'listBackends', 'tensor', 'sum'],
    '@lab/backend-wasm': ['wasm'],
    '@lab/autodiff': ['grad'],
    '@lab/optim': ['Adam'],
    '@lab/layers': ['Sequential', 'layers'],
  },
  body: `  await init(wasm, { strict: true });
  // y = 2a - 3b + 0.5c + 1 on fixed inputs (no random data, so every run sees the same problem).
  const xs = [];
  const ys = [];
  for (let i = 0; i < 64; i++) {
    const a = Math.sin(i), b = Math.cos(1.3 * i), c = Math.sin(0.7 * i + 1);
    xs.push([a, b, c]);
    ys.push([2 * a - 3 * b + 0.5 * c + 1]);
  }
  const x = tensor(xs);
  const y = tensor(ys);
  const model = new Sequential({ layers: [layers.dense({ units: 8, activation: 'relu', inputShape: [3] }), layers.dense({ units: 1 })] });
  model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0 });
  const loss = history.history.loss;
  const predShape = model.predict(x).shape;
  const dSquare = grad((t) => sum(t.mul(t)))(tensor([1, 2, 3])).arraySync();
  return { backend: getBackend(), backends: listBackends(), firstLoss: loss[0], lastLoss: loss[loss.length - 1], predShape, dSquare };`,
};
