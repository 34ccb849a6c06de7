// The CLI: argument parsing, and one real run through tsx (which must resolve @lab/* to the sources).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeBackend } from '@lab/core';
import { parse } from '../src/cli.js';
import { chooseBackend, DEFAULT_ORDER } from '../src/lib/backends.js';
import { TRAINERS } from '../src/samples/index.js';

const root = resolve(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

describe('trainer CLI', () => {
  it('parses the flags', () => {
    expect(parse(['digits', '--backend', 'wasm', '--epochs', '3', '--out', '/tmp/x'])).toEqual({ name: 'digits', backend: 'wasm', epochs: 3, out: '/tmp/x', seed: undefined, quick: false, help: false });
    expect(parse(['digits']).backend).toBeUndefined(); // the default: the fastest backend that starts
    expect(parse(['digits', '--quick']).quick).toBe(true);
    expect(parse(['c1-tensors', '--no-plots']).out).toBeNull();
    expect(parse(['c1-tensors']).out).toBe(join(root, 'out'));
    expect(() => parse(['x', '--backend', 'tpu'])).toThrow(/--backend must be one of cpu, wasm, webgpu, got 'tpu'/);
    expect(() => parse(['x', '--epochs', 'many'])).toThrow(/--epochs must be a non-negative integer/);
  });

  it('lists one trainer per curriculum section plus digits, spiral, mnist, music and showcase', () => {
    expect(Object.keys(TRAINERS)).toEqual(['c1-tensors', 'c2-kinds', 'c3-eager', 'c4-networks', 'c5-quiz', 'digits', 'spiral', 'mnist', 'music', 'showcase']);
  });

  it('runs a trainer with tsx, @lab/* resolved to the workspace sources', () => {
    const help = execFileSync(tsx, ['src/cli.ts', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help).toContain('usage: pnpm trainer <name>');
    const out = mkdtempSync(join(tmpdir(), 'lab-cli-'));
    const text = execFileSync(tsx, ['src/cli.ts', 'spiral', '--epochs', '2', '--out', out], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    // No --backend: the first line names the fastest backend that started (wasm here) and why.
    expect(text.split('\n')[0]).toBe(`[spiral on wasm (the fastest available of wasm > cpu; --backend to choose), plots in ${out}]`);
    expect(text).toMatch(/spiral done in \d+\.\d s/);
    expect(readdirSync(out).sort()).toEqual(['spiral-boundary.png', 'spiral-boundary.svg', 'spiral-history.png', 'spiral-history.svg']);
  });

  it('--backend cpu still selects cpu, and says so on the first line', () => {
    const text = execFileSync(tsx, ['src/cli.ts', 'c1-tensors', '--backend', 'cpu', '--no-plots'], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(text.split('\n')[0]).toBe('[c1-tensors on cpu (--backend cpu)]');
    expect(text).toContain('(running on cpu)');
  });

  it('chooseBackend: the default order is wasm > cpu; an explicit backend is used as asked', async () => {
    expect(DEFAULT_ORDER).toEqual(['wasm', 'cpu']);
    expect(await chooseBackend('cpu')).toEqual({ name: 'cpu', reason: '--backend cpu' });
    const auto = await chooseBackend();
    expect(auto.name).toBe('wasm');
    expect(auto.reason).toBe('the fastest available of wasm > cpu; --backend to choose');
    removeBackend('wasm');
  });
});
