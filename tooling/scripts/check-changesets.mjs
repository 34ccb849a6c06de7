#!/usr/bin/env node
// CI check: every published package whose shipped files changed since the base has a changeset (or was
// versioned: its version differs from the base and its CHANGELOG.md has that version's section).
//   [LAB_BASE_REF=<ref>] node tooling/scripts/check-changesets.mjs     (root: `pnpm changeset:check`; .ci/run)
// The base, first that applies:
//   1. $LAB_BASE_REF: the merge base of it and HEAD (a pull request's target branch).
//   2. origin/main, when HEAD has commits it lacks: their merge base (a branch ahead of main).
//   3. HEAD~1: the last commit is the change (CI on main itself, where origin/main is HEAD; or no remote at all).
//   4. none (a repository with one commit, or a shallow clone of depth 1): skipped, exit 0.
// Uncommitted and untracked files count as changed too, so a local run sees work in progress.
// Node built-ins only: CI runs it before installing anything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function git(...args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

// Files in a package that do not ship (or do not change what ships): tests, benchmarks, tool configs, changelogs.
const NOT_SHIPPED = [
  /^(test|tests|bench|scratch|test-results)\//,
  /\.test\.[cm]?[jt]sx?$/,
  /^(eslint|vitest)\.config\.[cm]?[jt]s$/,
  /(^|\/)tsconfig(\..*)?\.json$/, // also src/tsconfig.json (DEVELOPERS.md, "Typecheck in CI")
  /^CHANGELOG\.md$/,
];

const exists = (ref) => git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`).ok;

/** `{ base, mergeBase: { out } }` to compare with, or null when there is nothing to compare with. */
function chooseBase() {
  const given = process.env.LAB_BASE_REF;
  if (given) {
    const mb = git('merge-base', given, 'HEAD');
    if (!mb.ok) {
      console.error(`check-changesets: cannot find a merge base of LAB_BASE_REF=${given} and HEAD: ${mb.err || 'unknown ref'}`);
      process.exit(2);
    }
    return { base: given, mergeBase: mb };
  }
  const head = git('rev-parse', 'HEAD').out;
  if (exists('origin/main')) {
    const mb = git('merge-base', 'origin/main', 'HEAD');
    // A shallow clone may not reach the merge base: fall back to the previous commit below.
    if (mb.ok && mb.out !== head) return { base: 'origin/main', mergeBase: mb };
  }
  if (exists('HEAD~1')) return { base: 'HEAD~1', mergeBase: git('rev-parse', 'HEAD~1') };
  return null;
}

if (!git('rev-parse', '--verify', '--quiet', 'HEAD').ok) {
  console.log('check-changesets: skipped: no commit yet');
  process.exit(0);
}
const chosen = chooseBase();
if (!chosen) {
  console.log('check-changesets: skipped: HEAD has no parent to compare with (one commit, or a shallow clone of depth 1)');
  process.exit(0);
}
const { base, mergeBase } = chosen;

// Changed files: committed since the merge base, plus uncommitted and untracked ones (for local runs).
const changed = new Set([
  ...git('diff', '--name-only', mergeBase.out).out.split('\n'),
  ...git('ls-files', '--others', '--exclude-standard').out.split('\n'),
].filter(Boolean));

// Pending changesets: package name -> bump, from the front matter of .changeset/*.md.
const pending = new Map();
const csDir = join(root, '.changeset');
for (const f of existsSync(csDir) ? readdirSync(csDir) : []) {
  if (!f.endsWith('.md') || f === 'README.md') continue;
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(csDir, f), 'utf8'));
  for (const m of (front?.[1] ?? '').matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)) {
    pending.set(m[1], [...(pending.get(m[1]) ?? []), `${m[2]} (.changeset/${f})`]);
  }
}

const problems = [];
const lines = [];
for (const d of readdirSync(join(root, 'packages')).sort()) {
  const manifest = join(root, 'packages', d, 'package.json');
  if (!existsSync(manifest)) continue;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (pkg.private) continue;
  const prefix = `packages/${d}/`;
  const files = [...changed].filter((f) => f.startsWith(prefix) && !NOT_SHIPPED.some((re) => re.test(f.slice(prefix.length))));
  if (files.length === 0) continue;
  const atBase = git('show', `${mergeBase.out}:${prefix}package.json`);
  const baseVersion = atBase.ok ? JSON.parse(atBase.out).version : null;
  const changelog = join(root, prefix, 'CHANGELOG.md');
  const versioned = baseVersion !== pkg.version && existsSync(changelog) && readFileSync(changelog, 'utf8').includes(`## ${pkg.version}`);
  const what = `${files.length} shipped file(s) changed, e.g. ${files[0]}`;
  if (pending.has(pkg.name)) lines.push(`ok       ${pkg.name}: ${what}; changeset: ${pending.get(pkg.name).join(', ')}`);
  else if (versioned) lines.push(`ok       ${pkg.name}: ${what}; versioned ${baseVersion ?? '(new)'} -> ${pkg.version} with a CHANGELOG entry`);
  else {
    lines.push(`MISSING  ${pkg.name}: ${what}`);
    problems.push(pkg.name);
  }
}

console.log(`check-changesets: published packages changed since ${base} (${mergeBase.out.slice(0, 7)}):`);
console.log(lines.length ? lines.map((l) => `  ${l}`).join('\n') : '  none');
if (problems.length) {
  console.error(`\n${problems.length} package(s) changed without a changeset: ${problems.join(', ')}.`);
  console.error('Run `pnpm changeset`, pick the packages and the bump (patch/minor/major), describe the change, and commit the file.');
  process.exit(1);
}
