/**
 * Vitest global setup: builds every published package (a turbo cache hit when nothing changed) and packs each
 * one that built into one temporary folder. The test files read the result with `inject('packed')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPackages, packPackage, publishedPackages } from './workspace.js';

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
  const { failed, log } = buildPackages(pkgs.map((p) => p.name));
  const dir = mkdtempSync(join(tmpdir(), 'lab-packed-'));
  const tarballs: Record<string, string> = {};
  const failures: Record<string, string> = {};
  for (const name of failed) failures[name] = `its build failed:\n${log}`;
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
