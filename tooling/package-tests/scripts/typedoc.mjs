#!/usr/bin/env node
// TypeDoc over every package in packages/ that has src/index.ts: the API reference in docs/api (gitignored), and
// the exported names without TSDoc (TypeDoc's `validation.notDocumented`) per package.
//   node tooling/package-tests/scripts/typedoc.mjs [--out <dir>] [--no-html] [--list-functions]   (root: `pnpm api-docs`)
// --list-functions lists the public functions whose TSDoc lacks an @param, @returns or @example.
// Used by test/docs.test.ts, which asserts the offender counts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Logger, LogLevel } from 'typedoc';
import { functionDocCoverage } from './function-docs.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Packages whose every public function needs @param, @returns and @example (issue 14). */
export const FUNCTION_DOC_PACKAGES = ['@lab/core', '@lab/autodiff', '@lab/layers', '@lab/optim'];

/** Workspace packages with a src/index.ts: [{ name, dir }]. */
export function documentedPackages() {
  const out = [];
  for (const group of ['packages']) {
    for (const d of readdirSync(join(ROOT, group)).sort()) {
      const dir = join(ROOT, group, d);
      if (!existsSync(join(dir, 'src/index.ts')) || !existsSync(join(dir, 'package.json'))) continue;
      out.push({ name: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, dir });
    }
  }
  return out;
}

/** Collects TypeDoc's messages instead of printing them. */
class CollectingLogger extends Logger {
  messages = [];
  log(message, level) {
    super.log(message, level);
    this.messages.push({ level, message: String(message) });
  }
}

/**
 * Runs TypeDoc over `packages` (default: every documented package). Returns the packages, the undocumented
 * exports per package name, every other warning or error, and `functionDocs`: per package of
 * FUNCTION_DOC_PACKAGES, its public functions and the `@param`/`@returns`/`@example` each lacks.
 */
export async function runTypedoc({ out = join(ROOT, 'docs/api'), html = true, packages = documentedPackages() } = {}) {
  // One TypeScript program over every package's src/index.ts (tsconfig.typedoc.json maps @lab/* to sources):
  // much faster than TypeDoc's "packages" strategy, and independent of each package's own tsconfig.
  const app = await Application.bootstrapWithPlugins({
    name: 'lab',
    entryPoints: packages.map((p) => join(p.dir, 'src/index.ts')),
    tsconfig: join(ROOT, 'tooling/package-tests/tsconfig.typedoc.json'),
    excludeInternal: true,
    excludePrivate: true,
    readme: join(ROOT, 'README.md'),
    validation: { notExported: false, invalidLink: false, notDocumented: true },
    // Exported names (DEVELOPERS.md: "TSDoc on every export"), not every member of every interface.
    requiredToBeDocumented: ['Namespace', 'Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
    // By default TypeDoc checks only the root package's names; every documented package must be checked.
    packagesRequiringDocumentation: packages.map((p) => p.name),
    disableSources: true,
    logLevel: 'Warn',
    skipErrorChecking: true,
  });
  const logger = new CollectingLogger();
  app.logger = logger;
  const project = await app.convert();
  if (!project) throw new Error(`typedoc: conversion failed:\n${logger.messages.map((m) => m.message).join('\n')}`);
  // Modules are named after their path ('core/src'); name them after their package instead.
  for (const child of project.children ?? []) {
    const pkg = packages.find((p) => `${basename(p.dir)}/src` === child.name);
    if (pkg) child.name = pkg.name;
  }
  app.validate(project);
  if (html) await app.generateDocs(project, out);
  // From the JSON model TypeDoc would write (`--json`), so the check sees what the reference shows.
  const functionDocs = functionDocCoverage(
    app.serializer.projectToObject(project, ROOT),
    FUNCTION_DOC_PACKAGES.filter((n) => packages.some((p) => p.name === n)),
  );
  const undocumented = Object.fromEntries(packages.map((p) => [p.name, []]));
  const other = [];
  for (const m of logger.messages) {
    if (m.level < LogLevel.Warn) continue;
    // "<name> (<Kind>), defined in <package>/<path>, does not have any documentation"
    const hit = /^(.*), defined in (.*), does not have any documentation$/.exec(m.message);
    const pkg = hit && packages.find((p) => hit[2].startsWith(`${p.name}/`));
    if (hit && pkg) undocumented[pkg.name].push(`${hit[1]} in ${hit[2].slice(pkg.name.length + 1)}`);
    else other.push(m.message);
  }
  return { packages: packages.map((p) => p.name), undocumented, other, functionDocs, out };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const r = await runTypedoc({ out: outAt >= 0 ? resolve(args[outAt + 1]) : undefined, html: !args.includes('--no-html') });
  for (const name of r.packages) {
    const list = r.undocumented[name];
    console.log(`${name}: ${list.length ? `${list.length} exported names without TSDoc` : 'every export documented'}`);
    for (const l of list) console.log(`  ${l}`);
  }
  for (const [name, c] of Object.entries(r.functionDocs)) {
    console.log(`${name}: ${c.documented}/${c.total} public functions with @param, @returns and @example`);
    if (args.includes('--list-functions')) {
      for (const f of c.functions) if (f.missing.length) console.log(`  ${f.name}: ${f.missing.join(', ')}`);
    }
  }
  for (const m of r.other) console.log(`warning: ${m}`);
  if (!args.includes('--no-html')) console.log(`API reference: ${relative(process.cwd(), r.out)}/index.html`);
}
