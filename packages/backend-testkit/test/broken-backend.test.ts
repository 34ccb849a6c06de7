// The kit must be able to fail: each test corrupts one behaviour of the healthy fixture backend and asserts that
// the checking functions (plain async code, no vitest `it` involved) report it, with a message naming kernel,
// op, dtype, shape and the first bad index.
import { describe, expect, it } from 'vitest';
import type { Backend, DataId, DataValues } from '@lab/core';
import { buildCases, checkBackend, runCase, type CaseResult, type ConformanceCase } from '../src/index.js';
import { createReferenceBackend } from './fixtures/reference-backend.js';

/** The fixture's storage, to corrupt results in place. */
const data = (id: DataId): DataValues => (id as { data: DataValues }).data;

function failures(results: CaseResult[]): CaseResult[] {
  return results.filter((r) => r.status === 'fail');
}

function only(kernel: string, pred: (c: ConformanceCase) => boolean = () => true) {
  return (c: ConformanceCase): boolean => c.kernel === kernel && pred(c);
}

describe('a healthy backend passes', () => {
  it('every binary float32 case passes on the fixture', async () => {
    const results = await checkBackend(createReferenceBackend(), { only: only('binary', (c) => c.dtype === 'float32') });
    expect(results.length).toBeGreaterThan(50);
    expect(failures(results)).toEqual([]);
  });
});

describe('a broken backend fails', () => {
  it('a corrupted element of binary add is reported with kernel, op, dtype, shape, index and both values', async () => {
    const base = createReferenceBackend();
    const broken: Backend = {
      ...base,
      binary(op, a, b, out) {
        base.binary(op, a, b, out);
        const d = data(out) as Float32Array;
        if (op === 'add' && d.length > 0) d[d.length - 1] += 0.5;
      },
    };
    const results = await checkBackend(broken, { only: only('binary', (c) => c.dtype === 'float32' && c.title.startsWith('add:')) });
    const bad = failures(results);
    expect(bad.length).toBeGreaterThan(0);
    const random = bad.find((r) => r.name === 'binary float32: add: random values [41]');
    expect(random?.message).toMatch(/binary add \(float32, shape \[41\]/);
    expect(random?.message).toMatch(/first at index 40 \[40\]: expected -?[\d.e-]+, got -?[\d.e-]+/);
    // The layout cases (sub) still pass: only add was corrupted.
    const sub = await checkBackend(broken, { only: only('binary', (c) => c.dtype === 'float32' && c.title.startsWith('sub:')) });
    expect(failures(sub)).toEqual([]);
  });

  it('matmul ignoring transposeB fails exactly the transposed-B cases', async () => {
    const base = createReferenceBackend();
    const broken: Backend = { ...base, matmul: (args) => base.matmul({ ...args, transposeB: false }) };
    const results = await checkBackend(broken, { only: only('matmul', (c) => c.dtype === 'float32' && c.title.includes('small')) });
    const bad = failures(results).map((r) => r.name);
    expect(bad.length).toBe(2);
    expect(bad.every((n) => n.includes('·Bᵀ'))).toBe(true);
    expect(failures(results)[0].message).toMatch(/^matmul float32: .*matmul \(float32, shape \[1,2,3\], batch 1, m 2, n 3, k 4/);
  });

  it('a leak in free is caught by the memory accounting', async () => {
    const base = createReferenceBackend();
    let leaked = 0;
    const broken: Backend = {
      ...base,
      free: (id) => {
        leaked++;
        if (leaked % 2 === 0) base.free(id);
      },
    };
    const results = await checkBackend(broken, { only: only('unary', (c) => c.dtype === 'float32' && c.title.startsWith('exp: random')) });
    expect(failures(results)[0].message).toMatch(/memoryBytes\(\) is \d+ after freeing every buffer the case allocated, but was \d+ before it \(leaks \d+ bytes\)/);
  });

  it('an output element left unwritten (relying on zero-filled outputs) is caught', async () => {
    const base = createReferenceBackend();
    const broken: Backend = {
      ...base,
      unary(op, x, out) {
        const d = data(out) as Float32Array;
        const last = d[d.length - 1];
        base.unary(op, x, out);
        if (op === 'relu') d[d.length - 1] = last;
      },
    };
    const results = await checkBackend(broken, { only: only('unary', (c) => c.dtype === 'float32' && c.title.startsWith('relu: random')) });
    expect(failures(results)[0].message).toMatch(/unary relu \(float32, shape \[37\].*index 36 \[36\]: expected [\d.e-]+, got NaN/);
  });

  it('int32 div that floors instead of truncating, and round that rounds halves up, fail their special values', async () => {
    const base = createReferenceBackend();
    const broken: Backend = {
      ...base,
      binary(op, a, b, out) {
        base.binary(op === 'div' && a.dtype === 'int32' ? 'floorDiv' : op, a, b, out);
      },
      unary(op, x, out) {
        base.unary(op, x, out);
        if (op === 'round') {
          const xs = data(x.id) as Float32Array;
          const d = data(out) as Float32Array;
          if (x.dtype === 'float32' && x.strides.every((s, i) => s === [1][i]) && x.offset === 0) d.forEach((_, i) => (d[i] = Math.round(xs[i])));
        }
      },
    };
    const div = await checkBackend(broken, { only: (c) => c.name === 'binary int32: div: special values' });
    expect(div[0].status).toBe('fail');
    expect(div[0].message).toMatch(/binary div \(int32, shape \[9\].*index 1 \[1\]: expected -3, got -4 for input a = -7, b = 2 \(exact match required\)/);
    const round = await checkBackend(broken, { only: (c) => c.name === 'unary float32: round: special values' });
    expect(round[0].status).toBe('fail');
    expect(round[0].message).toMatch(/unary round \(float32.*expected 0, got 1/);
  });

  it('argMax returning the last tie fails', async () => {
    const base = createReferenceBackend();
    const broken: Backend = {
      ...base,
      reduce(args) {
        if (args.op !== 'argMax') return base.reduce(args);
        // Reverse the axis, take argMax, and map the index back: the last maximum wins.
        const x = Array.from(data(args.x) as Float32Array);
        const { outer, reduceSize: r, inner } = args;
        const out = data(args.out) as Int32Array;
        for (let o = 0; o < outer; o++)
          for (let j = 0; j < inner; j++) {
            let best = 0;
            for (let i = 1; i < r; i++) if (x[(o * r + i) * inner + j] >= x[(o * r + best) * inner + j]) best = i;
            out[o * inner + j] = best;
          }
      },
    };
    const results = await checkBackend(broken, { only: (c) => c.name === 'reduce float32: argMax: ties resolve to the first index' });
    expect(results[0].message).toMatch(/reduce argMax \(float32, shape \[1,1\].*expected 1, got 4 for input \[1,3,3,2,3\]/);
  });

  it('ignoring a view offset fails the offset layouts but not the contiguous ones', async () => {
    const base = createReferenceBackend();
    const broken: Backend = { ...base, unary: (op, x, out) => base.unary(op, { ...x, offset: 0 }, out) };
    const results = await checkBackend(broken, { only: only('unary', (c) => c.dtype === 'float64' && c.title.startsWith('neg: layout')) });
    const bad = failures(results).map((r) => r.name);
    expect(bad).toContain('unary float64: neg: layout offsets and steps [3,4]');
    expect(bad).not.toContain('unary float64: neg: layout contiguous [3,4]');
  });

  it('read returning the wrong array type fails with a message saying which', async () => {
    const base = createReferenceBackend();
    const broken: Backend = {
      ...base,
      read: async (id) => {
        const v = await base.read(id);
        return v instanceof Uint16Array ? Float32Array.from(v) : v;
      },
    };
    const results = await checkBackend(broken, { only: (c) => c.name === 'memory float16: alloc(7) is zero-filled' });
    expect(results[0].message).toMatch(/read of a float16 buffer must return a Uint16Array, got Float32Array/);
  });

  it('a kernel that throws is reported as a failure, and its buffers are still freed', async () => {
    const base = createReferenceBackend();
    const broken: Backend = {
      ...base,
      gather: () => {
        throw new TypeError('boom');
      },
    };
    const results = await checkBackend(broken, { only: only('gather', (c) => c.dtype === 'int32') });
    expect(failures(results).length).toBe(results.length);
    expect(results[0].message).toMatch(/^gather int32: .*: the backend threw: TypeError: boom/);
    expect(broken.memoryBytes()).toBe(0);
  });

  it('cases are skipped, not failed, for missing dtypes and optional kernels', async () => {
    const base = createReferenceBackend(['float32']);
    const lean: Backend = { ...base, conv2d: undefined, readSync: undefined, descriptor: { ...base.descriptor, syncRead: false, unaryOps: [] } };
    const results = await checkBackend(lean, {
      only: (c) => (c.kernel === 'conv2d' && c.dtype === 'float32') || c.name.startsWith('unary float64: exp') || c.name.startsWith('unary float32: gelu') || (c.kernel === 'readSync' && c.requires.syncRead === true) || c.name.startsWith('unary float32: isNaN'),
    });
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.status).toBe('skip');
    expect(results.find((r) => r.name.startsWith('conv2d'))?.message).toMatch(/no optional conv2d kernel/);
    expect(results.find((r) => r.name.startsWith('unary float64'))?.message).toMatch(/does not list dtype float64/);
    expect(results.find((r) => r.name.startsWith('unary float32: gelu'))?.message).toMatch(/does not list unary op gelu/);
    expect(results.find((r) => r.name.startsWith('unary float32: isNaN'))?.message).toMatch(/does not list dtype bool/);
    // The asynchronous-only cases are the ones that apply to it, and pass: core names the async call.
    const asyncOnly = await checkBackend(lean, { only: (c) => c.kernel === 'readSync' && c.requires.syncRead === false });
    expect(asyncOnly.map((r) => `${r.name}: ${r.status}`)).toContain('readSync float32: through core, asynchronous-only backend: dataSync, arraySync and item name the async call; async reads work: pass');
    const synced = await checkBackend(base, { only: (c) => c.kernel === 'readSync' && c.requires.syncRead === false && c.dtype === 'float32' });
    expect(synced[0]?.message).toMatch(/reads synchronously/);
  });

  it('runCase rejects on its own, outside any vitest it', async () => {
    const base = createReferenceBackend();
    const broken: Backend = { ...base, fill: () => undefined };
    const c = buildCases({ dtypes: ['int32'] }).find((x) => x.name === 'fill int32: whole buffer [3,4] with -7')!;
    await expect(runCase(broken, c)).rejects.toThrow(/fill \(int32, shape \[12\].*index 0 \[0\]: expected -7, got/);
    await expect(runCase(base, c)).resolves.toBeUndefined();
  });

  it('skip entries drop kernels and matching names', () => {
    const all = buildCases({ dtypes: ['float32'] });
    const some = buildCases({ dtypes: ['float32'], skip: ['conv2d', 'NaN propagates'] });
    expect(some.some((c) => c.kernel === 'conv2d')).toBe(false);
    expect(some.some((c) => c.name.includes('NaN propagates'))).toBe(false);
    expect(all.length - some.length).toBeGreaterThan(20);
  });
});
