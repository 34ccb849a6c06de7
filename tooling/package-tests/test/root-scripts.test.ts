// The root scripts the docs tell people to run: none is shadowed by a pnpm built-in command (`pnpm docs` opens a
// web page instead of running a script named docs), and the documented ones exist with the documented meaning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/workspace.js';

/** pnpm commands that take precedence over a script of the same name unless it is run as `pnpm run <name>`. */
const PNPM_BUILTINS = ['add', 'audit', 'bin', 'config', 'dedupe', 'deploy', 'docs', 'env', 'exec', 'fetch', 'home', 'import',
  'init', 'install', 'licenses', 'link', 'list', 'ls', 'outdated', 'pack', 'patch', 'prune', 'publish', 'rebuild', 'remove',
  'repo', 'root', 'server', 'setup', 'store', 'unlink', 'update', 'why'];

const scripts = (dir: string) =>
  (JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};

describe('root scripts', () => {
  it('no script of the root or of the tooling packages is named after a pnpm built-in', () => {
    for (const dir of ['.', 'tooling/package-tests']) {
      expect(Object.keys(scripts(dir)).filter((s) => PNPM_BUILTINS.includes(s)), dir).toEqual([]);
    }
  });

  it('`pnpm api-docs` builds the API reference; `pnpm release` is the dry run docs/releasing.md describes', () => {
    const root = scripts('.');
    expect(root['api-docs']).toBe('node tooling/package-tests/scripts/typedoc.mjs');
    expect(root.release).toBe('turbo run build && pnpm -r publish --dry-run --no-git-checks');
    const releasing = readFileSync(join(ROOT, 'docs/releasing.md'), 'utf8');
    expect(releasing).toContain('pnpm release                                 # = turbo run build && pnpm -r publish --dry-run --no-git-checks');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('`pnpm api-docs` builds the API reference');
  });
});
