// What a user of the CPU backend installs and ships: @lab/core + @lab/backend-cpu + @lab/autodiff, nothing else.
import { expect } from 'vitest';
import { describeInstall } from '../src/install-check.js';
import { CPU_PROGRAM } from '../src/programs.js';

describeInstall({
  id: 'cpu',
  packages: ['@lab/core', '@lab/backend-cpu', '@lab/autodiff'],
  forbiddenPackages: ['@lab/backend-wasm', '@lab/backend-webgpu', 'webgpu', '@webgpu/types'],
  allowWasmFiles: false,
  forbiddenInBundle: {
    'WebAssembly.': 'no WebAssembly code without @lab/backend-wasm',
    'navigator.gpu': 'no WebGPU code without @lab/backend-webgpu',
    requestAdapter: 'no WebGPU code without @lab/backend-webgpu',
    'lab-kernels': 'the wasm kernels must not be bundled',
  },
  program: CPU_PROGRAM,
  expectResult: (r) => {
    expect(r.backend).toBe('cpu');
    expect(r.backends).toEqual(['cpu']);
    expect(r.gram).toEqual([[14, 32], [32, 77]]);
    const row = r.softmaxRow as number[];
    [0.09003057, 0.24472848, 0.66524094].forEach((p, i) => expect(row[i]).toBeCloseTo(p, 6));
    expect(r.dCube).toEqual([3, 12, 27]);
    expect(r.dydx).toBe(3);
    expect(r.d2ydx2).toBe(6);
  },
});
