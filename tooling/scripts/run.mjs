#!/usr/bin/env node
// Entry point behind the README's two commands, so they work on a machine with only Node 20+ and npm:
//   npm test  -> node tooling/scripts/run.mjs test [turbo args...]   (build, typecheck, lint, test every package)
//   npm start -> node tooling/scripts/run.mjs demo [demo args...]    (the root `demo` script)
// It finds pnpm (or fetches it with npx), installs dependencies when needed, then hands over to pnpm.
// Node built-ins only: nothing is installed yet when this runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM_VERSION = '10.34.9'; // keep equal to "packageManager" in the root package.json; pnpm 11 needs Node 22
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [mode, ...extra] = process.argv.slice(2);
// Windows has pnpm.cmd / npx.cmd, which Node only spawns through a shell.
const shell = process.platform === 'win32';

// Turbo: no telemetry pings or update checks (closed network; keeps logs short). The user's own values win.
const env = { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', ...process.env };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', shell });
  if (r.error) {
    console.error(`run.mjs: cannot start ${cmd}: ${r.error.message}`);
    process.exit(127);
  }
  return r.status ?? 1; // null status means a signal killed it
}

// A pnpm 10 already on PATH is used as is (pnpm 10 itself switches to the version pinned in "packageManager").
// Anything else (none, 9.x, or 11.x which fails on Node 20) means: run the pinned version through npx.
function findPnpm() {
  const r = spawnSync('pnpm', ['--version'], { cwd: root, env, encoding: 'utf8', shell });
  const version = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
  if (version.startsWith('10.')) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

function mtime(rel) {
  const p = join(root, rel);
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

// Install when node_modules is missing or older than the lockfile (fresh clone, or a pull that changed it).
// pnpm writes node_modules/.modules.yaml and its copy node_modules/.pnpm/lock.yaml at the end of every install.
function needsInstall() {
  const installed = Math.max(mtime('node_modules/.modules.yaml'), mtime('node_modules/.pnpm/lock.yaml'));
  const lock = mtime('pnpm-lock.yaml');
  return installed === 0 || lock === 0 || lock > installed;
}

if (mode !== 'test' && mode !== 'demo') {
  console.error('usage: node tooling/scripts/run.mjs <test|demo> [args...]');
  process.exit(2);
}

const [pnpm, ...pnpmPrefix] = findPnpm();
const pnpmRun = (args) => run(pnpm, [...pnpmPrefix, ...args]);

if (needsInstall()) {
  // --frozen-lockfile: CI must test exactly what is committed, and fails loudly if the lockfile is out of date.
  // Without a lockfile yet, a plain install creates one (CI=true would otherwise imply frozen and fail).
  const frozen = mtime('pnpm-lock.yaml') ? '--frozen-lockfile' : '--no-frozen-lockfile';
  const code = pnpmRun(['install', frozen]);
  if (code !== 0) process.exit(code);
}

if (mode === 'demo') {
  process.exit(pnpmRun(['run', 'demo', ...extra]));
}

// Defaults for `turbo run`; a flag given on the command line (npm test -- --output-logs=full) replaces its default.
//  --concurrency=2           the machines have 2 cores
//  --output-logs=errors-only  print the full output of failing tasks only
//  --ui=stream               plain logs, never turbo's full-screen TUI
//  --continue=dependencies-successful  one failing package does not hide the results of the others;
//                            the exit code is still non-zero
//  --env-mode=loose          turbo 2 otherwise strips undeclared variables from tasks, e.g. VK_ICD_FILENAMES
//                            (WebGPU driver) and XDG_RUNTIME_DIR that .ci/run sets for the tests
const defaults = [
  '--concurrency=2', '--output-logs=errors-only', '--ui=stream', '--continue=dependencies-successful', '--env-mode=loose',
];
const given = new Set(extra.map((a) => a.split('=')[0]));
const flags = defaults.filter((d) => !given.has(d.split('=')[0]));
// Source files over 450 lines fail before anything is built (tooling/scripts/check-file-size.mjs; issue #16).
const sizeCheck = run(process.execPath, [join(root, 'tooling/scripts/check-file-size.mjs')]);
// No block of 10+ lines copied in src/, test/ or assembly/ (jscpd; tooling/scripts/check-duplicates.mjs; issue #16).
const copyCheck = run(process.execPath, [join(root, 'tooling/scripts/check-duplicates.mjs')]);
const code = pnpmRun(['exec', 'turbo', 'run', 'build', 'typecheck', 'lint', 'test', ...flags, ...extra]) || sizeCheck || copyCheck;
printTestTotals();
process.exit(code);

// Each package's vitest writes test-results/vitest.json (tooling/config/vitest.shared.mjs); turbo hides the
// output of passing packages, so the totals across the workspace are printed here, as one closing line.
function printTestTotals() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let files = 0;
  for (const group of ['packages', 'apps', 'tooling']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const report = join(dir, name, 'test-results', 'vitest.json');
      if (!existsSync(report)) continue;
      try {
        const r = JSON.parse(readFileSync(report, 'utf8'));
        passed += r.numPassedTests ?? 0;
        // A failed test counts once; a file that failed with no failed test (it did not load, or a hook threw)
        // counts once more. Vitest's numFailedTestSuites counts the file and each of its describe blocks.
        const fileErrors = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'));
        failed += (r.numFailedTests ?? 0) + fileErrors.length;
        skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
        files++;
      } catch {
        failed++;
      }
    }
  }
  console.log(`\nlab test totals over ${files} packages:`);
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
