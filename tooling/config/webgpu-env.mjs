import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Prepares this process's environment for Dawn (the `webgpu` package) on a machine without a GPU. Call it at the
 * top of a vitest config, in the main process, so the test forks inherit it.
 *
 * - VK_ICD_FILENAMES: Dawn needs a Vulkan driver; without a GPU that is SwiftShader from Debian's chromium
 *   package. An explicit VK_ICD_FILENAMES wins.
 * - XDG_RUNTIME_DIR: the Vulkan loader (and Chromium) warn about an invalid one on every device start; a private
 *   mode-700 directory, one per user and reused across runs, silences them.
 *
 * @returns the two variables, for a config's `test.env`.
 */
export function prepareWebGpuEnv() {
  const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (!process.env.VK_ICD_FILENAMES && existsSync(swiftshader)) process.env.VK_ICD_FILENAMES = swiftshader;
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `lab-webgpu-xdg-${process.getuid?.() ?? 'user'}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    process.env.XDG_RUNTIME_DIR = dir;
  }
  return {
    VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '',
    XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
  };
}
