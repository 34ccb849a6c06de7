import { init, setBackend, Variable, tensor, tidy, fusedMatMul, randomNormal, zeros, memory, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { adam } from '@lab/optim';
import { cpu } from '@lab/backend-cpu';
import { wasm } from '@lab/backend-wasm';

const sizes = [6, 8, 8, 8, 1];
const B = 10;
const xs = new Float32Array(B * 6).map(() => Math.random() * 2 - 1);
const ys = new Float32Array(B).map(() => (Math.random() < 0.5 ? -1 : 1));

function approachA(kind: 'optim' | 'custom') {
  const W: Variable[] = [], b: Variable[] = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    W.push(new Variable(randomNormal([sizes[l], sizes[l + 1]], { stddev: 0.5 })));
    b.push(new Variable(zeros([sizes[l + 1]])));
  }
  const vars = [...W, ...b];
  const opt = adam({ learningRate: 0.01 });
  const m = vars.map((v) => new Variable(zeros(v.shape as number[]), { trainable: false }));
  const v2 = vars.map((v) => new Variable(zeros(v.shape as number[]), { trainable: false }));
  let t = 0;
  return () => {
    tidy(() => {
      const x = tensor(xs, { shape: [B, 6] } as never);
      const y = tensor(ys, { shape: [B, 1] } as never);
      const tape = new GradientTape();
      const loss = tape.record(() => {
        let h: Tensor = x;
        for (let l = 0; l < W.length; l++) h = fusedMatMul(h, W[l], { bias: b[l], activation: 'tanh' });
        return h.sub(y).square().mean().mul(0.5);
      });
      const g = tape.gradient(loss, vars) as Tensor[];
      if (kind === 'optim') opt.applyGradients({ grads: g, vars });
      else {
        t++;
        const a = (0.01 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
        for (let i = 0; i < vars.length; i++) {
          m[i].assignAdd(g[i].sub(m[i]).mul(0.1));
          v2[i].assignAdd(g[i].square().sub(v2[i]).mul(0.001));
          vars[i].assignSub(m[i].mul(a).div(v2[i].sqrt().add(1e-7)));
        }
      }
    });
  };
}

function approachFlat() {
  const shapes: { w: number; b: number; i: number; o: number }[] = [];
  let P = 0;
  for (let l = 0; l < sizes.length - 1; l++) {
    shapes.push({ w: P, b: P + sizes[l] * sizes[l + 1], i: sizes[l], o: sizes[l + 1] });
    P += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  const theta = new Variable(randomNormal([P], { stddev: 0.5 }));
  const m = new Variable(zeros([P]), { trainable: false });
  const v2 = new Variable(zeros([P]), { trainable: false });
  let t = 0;
  return () => {
    tidy(() => {
      const x = tensor(xs, { shape: [B, 6] } as never);
      const y = tensor(ys, { shape: [B, 1] } as never);
      const tape = new GradientTape();
      const loss = tape.record(() => {
        let h: Tensor = x;
        for (const s of shapes) {
          const Wl = theta.slice([s.w], [s.i * s.o]).reshape([s.i, s.o]);
          const bl = theta.slice([s.b], [s.o]);
          h = fusedMatMul(h, Wl, { bias: bl, activation: 'tanh' });
        }
        return h.sub(y).square().mean().mul(0.5);
      });
      const g = tape.gradient(loss, theta) as Tensor;
      t++;
      const a = (0.01 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      m.assignAdd(g.sub(m).mul(0.1));
      v2.assignAdd(g.square().sub(v2).mul(0.001));
      theta.assignSub(m.mul(a).div(v2.sqrt().add(1e-7)));
    });
  };
}

function time(name: string, step: () => void) {
  for (let i = 0; i < 50; i++) step();
  const n = 1000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  const dt = performance.now() - t0;
  console.log(name.padEnd(28), ((n / dt) * 1000).toFixed(0), 'steps/s', 'tensors', memory().numTensors);
}

await init(cpu);
await init(wasm);
for (const be of ['cpu', 'wasm']) {
  setBackend(be);
  time(`${be} separate+optim`, approachA('optim'));
  time(`${be} separate+custom`, approachA('custom'));
  time(`${be} flat+custom`, approachFlat());
}
