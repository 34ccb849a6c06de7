// publint (suggestions included) and attw (node10, node16 CJS/ESM, bundler) over the tarball of every published
// package: every package is clean. A package may have only the findings listed for every package (EVERY_PACKAGE)
// and for itself (KNOWN), both empty; a new finding fails, and a fixed one is printed so its line can be deleted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { assetEntrypoints, attwFindings, publintFindings } from '../src/hygiene.js';
import { publishedPackages } from '../src/workspace.js';

/** Findings every package has today (none: every package declares engines.node >= 20). */
const EVERY_PACKAGE: string[] = [];

/**
 * Known findings of single packages (a package not listed may have only EVERY_PACKAGE's). Empty: every package
 * is clean. Fixed before: backend-testkit's `./checks` under node10 (a `typesVersions` map now points node10 at
 * its types), backend-wasm's `./lab-kernels.wasm` (an asset: attwFindings excludes non-module entry points).
 * Add an entry only for a finding that is genuinely not a problem, with the reason beside it.
 */
const KNOWN: Record<string, string[]> = {};

describe('package hygiene of every published package (publint, attw)', () => {
  const packed = inject('packed');
  it('every published package is a devDependency of @lab/package-tests (so turbo builds it before these tests)', () => {
    const own = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(publishedPackages().map((p) => p.name).filter((n) => !own.devDependencies[n])).toEqual([]);
  });
  it('attw skips only non-module assets: backend-wasm\'s ./lab-kernels.wasm, nothing else', async () => {
    const skipped: Record<string, string[]> = {};
    for (const p of publishedPackages()) {
      const tarball = packed.tarballs[p.name];
      const assets = tarball ? await assetEntrypoints(tarball) : [];
      if (assets.length) skipped[p.name] = assets;
    }
    expect(skipped).toEqual({ '@lab/backend-wasm': ['./lab-kernels.wasm'] });
  });
  for (const pkg of publishedPackages()) {
    it(`${pkg.name}`, async () => {
      const tarball = packed.tarballs[pkg.name];
      if (!tarball) throw new Error(`${pkg.name} has no tarball: ${packed.failures[pkg.name] ?? 'unknown reason'}`);
      const [p, a] = await Promise.all([publintFindings(tarball), attwFindings(tarball)]);
      const findings = [...p, ...a].sort();
      console.log(`${pkg.name}: ${findings.length ? `\n  ${findings.join('\n  ')}` : 'clean'}`);
      const known = [...EVERY_PACKAGE, ...(KNOWN[pkg.name] ?? [])];
      const fixed = known.filter((k) => !findings.includes(k));
      if (fixed.length) console.log(`${pkg.name}: fixed, delete from the known list:\n  ${fixed.join('\n  ')}`);
      expect(findings.filter((f) => !known.includes(f)), `${pkg.name}: new findings`).toEqual([]);
    });
  }
});
