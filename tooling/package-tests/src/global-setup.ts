/**
 * Vitest global setup: builds every published package (a turbo cache hit when nothing changed) and packs each
 * one that built into one temporary folder. The test files read the result with `inject('packed')`.
 * Every published package must be a devDependency of @lab/package-tests, so turbo builds it before this runs.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildLogOf, buildPackages, packPackage, publishedPackages } from './workspace.js';

/** What the setup hands to the tests. */
export interface Packed {
  /** Folder holding the tarballs. */
  readonly dir: string;
  /** Package name -> tarball path, for every package that built. */
  readonly tarballs: Record<string, string>;
  /** Package name -> why it has no tarball (its build failed). */
  readonly failures: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: Packed;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const pkgs = publishedPackages();
  const t0 = Date.now();
  // Under turbo (`npm test`, TURBO_HASH set) this task's `dependsOn: ["^build"]` has built every package already;
  // building again here would race with turbo's other tasks. Run by hand, build first (a cache hit if current).
  const { failed, log } = process.env.TURBO_HASH
    ? { failed: pkgs.filter((p) => !existsSync(join(p.dir, 'dist'))).map((p) => p.name), log: 'no dist/ after turbo\'s build' }
    : buildPackages(pkgs.map((p) => p.name));
  const dir = mkdtempSync(join(tmpdir(), 'lab-packed-'));
  const tarballs: Record<string, string> = {};
  const failures: Record<string, string> = {};
  for (const name of failed) failures[name] = `its build failed:\n${buildLogOf(log, name)}`;
  await Promise.all(
    pkgs
      .filter((p) => !failed.includes(p.name))
      .map(async (p) => {
        tarballs[p.name] = await packPackage(p, dir);
      }),
  );
  console.log(`package-tests: built and packed ${Object.keys(tarballs).length} packages in ${Date.now() - t0} ms` +
    (failed.length ? `; build failed: ${failed.join(', ')}` : ''));
  project.provide('packed', { dir, tarballs, failures });
  return () => rmSync(dir, { recursive: true, force: true });
}
