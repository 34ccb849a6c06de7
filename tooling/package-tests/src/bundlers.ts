/**
 * The four bundlers a web app uses (esbuild, webpack 5, Rollup with node-resolve, Vite), each run the way its
 * documentation shows for a browser build, on one entry of a consumer project, collecting every warning and
 * error it reports. Each output folder holds an index.html that runs the bundle, for headless Chromium.
 *
 * esbuild and Vite minify as they bundle. webpack's and Rollup's minifier is terser, which takes minutes for these
 * pages on a loaded 2-core machine: they bundle (and tree-shake) unminified here, and their output is minified
 * with esbuild for the size figures only.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';

/** The bundlers under test. */
export const BUNDLERS = ['esbuild', 'webpack', 'rollup', 'vite'] as const;
/** One of {@link BUNDLERS}. */
export type BundlerName = (typeof BUNDLERS)[number];

/** What one bundler made of one entry. */
export interface BundleOutput {
  readonly bundler: BundlerName;
  /** The entry, relative to the project (`src/train.js`). */
  readonly entry: string;
  /** The folder with index.html and the JavaScript. */
  readonly outDir: string;
  /** Every JavaScript file written, relative to outDir. */
  readonly jsFiles: string[];
  /** Every other file written (a .wasm here would mean an asset the bundler emitted). */
  readonly otherFiles: string[];
  /** Minified bytes of all JavaScript (webpack's and Rollup's output minified by esbuild). */
  readonly bytes: number;
  /** Those bytes gzipped (zlib level 9, each file on its own, summed). */
  readonly gzipBytes: number;
  /** Warnings and errors the bundler reported, as text. */
  readonly warnings: string[];
  readonly errors: string[];
  /** Wall time of the build. */
  readonly ms: number;
}

const page = (script: string, module: boolean): string =>
  `<!doctype html>\n<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>lab</title></head>\n` +
  `<body><script${module ? ' type="module"' : ''} src="./${script}"></script></body></html>\n`;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

const MINIFIES: Record<BundlerName, boolean> = { esbuild: true, webpack: false, rollup: false, vite: true };

async function collect(bundler: BundlerName, entry: string, outDir: string, ms: number, warnings: string[], errors: string[]): Promise<BundleOutput> {
  const files = errors.length ? [] : listFiles(outDir);
  const jsFiles = files.filter((f) => f.endsWith('.js') || f.endsWith('.mjs'));
  const otherFiles = files.filter((f) => !jsFiles.includes(f) && !f.endsWith('.html') && !f.endsWith('.map'));
  let bytes = 0;
  let gzipBytes = 0;
  for (const f of jsFiles) {
    let text = readFileSync(join(outDir, f), 'utf8');
    if (!MINIFIES[bundler]) text = (await transform(text, { minify: true, target: 'es2022', format: bundler === 'rollup' ? 'esm' : undefined })).code;
    const buf = Buffer.from(text);
    bytes += buf.length;
    gzipBytes += gzipSync(buf, { level: 9 }).length;
  }
  return { bundler, entry, outDir, jsFiles, otherFiles, bytes, gzipBytes, warnings, errors, ms };
}

/** `esbuild --bundle --platform=browser --format=esm --minify`. */
async function runEsbuild(project: string, entry: string, outDir: string): Promise<{ warnings: string[]; errors: string[] }> {
  const esbuild = await import('esbuild');
  try {
    const r = await esbuild.build({
      absWorkingDir: project,
      entryPoints: [join(project, entry)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      minify: true,
      outfile: join(outDir, 'main.js'),
      logLevel: 'silent',
    });
    writeFileSync(join(outDir, 'index.html'), page('main.js', true));
    return {
      warnings: (await esbuild.formatMessages(r.warnings, { kind: 'warning' })).map((s) => s.trim()),
      errors: (await esbuild.formatMessages(r.errors, { kind: 'error' })).map((s) => s.trim()),
    };
  } catch (e) {
    const failure = e as { errors?: import('esbuild').Message[]; warnings?: import('esbuild').Message[] };
    if (!failure.errors) throw e;
    return {
      warnings: (await esbuild.formatMessages(failure.warnings ?? [], { kind: 'warning' })).map((s) => s.trim()),
      errors: (await esbuild.formatMessages(failure.errors, { kind: 'error' })).map((s) => s.trim()),
    };
  }
}

/** webpack 5, `mode: 'production'` (tree shaking, module concatenation), its defaults otherwise, terser off. */
async function runWebpack(project: string, entry: string, outDir: string): Promise<{ warnings: string[]; errors: string[] }> {
  const { default: webpack } = await import('webpack');
  const compiler = webpack({
    mode: 'production',
    context: project,
    entry: join(project, entry),
    output: { path: outDir, filename: 'main.js' },
    devtool: false,
    optimization: { minimize: false },
    // Webpack's size hint (over 244 KiB) is advice about the app, not a packaging problem: a page that trains a
    // model with layers is over it. Turned off here; the sizes are recorded and reported instead.
    performance: { hints: false },
  });
  const stats = await new Promise<import('webpack').Stats>((done, fail) => {
    compiler.run((err, s) => (err || !s ? fail(err ?? new Error('webpack: no stats')) : done(s)));
  });
  await new Promise<void>((done) => compiler.close(() => done()));
  const info = stats.toJson({ all: false, warnings: true, errors: true });
  writeFileSync(join(outDir, 'index.html'), page('main.js', false));
  return {
    warnings: (info.warnings ?? []).map((w) => `${w.moduleName ?? ''} ${w.message}`.trim()),
    errors: (info.errors ?? []).map((w) => `${w.moduleName ?? ''} ${w.message}`.trim()),
  };
}

/** Rollup 4 with @rollup/plugin-node-resolve (`browser: true`), ES module output. */
async function runRollup(project: string, entry: string, outDir: string): Promise<{ warnings: string[]; errors: string[] }> {
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const warnings: string[] = [];
  try {
    const b = await rollup({
      input: join(project, entry),
      plugins: [nodeResolve({ browser: true, rootDir: project })],
      onwarn: (w) => warnings.push(`${w.code ?? ''} ${w.message}`.trim()),
    });
    const { output } = await b.write({ dir: outDir, format: 'es', entryFileNames: 'main.js' });
    await b.close();
    // node-resolve marks Node built-ins external without a warning: an import left in a browser bundle is an error.
    const own = new Set(output.map((o) => o.fileName));
    for (const o of output) {
      if (o.type !== 'chunk') continue;
      for (const id of [...o.imports, ...o.dynamicImports]) {
        if (!own.has(id)) warnings.push(`${o.fileName} still imports '${id}', which no browser can load`);
      }
    }
  } catch (e) {
    return { warnings, errors: [(e as Error).message] };
  }
  writeFileSync(join(outDir, 'index.html'), page('main.js', true));
  return { warnings, errors: [] };
}

/** `vite build` of an index.html that loads the entry (Vite's defaults; its logger captured). */
async function runVite(project: string, entry: string, outDir: string): Promise<{ warnings: string[]; errors: string[] }> {
  const { build, createLogger } = await import('vite');
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = createLogger('warn', { allowClearScreen: false });
  logger.warn = (msg) => void warnings.push(msg);
  logger.warnOnce = (msg) => void warnings.push(msg);
  logger.error = (msg) => void errors.push(msg);
  // One html file per entry, at the project root where Vite looks for pages.
  const html = `${basename(entry, '.js')}.html`;
  writeFileSync(join(project, html), page(entry, true));
  try {
    await build({
      root: project,
      configFile: false,
      logLevel: 'warn',
      customLogger: logger,
      build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false, rolldownOptions: { input: join(project, html) } },
    });
  } catch (e) {
    errors.push((e as Error).message);
  }
  rmSync(join(project, html));
  if (errors.length === 0) writeFileSync(join(outDir, 'index.html'), readFileSync(join(outDir, html)));
  return { warnings, errors };
}

const RUNNERS: Record<BundlerName, (project: string, entry: string, outDir: string) => Promise<{ warnings: string[]; errors: string[] }>> = {
  esbuild: runEsbuild,
  webpack: runWebpack,
  rollup: runRollup,
  vite: runVite,
};

/** Bundles `entry` of `project` with `bundler` into `outDir` (emptied first). */
export async function bundleWith(bundler: BundlerName, project: string, entry: string, outDir: string): Promise<BundleOutput> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const t0 = Date.now();
  const { warnings, errors } = await RUNNERS[bundler](project, entry, outDir);
  return collect(bundler, entry, outDir, Date.now() - t0, warnings, errors);
}
