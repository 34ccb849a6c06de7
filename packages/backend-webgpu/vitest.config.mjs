import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { labVitestConfig } from '../../tooling/config/vitest.shared.mjs';

// Dawn needs a Vulkan driver; without a GPU that is SwiftShader from Debian's chromium package. Set here (in the
// main process, before any fork starts) so the test fork inherits it; an explicit VK_ICD_FILENAMES wins.
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(swiftshader)) process.env.VK_ICD_FILENAMES = swiftshader;
// The Vulkan loader warns about an invalid XDG_RUNTIME_DIR on every device; a private mode-700 dir silences it
// (one per user, reused across runs).
if (!process.env.XDG_RUNTIME_DIR) {
  const dir = join(tmpdir(), `lab-webgpu-xdg-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  process.env.XDG_RUNTIME_DIR = dir;
}

const base = labVitestConfig();

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // One fork, no isolation: every test file shares one Dawn instance and one device (Dawn is not happy being
    // loaded and torn down repeatedly in one process, and each device start costs a second on SwiftShader).
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    isolate: false,
    env: {
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '',
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
    },
  },
});
