import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';

// test/webgpu-training.test.ts runs on Dawn, which needs a Vulkan driver: without a GPU that is SwiftShader from
// Debian's chromium package. Set here, in the main process, so the test forks inherit it; an explicit
// VK_ICD_FILENAMES wins.
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(swiftshader)) process.env.VK_ICD_FILENAMES = swiftshader;
// The Vulkan loader warns about an invalid XDG_RUNTIME_DIR; a private mode-700 dir (one per user) silences it.
if (!process.env.XDG_RUNTIME_DIR) {
  const dir = join(tmpdir(), `lab-webgpu-xdg-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  process.env.XDG_RUNTIME_DIR = dir;
}

export default defineConfig(labVitestConfig());
