import { init, setBackend, memory } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { wasm } from '@lab/backend-wasm';
import { Session } from '../src/session.js';
import { parseConfig } from '../src/config.js';

await init(cpu);
await init(wasm);
const be = process.argv[2] ?? 'wasm';
setBackend(be);
const cfg = parseConfig(process.argv[3] ?? 'dataset=spiral&features=x1,x2,x1Sq,x2Sq,x1x2,sinX1,sinX2&hidden=8,8,6&optimizer=adam&learningRate=0.01&activation=tanh');
const s = new Session(cfg);
let t0 = performance.now();
for (let e = 0; e < 40; e++) {
  const t = performance.now();
  for (let i = 0; i < 250; i++) s.trainStep();
  const ev = await s.evaluate();
  console.log(`steps ${s.steps} epochs ${s.epochs.toFixed(0)} train ${ev.trainLoss.toFixed(4)} test ${ev.testLoss.toFixed(4)} ${(250 / (performance.now() - t) * 1000).toFixed(0)} st/s tensors ${memory().numTensors}`);
}
