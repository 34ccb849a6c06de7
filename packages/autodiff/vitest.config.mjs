import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';
import { prepareWebGpuEnv } from '../../tooling/config/webgpu-env.mjs';

// The webgpu test files run Dawn on SwiftShader: see tooling/config/webgpu-env.mjs.
prepareWebGpuEnv();

// TensorFlow.js (the differential oracle of the gradient tests) ships gradients only in its ESM build, whose
// imports have no file extensions: let Vite bundle it instead of Node loading it.
export default defineConfig(labVitestConfig({ test: { server: { deps: { inline: [/@tensorflow\//] } } } }));
