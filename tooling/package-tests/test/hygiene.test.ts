// publint and attw over the tarball of every published package. A package may have only the findings listed
// for every package (EVERY_PACKAGE) and for itself (KNOWN): these are reported to the lead, who routes them (this
// test does not edit other packages). A new finding fails; a fixed one is printed so its line can be deleted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { attwFindings, publintFindings } from '../src/hygiene.js';
import { publishedPackages } from '../src/workspace.js';

/** Findings every package has today (none: every package declares engines.node >= 20). */
const EVERY_PACKAGE: string[] = [];

/** Known findings of single packages (a package not listed may have only EVERY_PACKAGE's). */
const KNOWN: Record<string, string[]> = {
  // The "./checks" subpath exists only in `exports`: node10 resolution (no exports support) finds no file.
  '@lab/backend-testkit': ['attw NoResolution ./checks (node10)'],
  // "./lab-kernels.wasm" is an asset, not a module: attw tries to resolve it as one in every mode.
  '@lab/backend-wasm': ['attw NoResolution ./lab-kernels.wasm (node10, node16-cjs, node16-esm, bundler)'],
};

describe('package hygiene of every published package (publint, attw)', () => {
  const packed = inject('packed');
  it('every published package is a devDependency of @lab/package-tests (so turbo builds it before these tests)', () => {
    const own = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(publishedPackages().map((p) => p.name).filter((n) => !own.devDependencies[n])).toEqual([]);
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
