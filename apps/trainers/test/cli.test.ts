// The CLI: argument parsing, and one real run through tsx (which must resolve @lab/* to the sources).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/cli.js';
import { TRAINERS } from '../src/samples/index.js';

const root = resolve(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

describe('trainer CLI', () => {
  it('parses the flags', () => {
    expect(parse(['digits', '--backend', 'wasm', '--epochs', '3', '--out', '/tmp/x'])).toEqual({ name: 'digits', backend: 'wasm', epochs: 3, out: '/tmp/x', seed: undefined, help: false });
    expect(parse(['c1-tensors', '--no-plots']).out).toBeNull();
    expect(parse(['c1-tensors']).out).toBe(join(root, 'out'));
    expect(() => parse(['x', '--backend', 'tpu'])).toThrow(/--backend must be one of cpu, wasm, webgpu, got 'tpu'/);
    expect(() => parse(['x', '--epochs', 'many'])).toThrow(/--epochs must be a non-negative integer/);
  });

  it('lists one trainer per curriculum section plus digits, spiral, music and showcase', () => {
    expect(Object.keys(TRAINERS)).toEqual(['c1-tensors', 'c2-kinds', 'c3-eager', 'c4-networks', 'c5-quiz', 'digits', 'spiral', 'music', 'showcase']);
  });

  it('runs a trainer with tsx, @lab/* resolved to the workspace sources', () => {
    const help = execFileSync(tsx, ['src/cli.ts', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help).toContain('usage: pnpm trainer <name>');
    const out = mkdtempSync(join(tmpdir(), 'lab-cli-'));
    const text = execFileSync(tsx, ['src/cli.ts', 'spiral', '--epochs', '2', '--out', out], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(text).toContain('[spiral on cpu');
    expect(text).toMatch(/spiral done in \d+\.\d s/);
    expect(readdirSync(out).sort()).toEqual(['spiral-boundary.png', 'spiral-boundary.svg', 'spiral-history.png', 'spiral-history.svg']);
  });
});
