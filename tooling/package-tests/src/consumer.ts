/**
 * A user's project outside the workspace: a fresh folder in the OS temp dir, lab installed from tarballs by npm
 * (third-party dependencies from the registry), and the ways a user runs it: Node ESM, Node CommonJS, and a
 * Vite production bundle served to headless Chromium.
 */
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { runOk } from './workspace.js';

/** A consumer project on disk. */
export interface Consumer {
  readonly dir: string;
}

/** Creates `os.tmpdir()/lab-<prefix>-XXXX` with the given files and installs the tarballs with npm. */
export async function createConsumer(prefix: string, tarballs: string[], files: Record<string, string>): Promise<Consumer> {
  const dir = mkdtempSync(join(tmpdir(), `lab-${prefix}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `lab-${prefix}`, version: '0.0.0', private: true }, null, 2));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  await runOk('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], dir);
  return { dir };
}

/** What is installed: every package (name@version, with its folder) and every .wasm file under node_modules. */
export interface Installed {
  readonly packages: Map<string, string[]>;
  readonly wasmFiles: string[];
}

/** Walks node_modules, nested ones too: every package's manifest, and every .wasm file anywhere. */
export function scanInstalled(dir: string): Installed {
  const packages = new Map<string, string[]>();
  const wasmFiles: string[] = [];
  const visitPackage = (p: string): void => {
    const manifest = join(p, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name) packages.set(name, [...(packages.get(name) ?? []), `${version} at ${relative(dir, p)}`]);
    }
    if (existsSync(join(p, 'node_modules'))) visitNodeModules(join(p, 'node_modules'));
  };
  const visitNodeModules = (nm: string): void => {
    for (const e of readdirSync(nm, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const p = join(nm, e.name);
      if (!e.name.startsWith('@')) visitPackage(p);
      else for (const s of readdirSync(p, { withFileTypes: true })) if (s.isDirectory()) visitPackage(join(p, s.name));
    }
  };
  const findWasm = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) findWasm(p);
      else if (extname(e.name) === '.wasm') wasmFiles.push(relative(dir, p));
    }
  };
  visitNodeModules(join(dir, 'node_modules'));
  findWasm(join(dir, 'node_modules'));
  return { packages, wasmFiles };
}

/** Runs `node <file>` in the project and parses the last line of stdout as JSON. */
export async function runNode(c: Consumer, file: string): Promise<Record<string, unknown>> {
  const r = await runOk(process.execPath, [file], c.dir);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}

/** A production bundle: its files, the JavaScript text, and sizes. */
export interface Bundle {
  readonly outDir: string;
  readonly files: string[];
  readonly js: string;
  readonly jsBytes: number;
  readonly jsGzipBytes: number;
}

/** `vite build` of the project's index.html (vite from the workspace; every import resolves in the project). */
export async function bundle(c: Consumer): Promise<Bundle> {
  const { build } = await import('vite');
  const outDir = join(c.dir, 'dist');
  await build({
    root: c.dir,
    logLevel: 'warn',
    configFile: false,
    build: { outDir, emptyOutDir: true, minify: true, reportCompressedSize: false, target: 'es2022' },
  });
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(relative(outDir, p));
    }
  };
  walk(outDir);
  const jsFiles = files.filter((f) => f.endsWith('.js'));
  const js = jsFiles.map((f) => readFileSync(join(outDir, f), 'utf8')).join('\n');
  const jsBytes = jsFiles.reduce((s, f) => s + statSync(join(outDir, f)).size, 0);
  return { outDir, files, js, jsBytes, jsGzipBytes: gzipSync(js).length };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves a folder on 127.0.0.1 (a random port) for the browser. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent((req.url ?? '/').split('?')[0]));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** The Chromium Debian ships; never a downloaded one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Opens the bundle in headless Chromium and waits for the page to set `window.__labResult` (or
 * `window.__labError`). Returns the result and the page's console errors.
 */
export async function runInChromium(b: Pick<Bundle, 'outDir'>): Promise<{ result: Record<string, unknown>; consoleErrors: string[] }> {
  const { chromium } = await import('playwright-core');
  const { server, url } = await serve(b.outDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(url);
    const handle = await page.waitForFunction(
      () => {
        const w = window as unknown as { __labResult?: unknown; __labError?: string };
        return w.__labError !== undefined ? { error: w.__labError } : w.__labResult !== undefined ? { result: w.__labResult } : null;
      },
      undefined,
      { timeout: 60_000 },
    );
    const out = (await handle.jsonValue()) as { error?: string; result?: Record<string, unknown> };
    if (out.error !== undefined) throw new Error(`the page failed: ${out.error}\nconsole: ${consoleErrors.join('\n')}`);
    return { result: out.result!, consoleErrors };
  } finally {
    await browser.close();
    server.close();
  }
}
