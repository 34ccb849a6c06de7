// Every published package has a README whose install line (`npm i ...`) names the package and every peer it needs
// (its required peers, and theirs in turn: @lab/onnx needs @lab/layers, which needs @lab/jit), an example, and a
// link to the API reference: a newcomer copies the line and the example and succeeds the first time.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, ROOT } from '../src/workspace.js';

interface Manifest {
  name: string;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifests = new Map<string, Manifest>(
  publishedPackages().map((p) => [p.name, JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) as Manifest]),
);

/** The required (non-optional) peers of `name`, and theirs, transitively. */
function requiredPeers(name: string, seen = new Set<string>()): Set<string> {
  const m = manifests.get(name);
  for (const [peer] of Object.entries(m?.peerDependencies ?? {})) {
    if (m?.peerDependenciesMeta?.[peer]?.optional || seen.has(peer)) continue;
    seen.add(peer);
    requiredPeers(peer, seen);
  }
  return seen;
}

/** The packages named on the README's `npm i` lines (each line separately). */
function installLines(readme: string): string[][] {
  return [...readme.matchAll(/^npm i(?:nstall)? ([^#\n]*)/gm)].map((m) => m[1].split(/\s+/).filter((w) => w && !w.startsWith('-')));
}

describe('package READMEs', () => {
  for (const pkg of publishedPackages()) {
    it(`${pkg.name}: an install line with every required peer, an example, and links`, () => {
      const file = join(pkg.dir, 'README.md');
      expect(existsSync(file), `${pkg.name} has no README.md`).toBe(true);
      const readme = readFileSync(file, 'utf8');
      const lines = installLines(readme).filter((l) => l.includes(pkg.name));
      expect(lines.length, `${pkg.name}: no \`npm i ${pkg.name} ...\` line`).toBeGreaterThan(0);
      const need = [...requiredPeers(pkg.name)];
      // The first install line that names the package is the one a newcomer copies.
      expect(need.filter((p) => !lines[0].includes(p)), `${pkg.name}: peers missing from \`npm i ${lines[0].join(' ')}\``).toEqual([]);
      expect(readme).toMatch(/^```ts\n/m);
      expect(readme).toContain('pnpm api-docs');
      expect(readme).toContain('[LICENSE](LICENSE)');
    });
  }

  it('the transitive peers are what the packages declare (onnx needs layers and its peers)', () => {
    expect([...requiredPeers('@lab/onnx')].sort()).toEqual(['@lab/autodiff', '@lab/core', '@lab/jit', '@lab/layers', '@lab/optim']);
    expect([...requiredPeers('@lab/viz')]).toEqual([]); // @lab/core is an optional peer of viz
  });

  it('the root README links the API reference section and the license', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^## API reference$/m);
    expect(readme).toContain('[LICENSE](LICENSE)');
  });
});
