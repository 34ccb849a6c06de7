/**
 * The fused elementwise kernel: one WGSL shader per fused program (jit's elementwise chains), one thread per
 * output element, every intermediate in a register. Each instruction is the WGSL of the kernel of the same name
 * (the `*Spec` of unary.ts, binary.ts, compare.ts, select.ts, cast.ts), wrapped in a function of its own, so
 * the chain means what the op-by-op kernels mean.
 *
 * Pipelines are cached by the program's text and the inputs' addressing modes (contiguous, broadcast scalar or
 * general strided, as in elementwise.ts); shapes, strides and offsets travel in the parameter block. A program
 * with more storage bindings than every device has (8), or strides beyond the parameter block, runs op by op
 * through the backend's own kernels instead.
 */
import { fusedOperands, type Backend, type FusedElementwiseArgs, type FusedProgram, type View } from '@lab/core';
import { EW_WORKGROUP, LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl, storageType, type StorageType } from '../wgsl/common.js';
import { mathLib } from '../wgsl/math.js';
import { binarySpec } from './binary.js';
import { castSpec } from './cast.js';
import { compareSpec } from './compare.js';
import { paramSlots, simplify, writeLayout, type Layout } from './elementwise.js';
import { selectSpec } from './select.js';
import type { KernelHost, Program } from './types.js';
import { unarySpec } from './unary.js';

/** Storage buffers per shader stage every WebGPU device supports (the spec's default limit). */
const MAX_BINDINGS = 8;
/** Parameter slots before the shape (elementwise.ts's HEADER). */
const HEADER = 4;

/** The WGSL of one program, and its key, for each addressing pattern (cached per program object). */
interface Compiled {
  /** Key of the program's instructions, dtypes and outputs. */
  readonly key: string;
  /** Helper functions and one `fn iN(...)` per instruction. */
  readonly functions: string;
  readonly lib: readonly string[];
  readonly types: readonly StorageType[];
}

const COMPILED = new WeakMap<FusedProgram, Compiled>();

/** The exact WGSL literal of a constant of storage type `t` (bit patterns, so NaN and infinities survive). */
function literal(value: number, t: StorageType): string {
  if (t === 'f32') {
    const bits = new Uint32Array(new Float32Array([value]).buffer)[0];
    return `bitcast<f32>(${bits}u)`;
  }
  if (t === 'i32') return `bitcast<i32>(${(value | 0) >>> 0}u)`;
  return value !== 0 ? '1u' : '0u';
}

function compile(program: FusedProgram): Compiled {
  const hit = COMPILED.get(program);
  if (hit) return hit;
  const types = program.dtypes.map((d) => storageType(d, 'fusedElementwise'));
  const nIn = program.numInputs;
  const fns: string[] = [];
  const lib = new Set<string>();
  program.instrs.forEach((ins, j) => {
    const d = nIn + j;
    if (ins.op === 'const') {
      fns.push(`fn i${j}() -> ${types[d]} { return ${literal(ins.value, types[d])}; }`);
      return;
    }
    const regs = fusedOperands(ins);
    const dt = (r: number) => program.dtypes[r];
    const spec =
      ins.op === 'unary'
        ? unarySpec(ins.fn, types[ins.x], dt(ins.x))
        : ins.op === 'binary'
          ? binarySpec(ins.fn, types[ins.a], dt(ins.a))
          : ins.op === 'compare'
            ? compareSpec(ins.fn, types[ins.a], dt(ins.a))
            : ins.op === 'select'
              ? selectSpec(dt(ins.a), dt(ins.cond))
              : castSpec(dt(ins.x), dt(d));
    for (const l of spec.lib ?? []) lib.add(l);
    // each instruction's helpers get their own names: ew -> ew_j, cmp -> cmp_j, ...
    const rename = (s: string) => s.replace(/\b(ew_i|ew_f|ew|cmp)\(/g, (_, n: string) => `${n}_${j}(`);
    if (spec.helpers) fns.push(rename(spec.helpers));
    const params = regs.map((r, k) => `v${k}: ${types[r]}`).join(', ');
    fns.push(`fn i${j}(${params}) -> ${types[d]} { return ${rename(spec.expr)}; }`);
  });
  const key = JSON.stringify([program.numInputs, program.dtypes, program.instrs, program.outputs]);
  const compiled: Compiled = { key, functions: fns.join('\n'), lib: [...lib], types };
  COMPILED.set(program, compiled);
  return compiled;
}

function source(program: FusedProgram, c: Compiled, layout: Layout): string {
  const nIn = program.numInputs;
  const nOut = program.outputs.length;
  const decls: string[] = [];
  for (let k = 0; k < nIn; k++) decls.push(inputDecl(k, `in${k}`, c.types[k]));
  program.outputs.forEach((r, o) => decls.push(outputDecl(nIn + o, `out${o}`, c.types[r])));
  // parameter slots as elementwise.ts writes them: shape, strides of the general operands, one offset per operand
  const R = layout.rankClass;
  const { strides: strideSlot, offset: offsetSlot } = paramSlots(layout);
  const body: string[] = [];
  const general = layout.operands.map((o, k) => (o.mode === 'g' ? k : -1)).filter((k) => k >= 0);
  if (general.length > 0) {
    body.push('var rem = gi;');
    for (const k of general) body.push(`var o${k} = pi(${offsetSlot[k]}u);`);
    for (let d = R - 1; d >= 0; d--) {
      body.push(`{ let n = p(${HEADER + d}u); let q = i32(rem % n); rem = rem / n;`);
      for (const k of general) body.push(`  o${k} = o${k} + q * pi(${strideSlot[k] + d}u);`);
      body.push('}');
    }
  }
  const used = new Set<number>();
  for (const ins of program.instrs) for (const r of fusedOperands(ins)) used.add(r);
  for (let k = 0; k < nIn; k++) {
    if (!used.has(k)) continue;
    const o = layout.operands[k];
    const index = o.mode === 'g' ? `u32(o${k})` : o.mode === 's' ? `u32(pi(${offsetSlot[k]}u))` : `u32(pi(${offsetSlot[k]}u) + i32(gi))`;
    body.push(`let r${k} = in${k}[${index}];`);
  }
  program.instrs.forEach((ins, j) => {
    body.push(`let r${nIn + j} = i${j}(${fusedOperands(ins).map((r) => `r${r}`).join(', ')});`);
  });
  program.outputs.forEach((r, o) => body.push(`out${o}[gi] = r${r};`));
  return `${decls.join('\n')}
${paramsDecl(nIn + nOut)}
${mathLib(c.lib)}
${c.functions}
@compute @workgroup_size(${EW_WORKGROUP})
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  if (gi >= p(0u)) { return; }
  ${body.join('\n  ')}
}`;
}

/** Runs `args.program` as one dispatch, or op by op on `backend` when it does not fit one shader. */
export function fusedElementwise(host: KernelHost, backend: Backend, args: FusedElementwiseArgs): void {
  const { program, shape } = args;
  const nIn = program.numInputs;
  const c = compile(program);
  let layout: Layout | null = null;
  if (nIn + program.outputs.length <= MAX_BINDINGS) {
    try {
      layout = simplify('fusedElementwise', shape, args.inputs.map((v) => ({ strides: v.strides, offset: v.offset })));
    } catch {
      layout = null; // too many strided operands for the parameter block
    }
  }
  if (layout === null) {
    opByOp(backend, args);
    return;
  }
  if (layout.size === 0) return;
  const lay = layout;
  const modes = lay.operands.map((o) => o.mode).join('');
  const prog: Program = {
    name: 'fusedElementwise',
    key: `fused|${modes}|${lay.rankClass}|${c.key}`,
    nIn,
    nOut: program.outputs.length,
    source: () => source(program, c, lay),
  };
  host.run({
    program: prog,
    inputs: args.inputs.map((v) => host.data(v.id, 'fusedElementwise')),
    outputs: args.outputs.map((id) => host.data(id, 'fusedElementwise')),
    params: (w) => writeLayout(w, lay),
    workgroups: linearGrid(lay.size, host.maxWorkgroupsPerDim),
  });
}

/** The program one kernel per instruction, with temporaries (programs too big for one shader). */
function opByOp(b: Backend, args: FusedElementwiseArgs): void {
  const { program, shape } = args;
  const n = shape.reduce((a, s) => a * s, 1);
  const strides: number[] = [];
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  const regs: View[] = [...args.inputs];
  const temps: View['id'][] = [];
  const outIndex = new Map(program.outputs.map((r, i) => [r, i]));
  try {
    program.instrs.forEach((ins, j) => {
      const d = program.numInputs + j;
      const dtype = program.dtypes[d];
      if (ins.op === 'const') {
        const id = b.alloc(dtype, 1);
        temps.push(id);
        b.fill({ id, dtype, shape: [1], strides: [1], offset: 0 }, ins.value);
        regs.push({ id, dtype, shape: [...shape], strides: shape.map(() => 0), offset: 0 });
        if (outIndex.has(d)) b.copy(regs[d], { id: args.outputs[outIndex.get(d)!], dtype, shape: [...shape], strides, offset: 0 });
        return;
      }
      const o = outIndex.get(d);
      const id = o !== undefined ? args.outputs[o] : b.alloc(dtype, n);
      if (o === undefined) temps.push(id);
      switch (ins.op) {
        case 'unary':
          b.unary(ins.fn, regs[ins.x], id);
          break;
        case 'binary':
          b.binary(ins.fn, regs[ins.a], regs[ins.b], id);
          break;
        case 'compare':
          b.compare(ins.fn, regs[ins.a], regs[ins.b], id);
          break;
        case 'select':
          b.select(regs[ins.cond], regs[ins.a], regs[ins.b], id);
          break;
        case 'cast':
          b.cast(regs[ins.x], id, dtype);
          break;
      }
      regs.push({ id, dtype, shape: [...shape], strides, offset: 0 });
    });
  } finally {
    for (const id of temps) b.free(id);
  }
}
