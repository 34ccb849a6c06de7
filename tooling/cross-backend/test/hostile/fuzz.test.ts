/**
 * File fuzzing (issue 15): valid saved files of the layers loader, the ONNX importer and the jit importer are
 * mutated (bit flips, truncations, splices, huge declared sizes) 1,000+ times each from a fixed seed. Every
 * mutant either loads (and is freed) or is refused with a lab error that says where (never a bare RangeError,
 * TypeError or SyntaxError); the device never allocates more than the stated budget while loading; nothing leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendInstance, init, memory, setBackend, type Backend } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { importModule } from '@lab/jit';
import { loadOnnx } from '@lab/onnx';
import { loadModel, memoryStore, type ModelFiles } from '@lab/layers';
import { jitArtifacts, layersFiles, onnxBytes } from './fixtures.js';
import { Rng } from '@lab/backend-testkit';

const MUTANTS = 2000;
/**
 * The budget: a load may allocate on the device at most 4 times the bytes of the file it reads plus 64 KiB (a
 * model's weights, its optimizer state and small constants). A file cannot make the loader allocate what its
 * declared shapes say unless its bytes back them.
 */
const budgetFor = (fileBytes: number): number => 4 * fileBytes + 65536;

/** mulberry32 (the conformance kit's): small, deterministic. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const HUGE = [2 ** 31 - 1, 2 ** 32, 1e9, 1e15, 2 ** 53, 1e308, -1, -(2 ** 31), 0.5, NaN];

/**
 * One mutation of `bytes`: bit flips, a truncation, a splice (a chunk copied elsewhere), or a run of 0xff. Always
 * a fresh copy (a Node Buffer's `slice` would share the original's memory).
 */
function mutateBytes(bytes: Uint8Array, r: () => number): { bytes: Uint8Array; how: string } {
  const n = bytes.length;
  const at = Math.floor(r() * n);
  switch (Math.floor(r() * 4)) {
    case 0: {
      const out = new Uint8Array(bytes);
      const flips = 1 + Math.floor(r() * 8);
      for (let i = 0; i < flips; i++) {
        const p = Math.floor(r() * n);
        out[p] ^= 1 << Math.floor(r() * 8);
      }
      return { bytes: out, how: `${flips} bit flip(s)` };
    }
    case 1:
      return { bytes: new Uint8Array(bytes.subarray(0, at)), how: `truncated to ${at} bytes` };
    case 2: {
      const len = 1 + Math.floor(r() * Math.min(64, n));
      const from = Math.floor(r() * Math.max(1, n - len));
      const out = new Uint8Array(n + len);
      out.set(bytes.subarray(0, at));
      out.set(bytes.subarray(from, from + len), at);
      out.set(bytes.subarray(at), at + len);
      return { bytes: out, how: `splice of ${len} bytes from ${from} at ${at}` };
    }
    default: {
      const out = new Uint8Array(bytes);
      const len = 1 + Math.floor(r() * 10);
      for (let i = at; i < Math.min(n, at + len); i++) out[i] = 0xff;
      return { bytes: out, how: `${len} bytes of 0xff at ${at} (huge varints)` };
    }
  }
}

/** JSON text with one numeric leaf replaced by a huge (or negative, fractional, NaN) value. */
function hugeNumber(text: string, r: () => number): { text: string; how: string } {
  const nums = [...text.matchAll(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi)];
  if (nums.length === 0) return { text, how: 'no number' };
  const m = nums[Math.floor(r() * nums.length)];
  const v = HUGE[Math.floor(r() * HUGE.length)];
  const s = Number.isNaN(v) ? 'NaN' : String(v);
  return { text: text.slice(0, m.index) + s + text.slice(m.index! + m[0].length), how: `number '${m[0]}' at ${m.index} -> ${s}` };
}

/** A mutant of a JSON + binary pair: the JSON (as bytes, or a huge number) or the binary. */
function mutatePair(json: string, bin: Uint8Array, r: () => number): { json: string; bin: Uint8Array; how: string } {
  const k = r();
  if (k < 0.4) {
    const h = hugeNumber(json, r);
    return { json: h.text, bin, how: `json: ${h.how}` };
  }
  if (k < 0.8) {
    const m = mutateBytes(new TextEncoder().encode(json), r);
    return { json: new TextDecoder().decode(m.bytes), bin, how: `json: ${m.how}` };
  }
  const m = mutateBytes(bin, r);
  return { json, bin: m.bytes, how: `binary: ${m.how}` };
}

/** Counts the device bytes allocated while `f` runs (every alloc on the current backend). */
async function allocatedDuring<T>(f: () => Promise<T>): Promise<{ value?: T; error?: unknown; bytes: number }> {
  const b = backendInstance() as Backend & { alloc: Backend['alloc'] };
  const original = b.alloc;
  let bytes = 0;
  const sizes: Record<string, number> = { float32: 4, float64: 8, float16: 2, int32: 4, bool: 1, string: 8 };
  b.alloc = function (this: Backend, dtype, size) {
    bytes += size * (sizes[dtype] ?? 8);
    return original.call(this, dtype, size);
  } as Backend['alloc'];
  try {
    return { value: await f(), bytes };
  } catch (error) {
    return { error, bytes };
  } finally {
    b.alloc = original;
  }
}

const BARE = new Set(['TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'InternalError']);

interface Tally {
  loaded: number;
  refused: number;
  maxBytes: number;
}

/** Runs `MUTANTS` mutants through `load`; returns the failures (at most 10 described) and the tally. */
async function fuzz(
  seed: number,
  fileBytes: number,
  next: (r: () => number) => { how: string; load: () => Promise<{ dispose(): void }> },
  context: RegExp,
): Promise<{ failures: string[]; tally: Tally }> {
  const r = rng(seed);
  const failures: string[] = [];
  const tally: Tally = { loaded: 0, refused: 0, maxBytes: 0 };
  for (let i = 0; i < MUTANTS; i++) {
    const { how, load } = next(r);
    const before = memory();
    const res = await allocatedDuring(load);
    tally.maxBytes = Math.max(tally.maxBytes, res.bytes);
    let why: string | null = null;
    if (res.error === undefined) {
      tally.loaded++;
      res.value!.dispose();
    } else {
      tally.refused++;
      const e = res.error as Error;
      if (!(e instanceof Error)) why = `threw a non-Error ${String(e)}`;
      else if (BARE.has(e.name)) why = `bare ${e.name}: ${e.message}`;
      else if (!context.test(e.message)) why = `no context: ${e.message}`;
      if (process.env.FUZZ_DUMP) console.log(`${how}: ${e.message}`);
    }
    if (res.bytes > budgetFor(fileBytes)) why = `${why ?? ''} allocated ${res.bytes} bytes, over the budget of ${budgetFor(fileBytes)}`;
    const after = memory();
    if (after.numTensors !== before.numTensors || after.numBytes !== before.numBytes) {
      why = `${why ?? ''} leaked: ${before.numTensors} -> ${after.numTensors} tensors, ${before.numBytes} -> ${after.numBytes} bytes`;
    }
    if (why && failures.length < 10) failures.push(`mutant ${i} (${how}): ${why}`);
    else if (why) failures.push('');
  }
  return { failures, tally };
}

const tallies: Record<string, Tally> = {};

describe('file fuzzing on cpu', () => {
  beforeAll(async () => {
    await init(cpu);
    setBackend('cpu');
  });
  afterAll(() => {
    console.log(`file fuzzing, ${MUTANTS} mutants each:\n${Object.entries(tallies).map(([k, t]) => `  ${k}: ${JSON.stringify(t)}`).join('\n')}`);
  });

  it(`layers loadModel: ${MUTANTS} mutants of model.json and the weights`, async () => {
    const files: ModelFiles = await layersFiles();
    const size = files.modelJson.length + files.weights.length;
    const { failures, tally } = await fuzz(
      15001,
      size,
      (r) => {
        const m = mutatePair(files.modelJson, files.weights, r);
        return {
          how: m.how,
          load: async () => {
            const store = memoryStore();
            store.files = { modelJson: m.json, weightsName: files.weightsName, weights: m.bin };
            return loadModel(store);
          },
        };
      },
      /^load\b|^model\.json|modelTopology|trainingConfig/,
    );
    tallies.layers = tally;
    expect(failures.filter(Boolean).slice(0, 10), `${failures.length} failing mutants`).toEqual([]);
    expect(tally.refused).toBeGreaterThan(MUTANTS / 2);
  }, 60_000);

  it(`onnx loadOnnx: ${MUTANTS} mutants of a .onnx file`, async () => {
    const bytes = new Uint8Array(await onnxBytes());
    const { failures, tally } = await fuzz(
      15002,
      bytes.length,
      (r) => {
        const m = mutateBytes(bytes, r);
        return { how: m.how, load: async () => loadOnnx(m.bytes) };
      },
      /^onnx: /,
    );
    tallies.onnx = tally;
    expect(failures.filter(Boolean).slice(0, 10), `${failures.length} failing mutants`).toEqual([]);
  }, 60_000);

  it(`jit importModule: ${MUTANTS} mutants of a saved module`, async () => {
    const a = await jitArtifacts();
    const json = JSON.stringify(a.json);
    const { failures, tally } = await fuzz(
      15003,
      json.length + a.weights.length,
      (r) => {
        const m = mutatePair(json, a.weights, r);
        return { how: m.how, load: async () => importModule({ json: m.json, weights: m.bin }) };
      },
      /^loadModule: /,
    );
    tallies.jit = tally;
    expect(failures.filter(Boolean).slice(0, 10), `${failures.length} failing mutants`).toEqual([]);
  }, 60_000);
});
