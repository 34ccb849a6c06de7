#!/usr/bin/env node
// CI check: every published package whose shipped files changed since the base ref has a changeset (or was
// versioned: its version differs from the base and its CHANGELOG.md has that version's section).
//   LAB_BASE_REF=<ref> node tooling/scripts/check-changesets.mjs     (root: `pnpm changeset:check`)
// Base ref: $LAB_BASE_REF, else origin/main when it exists; with neither, the check is skipped (exit 0).
// Node built-ins only.
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
  /^tsconfig(\..*)?\.json$/,
  /^CHANGELOG\.md$/,
];

let base = process.env.LAB_BASE_REF;
if (!base) {
  if (!git('rev-parse', '--verify', '--quiet', 'origin/main').ok) {
    console.log('check-changesets: skipped: no LAB_BASE_REF and no origin/main to compare with');
    process.exit(0);
  }
  base = 'origin/main';
}
const mergeBase = git('merge-base', base, 'HEAD');
if (!mergeBase.ok) {
  console.error(`check-changesets: cannot find a merge base of ${base} and HEAD: ${mergeBase.err}`);
  process.exit(2);
}

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
