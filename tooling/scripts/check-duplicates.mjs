#!/usr/bin/env node
// Fails when a block of MIN_LINES or more lines is copied between (or within) TypeScript files of a `src/`,
// `test/` or `assembly/` folder (issue #16: share a helper instead; test helpers too). The detection is jscpd's
// (a well-kept copy/paste detector: token-based, so a copy with changed spacing or comments still counts).
// Generated files are in .gitignore, which jscpd honours. `npm test` runs it before the build
// (tooling/scripts/run.mjs); run it alone with `node tooling/scripts/check-duplicates.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_LINES = 10;
const MIN_TOKENS = 50;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'jscpd.cmd' : 'jscpd');
if (!existsSync(bin)) {
  console.error('check-duplicates: jscpd is not installed (run pnpm install at the repository root)');
  process.exit(1);
}
const args = [
  '--min-lines', String(MIN_LINES),
  '--min-tokens', String(MIN_TOKENS),
  '--format', 'typescript',
  '--pattern', '**/{src,test,assembly}/**/*.ts',
  '--ignore', '**/node_modules/**,**/dist/**,**/build/**,**/test-results/**',
  '--reporters', 'console',
  '--exit-code', '1',
  'packages', 'apps', 'tooling',
];
const r = spawnSync(bin, args, { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error(`check-duplicates: copied blocks of ${MIN_LINES}+ lines found (above): move the shared code into one helper`);
  process.exit(r.status ?? 1);
}
console.log(`check-duplicates: no copied block of ${MIN_LINES}+ lines in src/, test/ or assembly/`);
