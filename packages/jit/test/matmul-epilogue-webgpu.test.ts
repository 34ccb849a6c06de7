// The matmul-epilogue pass on the webgpu backend (Dawn in Node, on SwiftShader without a GPU): the fusedMatMul
// shader applies the bias and the activation in the product's epilogue; results stay within 1e-6 (relative) of
// eager's, and a jitted training step keeps eager's losses.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { init, type BackendPlugin } from '@lab/core';
import { matmulEpilogueSuite } from './matmul-epilogue-cases.js';

// Dawn needs a Vulkan driver (SwiftShader from Debian's chromium package here) and a private XDG_RUNTIME_DIR; both
// are read when the first device starts, so setting them before the backend loads is enough.
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(swiftshader)) process.env.VK_ICD_FILENAMES = swiftshader;
if (!process.env.XDG_RUNTIME_DIR) {
  const dir = join(tmpdir(), `lab-webgpu-xdg-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  process.env.XDG_RUNTIME_DIR = dir;
}

beforeAll(async () => {
  // through a variable: jit's typecheck does not include the WebGPU DOM types the backend's sources use
  const pkg = '@lab/backend-webgpu';
  const { webgpu } = (await import(/* @vite-ignore */ pkg)) as { webgpu: BackendPlugin };
  await init(webgpu);
});

// webgpu has no float64 and no synchronous reads.
matmulEpilogueSuite(1e-6, { float64: false, syncRead: false });
