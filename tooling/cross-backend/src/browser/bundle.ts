/**
 * Bundles ./entry.ts for the browser with esbuild, from the workspace sources (like the tests: no build of the
 * @lab packages needed). The wasm backend's kernels are embedded as base64 through the same `__LAB_WASM_BASE64__`
 * define its published build uses (tsup.config.ts there), so the page needs no asset handling: from source the
 * loader would instead fetch `new URL('../build/lab-kernels.wasm', import.meta.url)`, relative to the bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const entry = fileURLToPath(new URL('./entry.ts', import.meta.url));
/** The kernels the wasm backend compiles (test/global-setup.mjs builds them). */
export const WASM_FILE = `${root}packages/backend-wasm/build/lab-kernels.wasm`;

/** Resolves `@lab/<pkg>` to `packages/<pkg>/src/index.ts` and `@lab/backend-testkit/checks` to its source. */
const labSources: Plugin = {
  name: 'lab-sources',
  setup(b) {
    b.onResolve({ filter: /^@lab\// }, (args) => {
      if (args.path === '@lab/backend-testkit/checks') return { path: `${root}packages/backend-testkit/src/checks.ts` };
      const name = args.path.slice('@lab/'.length);
      const path = `${root}packages/${name}/src/index.ts`;
      if (!existsSync(path)) return { errors: [{ text: `no workspace source for ${args.path} (looked for ${path})` }] };
      return { path };
    });
  },
};

/** The browser bundle's JavaScript. */
export async function bundleBrowserEntry(): Promise<string> {
  if (!existsSync(WASM_FILE)) throw new Error(`bundle: ${WASM_FILE} is missing; run node packages/backend-wasm/scripts/build-wasm.mjs`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'silent',
    plugins: [labSources],
    define: { __LAB_WASM_BASE64__: JSON.stringify(readFileSync(WASM_FILE).toString('base64')) },
  });
  return result.outputFiles[0].text;
}
