// saveModule's journal, state by state: what a process killed at each point of a save leaves on disk, what
// loadModule reads from it, and how the next save finishes or cleans it up. (The kill test itself, with real
// SIGKILLs, is tooling/integration/test/kill-during-save.test.ts.)
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Variable, tensor, type Tensor } from '@lab/core';
import { jit } from '@lab/jit';
import { loadModule, saveModule } from '@lab/jit/node';
import { useCpu } from './setup.js';

useCpu();

const root = mkdtempSync(join(tmpdir(), 'lab-jit-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A module whose one variable holds `v` everywhere. */
function moduleOf(v: number): { w: Variable; f: (x: Tensor) => Tensor } {
  const w = new Variable(tensor([v, v, v]));
  const f = jit((x: Tensor) => x.mul(w));
  f(tensor([1, 1, 1])).dispose();
  return { w, f };
}

async function versionIn(dir: string): Promise<number[]> {
  const m = await loadModule(dir);
  try {
    return [...((await m.variablesByPath.w.data()) as Float32Array)];
  } finally {
    m.dispose();
  }
}

/** A pid no process has: above Linux's largest pid_max (2^22), so the writer counts as gone. */
function deadPid(): number {
  return 4194305;
}

describe('saveModule is atomic', () => {
  it('a save killed after its commit record loads as the new version, and the next save finishes it', async () => {
    const dir = join(root, 'committed');
    const a = moduleOf(1);
    await saveModule(a, dir);
    // Re-create the state of a save of version 2 killed right after its commit: temporaries plus the record.
    const b = moduleOf(2);
    const staging = join(root, 'staging');
    await saveModule(b, staging);
    const tag = `${deadPid()}.abc123`;
    renameSync(join(staging, 'weights.bin'), join(dir, `weights.bin.${tag}.tmp`));
    renameSync(join(staging, 'module.json'), join(dir, `module.json.${tag}.tmp`));
    writeFileSync(join(dir, '.lab-commit'), JSON.stringify({ tag, names: ['weights.bin', 'module.json'] }));
    expect(await versionIn(dir)).toEqual([2, 2, 2]);
    // Half of the renames done: still the new version.
    renameSync(join(dir, `weights.bin.${tag}.tmp`), join(dir, 'weights.bin'));
    expect(await versionIn(dir)).toEqual([2, 2, 2]);
    // The next save rolls the old one forward first, then writes its own; nothing is left behind.
    const c = moduleOf(3);
    await saveModule(c, dir);
    expect(await versionIn(dir)).toEqual([3, 3, 3]);
    expect(readdirSync(dir).sort()).toEqual(['module.json', 'weights.bin']);
    for (const m of [a, b, c]) m.w.dispose();
  });

  it('a save killed before its commit leaves the old version; its temporaries go with the next save', async () => {
    const dir = join(root, 'uncommitted');
    const a = moduleOf(1);
    await saveModule(a, dir);
    const tag = `${deadPid()}.zz9`;
    writeFileSync(join(dir, `weights.bin.${tag}.tmp`), new Uint8Array(5));
    writeFileSync(join(dir, `module.json.${tag}.tmp`), '{"trunc');
    writeFileSync(join(dir, `.lab-commit.${tag}.tmp`), '{');
    // A live writer's temporary (this process) is not touched.
    const mine = `weights.bin.${process.pid}.live1.tmp`;
    writeFileSync(join(dir, mine), 'x');
    expect(await versionIn(dir)).toEqual([1, 1, 1]);
    const b = moduleOf(2);
    await saveModule(b, dir);
    expect(await versionIn(dir)).toEqual([2, 2, 2]);
    expect(readdirSync(dir).sort()).toEqual([mine, 'module.json', 'weights.bin'].sort());
    expect(readFileSync(join(dir, mine), 'utf8')).toBe('x');
    for (const m of [a, b]) m.w.dispose();
  });
});
