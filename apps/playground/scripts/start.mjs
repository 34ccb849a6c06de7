#!/usr/bin/env node
// `pnpm start` (and the root `npm start`): builds the playground when the build is missing or older than its
// sources (the app's and the lab packages' it bundles), then serves it with `vite preview` and prints the URL.
// PORT=8080 picks another port; when the port is taken the next free one is used.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(app, '../..');
const built = join(app, 'dist', 'index.html');

/** Newest modification time under `p` (files or directories, recursively; node_modules and dist skipped). */
function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const name of readdirSync(p)) {
    if (name === 'node_modules' || name === 'dist' || name === 'test-results') continue;
    m = Math.max(m, newest(join(p, name)));
  }
  return m;
}

const inputs = [
  join(app, 'src'),
  join(app, 'index.html'),
  join(app, 'mnist.html'),
  join(app, 'notebook.html'),
  join(app, 'vite.config.ts'),
  ...['core', 'autodiff', 'backend-cpu', 'backend-wasm', 'backend-webgpu', 'layers', 'optim', 'jit'].map((p) => join(repo, 'packages', p, 'src')),
  join(repo, 'apps', 'mnist-data', 'src'),
  join(repo, 'apps', 'notebooks', 'src'),
  join(repo, 'apps', 'notebooks', 'notebooks'),
  join(repo, 'packages', 'viz', 'src'),
  join(repo, 'packages', 'backend-wasm', 'assembly'),
];
const stale = !existsSync(built) || inputs.some((p) => newest(p) > statSync(built).mtimeMs);
if (stale) {
  console.log('lab playground: building...');
  const r = spawnSync(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: app,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { preview } = await import('vite');
const port = Number(process.env.PORT ?? 5173);
const server = await preview({ root: app, configFile: join(app, 'vite.config.ts'), logLevel: 'warn', preview: { port, strictPort: false, host: 'localhost' } });
const url = server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
console.log(`\nlab playground: ${url}\nMNIST page:     ${url}mnist.html\n(open it in a browser; Ctrl-C stops the server)`);
