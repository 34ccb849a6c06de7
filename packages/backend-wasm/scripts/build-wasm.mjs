// Compiles assembly/*.ts into build/lab-kernels.wasm with AssemblyScript (npm only: no native toolchain).
// Skips the work when the .wasm is newer than every source, so tests and typecheck can call it freely;
// --force always rebuilds (the package's `build` script).
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED, unaryDefsSource, writeUnaryCodes } from './gen-unary-codes.mjs';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(pkg, 'assembly');
const out = join(pkg, 'build', 'lab-kernels.wasm');

/** Pages of the declared maximum: 4 GiB, the most wasm32 can address. Shared memory needs a maximum. */
export const MAX_PAGES = 65536;

export function isStale() {
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  const generator = fileURLToPath(new URL('./gen-unary-codes.mjs', import.meta.url));
  const inputs = [...readdirSync(srcDir).map((f) => join(srcDir, f)), fileURLToPath(import.meta.url), generator, unaryDefsSource(), GENERATED];
  return inputs.some((f) => statSync(f).mtimeMs > built);
}

export async function buildWasm({ force = false, quiet = false } = {}) {
  // The op codes and dispatch come from core's unary op list: written first (unchanged content is not rewritten).
  writeUnaryCodes();
  if (!force && !isStale()) return out;
  mkdirSync(dirname(out), { recursive: true });
  const asc = (await import('assemblyscript/asc')).default;
  // Compiled to a private file, then renamed: test runs of several packages may build at once, and a reader
  // must never see a half-written .wasm.
  const tmp = `${out}.${process.pid}.tmp`;
  const args = [
    join(srcDir, 'index.ts'),
    '-o', tmp,
    '-O3', '--noAssert',
    '--enable', 'simd', '--enable', 'threads',
    '--runtime', 'stub',
    // Imported, shared, bounded memory: the loader flips the shared flag off when threads are not used.
    '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', String(MAX_PAGES),
    '--use', 'abort=',
  ];
  const t0 = Date.now();
  const { error, stderr } = await asc.main(args, {});
  if (error) {
    throw new Error(`AssemblyScript build failed: ${error.message}\n${stderr.toString()}`);
  }
  renameSync(tmp, out);
  if (!quiet) console.log(`backend-wasm: built ${out} (${statSync(out).size} bytes) in ${Date.now() - t0} ms`);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWasm({ force: process.argv.includes('--force') });
}
