// publint (suggestions included) and attw (node10, node16 CJS/ESM, bundler, no entry point excluded) over the
// tarball of every published package, and the files every tarball carries (LICENSE, README.md): every package is
// clean. A package may have only the findings listed for every package (EVERY_PACKAGE)
// and for itself (KNOWN), both empty; a new finding fails, and a fixed one is printed so its line can be deleted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { attwFindings, publintFindings, tarballFiles, tarballText } from '../src/hygiene.js';
import { publishedPackages } from '../src/workspace.js';

/** Findings every package has today (none: every package declares engines.node >= 20). */
const EVERY_PACKAGE: string[] = [];

/**
 * Known findings of single packages (a package not listed may have only EVERY_PACKAGE's). Empty: every package
 * is clean. Fixed before: backend-testkit's `./checks` under node10 (a `typesVersions` map now points node10 at
 * its types), backend-wasm's `./lab-kernels.wasm` (a non-module export, now dropped: the kernels are embedded in
 * dist/ and the .wasm ships as a plain file).
 * Add an entry only for a finding that is genuinely not a problem, with the reason beside it.
 */
const KNOWN: Record<string, string[]> = {};

describe('package hygiene of every published package (publint, attw)', () => {
  const packed = inject('packed');
  it('every published package is a devDependency of @lab/package-tests (so turbo builds it before these tests)', () => {
    const own = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(publishedPackages().map((p) => p.name).filter((n) => !own.devDependencies[n])).toEqual([]);
  });
  it('no package exports a non-module file (attw checks every entry point, none is excluded)', () => {
    const assets: Record<string, string[]> = {};
    for (const p of publishedPackages()) {
      const { exports } = JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> };
      const odd = Object.keys(exports ?? {}).filter((k) => /\.[a-z0-9]+$/i.test(k) && !/\.(?:[cm]?js|json)$/.test(k));
      if (odd.length) assets[p.name] = odd;
    }
    expect(assets).toEqual({});
  });
  for (const pkg of publishedPackages()) {
    it(`${pkg.name}: the tarball carries LICENSE (MIT, the lab authors) and README.md`, async () => {
      const tarball = packed.tarballs[pkg.name];
      if (!tarball) throw new Error(`${pkg.name} has no tarball: ${packed.failures[pkg.name] ?? 'unknown reason'}`);
      const files = await tarballFiles(tarball);
      expect(files).toContain('LICENSE');
      expect(files).toContain('README.md');
      const license = await tarballText(tarball, 'LICENSE');
      expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the lab authors\n/);
      expect(JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')).license).toBe('MIT');
    });
  }
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
