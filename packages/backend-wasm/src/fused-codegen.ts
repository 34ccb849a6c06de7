/**
 * Code generation for the common fused chains: float32 programs whose inputs are contiguous or scalars (after
 * axis merging) and whose instructions all have an f32x4 form in the eager kernels. Such a program becomes a
 * small WebAssembly function over the backend's memory that keeps every intermediate in a SIMD register: one
 * load per input, the ops, one store per output, for 4 elements at a time. Everything else (and the < 4 elements
 * at the end) runs in the interpreter (assembly/fused.ts).
 *
 * Each generated instruction is the exact f32x4 sequence the eager kernel runs (binary.ts `binV`, unary.ts
 * `simdF32`), so results stay bit-for-bit the unfused ones.
 */
import { fusedOperands, type FusedProgram } from '@lab/core';

/** Elements one iteration of a generated loop handles: 4 f32x4 groups. */
export const SIMD_BLOCK = 16;

/**
 * A generated chain: `run(byteStart, byteEnd, ...pointers)` over whole blocks of {@link SIMD_BLOCK} elements;
 * the pointers are the inputs', then the outputs'.
 */
export type FusedSimdFn = (start: number, end: number, ...ptrs: number[]) => void;

// SIMD opcodes (the 0xfd prefix, then the LEB128 opcode).
const V = {
  load: 0x00, load32Splat: 0x09, store: 0x0b, const: 0x0c,
  eq: 0x41, ne: 0x42, lt: 0x43, gt: 0x44, le: 0x45, ge: 0x46,
  and: 0x4e, andnot: 0x4f, or: 0x50, bitselect: 0x52,
  ceil: 0x67, floor: 0x68, trunc: 0x69, nearest: 0x6a,
  abs: 0xe0, neg: 0xe1, sqrt: 0xe3, add: 0xe4, sub: 0xe5, mul: 0xe6, div: 0xe7, min: 0xe8, max: 0xe9,
} as const;

const BINARY_SIMD: Readonly<Record<string, number>> = { add: V.add, sub: V.sub, mul: V.mul, div: V.div, maximum: V.max, minimum: V.min };
const UNARY_SIMD = new Set(['neg', 'abs', 'sqrt', 'reciprocal', 'floor', 'ceil', 'round', 'trunc', 'square', 'relu', 'relu6']);
/** f32x4 comparisons: each lane all ones (true) or all zeros, which `select` takes as its mask. */
const COMPARE_SIMD: Readonly<Record<string, number>> = {
  equal: V.eq, notEqual: V.ne, less: V.lt, greater: V.gt, lessEqual: V.le, greaterEqual: V.ge,
};

/**
 * True if every instruction of `program` has a generated form: float32 registers and SIMD ops, plus bool masks
 * made by comparing float32 values and read only as a `select`'s condition (a ReLU's gradient, clipping masks),
 * never program inputs or outputs (whose bytes would be 0/1, not masks).
 */
export function simdEligible(program: FusedProgram): boolean {
  const nIn = program.numInputs;
  const { dtypes, instrs } = program;
  const isMask = (r: number) => r >= nIn && instrs[r - nIn].op === 'compare';
  for (let r = 0; r < dtypes.length; r++) if (dtypes[r] !== 'float32' && !(dtypes[r] === 'bool' && isMask(r))) return false;
  if (program.outputs.some((r) => dtypes[r] !== 'float32')) return false;
  return instrs.every((ins) => {
    switch (ins.op) {
      case 'const':
        return true;
      case 'binary':
        return ins.fn in BINARY_SIMD;
      case 'unary':
        return UNARY_SIMD.has(ins.fn);
      case 'compare':
        return ins.fn in COMPARE_SIMD;
      case 'select':
        return isMask(ins.cond) && dtypes[ins.a] === 'float32' && dtypes[ins.b] === 'float32';
      case 'cast':
        return false;
    }
  }) && instrs.every((ins) => ins.op === 'select' || fusedOperands(ins).every((r) => dtypes[r] === 'float32'));
}

function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

function sleb(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  uleb(out, body.length);
  out.push(...body);
}

function name(out: number[], s: string): void {
  uleb(out, s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/** Builds the module's bytes; `scalar[k]` marks inputs broadcast from one element (stride 0). */
export function fusedSimdModule(program: FusedProgram, scalar: readonly boolean[], shared: boolean, maxPages: number): Uint8Array<ArrayBuffer> {
  const nIn = program.numInputs;
  const nOut = program.outputs.length;
  const nParams = 2 + nIn + nOut; // start, end, pointers
  const R = nIn + program.instrs.length;
  // locals after the params: i (i32), then one v128 per register
  const I = nParams;
  const reg = (r: number) => nParams + 1 + r;
  const c: number[] = [];
  const simd = (op: number) => {
    c.push(0xfd);
    uleb(c, op);
  };
  const get = (l: number) => {
    c.push(0x20);
    uleb(c, l);
  };
  const set = (l: number) => {
    c.push(0x21);
    uleb(c, l);
  };
  const splat = (x: number) => {
    simd(V.const);
    const b = new Uint8Array(new Float32Array([x, x, x, x]).buffer);
    c.push(...b);
  };
  let offset = 0;
  const memarg = () => {
    c.push(4); // align 2^4
    uleb(c, offset);
  };
  // loop invariants: scalar inputs and constants
  for (let k = 0; k < nIn; k++) {
    if (!scalar[k]) continue;
    get(2 + k);
    simd(V.load32Splat);
    c.push(2, 0);
    set(reg(k));
  }
  program.instrs.forEach((ins, j) => {
    if (ins.op !== 'const') return;
    splat(Math.fround(ins.value));
    set(reg(nIn + j));
  });
  get(0);
  set(I);
  c.push(0x02, 0x40, 0x03, 0x40); // block, loop
  get(I);
  get(1);
  c.push(0x4f, 0x0d, 0x01); // i32.ge_u, br_if 1
  const used = new Set<number>();
  for (const ins of program.instrs) for (const r of fusedOperands(ins)) used.add(r);
  for (let u = 0; u < SIMD_BLOCK / 4; u++) {
  offset = u * 16;
  for (let k = 0; k < nIn; k++) {
    if (scalar[k] || !used.has(k)) continue;
    get(2 + k);
    get(I);
    c.push(0x6a); // i32.add
    simd(V.load);
    memarg();
    set(reg(k));
  }
  program.instrs.forEach((ins, j) => {
    const d = reg(nIn + j);
    if (ins.op === 'binary') {
      get(reg(ins.a));
      get(reg(ins.b));
      simd(BINARY_SIMD[ins.fn]);
      set(d);
    } else if (ins.op === 'unary') {
      emitUnary(ins.fn, reg(ins.x));
      set(d);
    } else if (ins.op === 'compare') {
      get(reg(ins.a));
      get(reg(ins.b));
      simd(COMPARE_SIMD[ins.fn]);
      set(d);
    } else if (ins.op === 'select') {
      // bitselect(a, b, mask): a's bits where the mask is set, b's elsewhere (exactly `where`'s pick)
      get(reg(ins.a));
      get(reg(ins.b));
      get(reg(ins.cond));
      simd(V.bitselect);
      set(d);
    }
  });
  program.outputs.forEach((r, o) => {
    get(2 + nIn + o);
    get(I);
    c.push(0x6a);
    get(reg(r));
    simd(V.store);
    memarg();
  });
  }
  get(I);
  c.push(0x41);
  sleb(c, SIMD_BLOCK * 4);
  c.push(0x6a);
  set(I);
  c.push(0x0c, 0x00, 0x0b, 0x0b, 0x0b); // br 0, end loop, end block, end func

  function emitUnary(fn: string, x: number): void {
    switch (fn) {
      case 'neg': get(x); simd(V.neg); return;
      case 'abs': get(x); simd(V.abs); return;
      case 'sqrt': get(x); simd(V.sqrt); return;
      case 'reciprocal': splat(1); get(x); simd(V.div); return;
      case 'floor': get(x); simd(V.floor); return;
      case 'ceil': get(x); simd(V.ceil); return;
      case 'round': get(x); simd(V.nearest); return;
      case 'trunc': get(x); simd(V.trunc); return;
      case 'square': get(x); get(x); simd(V.mul); return;
      case 'relu':
      case 'relu6':
        // x & ~(x <= 0): NaN kept (no comparison holds for it), negatives and -0 to +0 (unary.ts)
        get(x);
        get(x); splat(0); simd(V.le);
        simd(V.andnot);
        if (fn === 'relu6') {
          // bitselect(6, r, x > 6)
          set(reg(R)); // the spare local
          splat(6);
          get(reg(R));
          get(x); splat(6); simd(V.gt);
          simd(V.bitselect);
        }
        return;
      default:
        throw new Error(`wasm fusedElementwise: no SIMD form for ${fn}`);
    }
  }

  const body: number[] = [];
  // locals: 1 i32, R + 1 v128
  body.push(2, 1, 0x7f);
  uleb(body, R + 1);
  body.push(0x7b);
  body.push(...c);
  const func: number[] = [];
  uleb(func, body.length);
  func.push(...body);

  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const type: number[] = [1, 0x60];
  uleb(type, nParams);
  for (let i = 0; i < nParams; i++) type.push(0x7f);
  type.push(0);
  section(out, 1, type);
  const imp: number[] = [1];
  name(imp, 'env');
  name(imp, 'memory');
  imp.push(0x02, shared ? 0x03 : 0x01);
  uleb(imp, 1);
  uleb(imp, maxPages);
  section(out, 2, imp);
  section(out, 3, [1, 0]);
  const exp: number[] = [1];
  name(exp, 'run');
  exp.push(0x00, 0);
  section(out, 7, exp);
  const code: number[] = [1];
  code.push(...func);
  section(out, 10, code);
  return new Uint8Array(out);
}

/** Compiles the chain for the given scalar pattern over `memory`. */
export function compileFusedSimd(program: FusedProgram, scalar: readonly boolean[], memory: WebAssembly.Memory, maxPages: number): FusedSimdFn {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = fusedSimdModule(program, scalar, shared, maxPages);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return inst.exports.run as FusedSimdFn;
}

/** Pages of the memory maximum every lab kernel module declares (scripts/build-wasm.mjs, create.ts). */
const MAX_PAGES = 65536;

/** Per memory (a generated function is bound to one backend's heap), per program, per scalar pattern. */
const GENERATED = new WeakMap<WebAssembly.Memory, WeakMap<FusedProgram, Map<string, FusedSimdFn | null>>>();

/**
 * The generated function for `program` with the meta block at word `meta` of `heap`, or null when the program or
 * its strides do not fit (not all float32 SIMD ops, or an input that is neither contiguous nor a scalar after
 * axis merging). Compiled once per program and scalar pattern.
 */
export function fusedSimdFor(program: FusedProgram, heap: Int32Array, meta: number, memory: WebAssembly.Memory): FusedSimdFn | null {
  if (heap[meta] !== 1) return null;
  let key = '';
  for (let k = 0; k < program.numInputs; k++) {
    const s = heap[meta + 2 + k]; // [rank = 1, size, stride of each input]
    if (s !== 0 && s !== 1) return null;
    key += s;
  }
  let byProgram = GENERATED.get(memory);
  if (!byProgram) {
    byProgram = new WeakMap();
    GENERATED.set(memory, byProgram);
  }
  let byKey = byProgram.get(program);
  if (!byKey) {
    byKey = new Map();
    byProgram.set(program, byKey);
  }
  let fn = byKey.get(key);
  if (fn === undefined) {
    fn = null;
    if (simdEligible(program)) {
      try {
        fn = compileFusedSimd(program, [...key].map((ch) => ch === '0'), memory, MAX_PAGES);
      } catch {
        // run-time compilation refused (a page's CSP, a main-thread size limit): the interpreter serves
        fn = null;
      }
    }
    byKey.set(key, fn);
  }
  return fn;
}
