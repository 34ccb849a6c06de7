// The CI check that a change to a published package comes with a changeset (tooling/scripts/check-changesets.mjs),
// run in throwaway git repositories: the script is copied in, so it takes the temporary repository as its root.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../src/workspace.js';

const SCRIPT = join(ROOT, 'tooling/scripts/check-changesets.mjs');

/** git and the script see only this environment: a fixed identity, no LAB_BASE_REF from the caller. */
const ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

const repos: string[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A repository with one published package (@t/pub), one private one (@t/app) and the script. */
function makeRepo(): { dir: string; git: (...args: string[]) => string; write: (rel: string, text: string) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lab-changesets-'));
  repos.push(dir);
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  mkdirSync(join(dir, 'tooling/scripts'), { recursive: true });
  copyFileSync(SCRIPT, join(dir, 'tooling/scripts/check-changesets.mjs'));
  write('packages/pub/package.json', JSON.stringify({ name: '@t/pub', version: '0.1.0' }));
  write('packages/pub/src/index.ts', 'export const a = 1;\n');
  write('packages/app/package.json', JSON.stringify({ name: '@t/app', version: '0.0.0', private: true }));
  write('packages/app/src/index.ts', 'export const b = 1;\n');
  write('.changeset/config.json', '{}\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return { dir, git, write };
}

function check(dir: string, env: Record<string, string> = {}): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['tooling/scripts/check-changesets.mjs'], { cwd: dir, env: { ...ENV, ...env }, encoding: 'utf8' });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

function commit(repo: ReturnType<typeof makeRepo>, message: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) repo.write(rel, text);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', message);
}

describe('check-changesets (CI: a changed published package needs a changeset)', () => {
  it('skips a repository with a single commit and no remote', () => {
    const { dir } = makeRepo();
    const r = check(dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('skipped: HEAD has no parent');
  });

  it('fails when the last commit changes a published package without a changeset, naming it', () => {
    const repo = makeRepo();
    commit(repo, 'change pub', { 'packages/pub/src/index.ts': 'export const a = 2;\n' });
    const r = check(repo.dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('changed since HEAD~1');
    expect(r.out).toContain('MISSING  @t/pub: 1 shipped file(s) changed, e.g. packages/pub/src/index.ts');
    expect(r.out).toContain('1 package(s) changed without a changeset: @t/pub.');
    expect(r.out).toContain('Run `pnpm changeset`');
  });

  it('passes when the change comes with a changeset for that package', () => {
    const repo = makeRepo();
    commit(repo, 'change pub with a changeset', {
      'packages/pub/src/index.ts': 'export const a = 2;\n',
      '.changeset/brave-cats-sing.md': '---\n"@t/pub": patch\n---\n\nA is 2.\n',
    });
    const r = check(repo.dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok       @t/pub: 1 shipped file(s) changed, e.g. packages/pub/src/index.ts; changeset: patch (.changeset/brave-cats-sing.md)');
  });

  it('passes for tests, private packages and versioned packages with a CHANGELOG entry', () => {
    const repo = makeRepo();
    commit(repo, 'tests and the app', {
      'packages/pub/test/a.test.ts': 'it.todo("a");\n',
      'packages/pub/src/tsconfig.json': '{}\n',
      'packages/app/src/index.ts': 'export const b = 2;\n',
    });
    expect(check(repo.dir)).toMatchObject({ code: 0 });
    commit(repo, 'version pub', {
      'packages/pub/package.json': JSON.stringify({ name: '@t/pub', version: '0.1.1' }),
      'packages/pub/CHANGELOG.md': '# @t/pub\n\n## 0.1.1\n\n- A is 2.\n',
      'packages/pub/src/index.ts': 'export const a = 2;\n',
    });
    const r = check(repo.dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok       @t/pub: 2 shipped file(s) changed, e.g. packages/pub/package.json; versioned 0.1.0 -> 0.1.1 with a CHANGELOG entry');
  });

  it('counts every commit since the merge base with origin/main, and uncommitted files', () => {
    const repo = makeRepo();
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    commit(repo, 'change pub', { 'packages/pub/src/index.ts': 'export const a = 2;\n' });
    commit(repo, 'docs only', { 'notes.md': 'notes\n' });
    // The last commit alone is clean; the branch is not.
    const r = check(repo.dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('changed since origin/main');
    expect(r.out).toContain('MISSING  @t/pub');
    // LAB_BASE_REF wins over origin/main.
    expect(check(repo.dir, { LAB_BASE_REF: 'HEAD~1' })).toMatchObject({ code: 0 });
    // A local run sees work in progress.
    repo.write('packages/pub/src/extra.ts', 'export const c = 3;\n');
    expect(check(repo.dir, { LAB_BASE_REF: 'HEAD' }).out).toContain('MISSING  @t/pub: 1 shipped file(s) changed, e.g. packages/pub/src/extra.ts');
  });

  it('exits 2 with a clear message for an unknown LAB_BASE_REF', () => {
    const repo = makeRepo();
    const r = check(repo.dir, { LAB_BASE_REF: 'no-such-branch' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('cannot find a merge base of LAB_BASE_REF=no-such-branch and HEAD');
  });
});
