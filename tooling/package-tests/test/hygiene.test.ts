// publint and attw over the tarball of every published package. Packages not in KNOWN must be clean; the
// findings listed in KNOWN are reported to the lead (we do not edit other packages) and must match exactly, so a
// new finding fails and so does a fixed one (delete its line here).
import { describe, expect, inject, it } from 'vitest';
import { attwFindings, publintFindings } from '../src/hygiene.js';
import { publishedPackages } from '../src/workspace.js';

/** publint's suggestion for every package: none declares `engines.node` (the workspace root says ">=20"). */
const NO_ENGINES = 'publint suggestion USE_ENGINES_NODE: The package does not specify the "engines.node" field. ' +
  'Consumers may install it on an unsupported Node.js version. Consider adding the field with your actual minimum ' +
  'supported Node.js version. (This may be a breaking change)';

/** Known findings per package (every published package that is not listed here must have none). */
const KNOWN: Record<string, string[]> = {
  '@lab/autodiff': [NO_ENGINES],
  '@lab/backend-cpu': [NO_ENGINES],
  '@lab/backend-testkit': [
    NO_ENGINES,
    // The "./checks" subpath exists only in `exports`: node10 resolution (no exports support) finds no file.
    'attw NoResolution ./checks (node10)',
  ],
  '@lab/backend-wasm': [
    NO_ENGINES,
    // "./lab-kernels.wasm" is an asset, not a module: attw tries to resolve it as one in every mode.
    'attw NoResolution ./lab-kernels.wasm (node10, node16-cjs, node16-esm, bundler)',
  ],
  '@lab/backend-webgpu': [NO_ENGINES],
  '@lab/core': [NO_ENGINES],
  '@lab/layers': [NO_ENGINES],
  '@lab/optim': [NO_ENGINES],
};

describe('package hygiene of every published package (publint, attw)', () => {
  const packed = inject('packed');
  for (const pkg of publishedPackages()) {
    it(`${pkg.name}`, async () => {
      const tarball = packed.tarballs[pkg.name];
      if (!tarball) throw new Error(`${pkg.name} has no tarball: ${packed.failures[pkg.name] ?? 'unknown reason'}`);
      const [p, a] = await Promise.all([publintFindings(tarball), attwFindings(tarball)]);
      const findings = [...p, ...a].sort();
      console.log(`${pkg.name}: ${findings.length ? `\n  ${findings.join('\n  ')}` : 'clean'}`);
      expect(findings).toEqual([...(KNOWN[pkg.name] ?? [])].sort());
    });
  }
});
