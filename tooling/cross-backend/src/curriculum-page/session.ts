/**
 * Opens the curriculum page in headless Chromium: bundles ./entry.ts with esbuild from the workspace sources,
 * serves it from http://localhost (WebGPU needs a secure context), and launches Debian's Chromium with the same
 * flags and checks as the conformance run (../chromium.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { openServedPage, serveBundle, type ServedPage } from '../chromium.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** `@lab/<pkg>` to `packages/<pkg>/src/index.ts`: the page runs the sources, like the tests. */
const labSources: Plugin = {
  name: 'lab-sources',
  setup(b) {
    b.onResolve({ filter: /^@lab\// }, (args) => {
      const path = `${root}packages/${args.path.slice('@lab/'.length)}/src/index.ts`;
      if (!existsSync(path)) return { errors: [{ text: `no workspace source for ${args.path} (looked for ${path})` }] };
      return { path };
    });
  },
};

/** The page's JavaScript. */
export async function bundleCurriculumPage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'silent',
    plugins: [labSources],
  });
  return result.outputFiles[0].text;
}

/** An open page. */
export type CurriculumSession = ServedPage;

/** Bundles, serves, launches Chromium and waits until the page has started its backends. */
export async function openCurriculumPage(): Promise<CurriculumSession> {
  const { server, url } = await serveBundle(new URL('./page.html', import.meta.url), await bundleCurriculumPage());
  return openServedPage(server, url, 'lab curriculum: ready', 90_000, 'the curriculum page');
}
