// `pnpm --filter @lab/example-backend demo`: the curriculum sample on ref64, in strict mode (no fallback).
import { getBackend, init } from '@lab/core';
import { ref64 } from './index.js';
import { runCurriculumSample } from './curriculum.js';

await init(ref64, { strict: true });
const r = runCurriculumSample();
console.log(`backend: ${getBackend()}`);
console.log('x @ transpose(x) =', JSON.stringify(r.gram));
console.log('softmax(x, -1)   =', JSON.stringify(r.softmax));
console.log(`y = x^3 at x = 1: dy/dx = ${r.dydx}, d2y/dx2 = ${r.d2ydx2}`);
