/**
 * The engine of every one-thread-per-element kernel (unary, binary, compare, select, cast, copy, fill).
 *
 * Operands arrive as strided views. Before dispatch the views are simplified on the host (size-1 axes dropped,
 * axes that are adjacent in every operand merged), and each operand gets an addressing mode:
 * - `c`: contiguous from an offset (the common case: index = offset + i),
 * - `s`: one broadcast element (all strides 0: `x.add(1)`),
 * - `g`: general strided; the shader divides the linear index by the shape.
 * The pipeline key is op + dtypes + modes + rank class (4, 8 or 12 axes, shorter shapes padded with 1s), and
 * shapes, strides and offsets travel in the parameter block, so one pipeline serves every shape of a class.
 */
import type { View } from '@lab/core';
import type { GPUData } from '../data.js';
import { EW_WORKGROUP, LINEAR_INDEX, LINEAR_MAIN_ARGS, inputDecl, linearGrid, outputDecl, paramsDecl } from '../wgsl/common.js';
import { mathLib } from '../wgsl/math.js';
import type { KernelHost, ParamWriter, Program } from './types.js';

/** Addressing mode of one operand. */
export type Mode = 'c' | 's' | 'g';

/** vec4s each invocation of the vec4 form handles (16 elements). */
const VEC4_PER_THREAD = 4;

/** Number of parameter slots before the shape (slot 0: element count, 1..3: kernel scalars). */
const HEADER = 4;

/** One operand after simplification. */
interface Operand {
  readonly mode: Mode;
  readonly strides: number[];
  readonly offset: number;
}

/** A simplified iteration space. */
export interface Layout {
  readonly shape: number[];
  readonly size: number;
  readonly operands: Operand[];
  /** 0 when no operand needs general addressing, else 4, 8 or 12. */
  readonly rankClass: number;
  /**
   * Four elements per thread with 16-byte loads and stores: no general operand, a size that is a multiple of 4
   * and contiguous operands starting at multiples of 4. A quarter of the invocations, each doing the same
   * arithmetic on a vec4 worth of elements (per-invocation overhead dominates these memory-bound kernels).
   */
  readonly vec4: boolean;
}

/**
 * Drops size-1 axes, merges axes that are adjacent in every operand, and classifies each operand.
 * @param op - for the error message when the rank is beyond what a parameter block holds.
 */
export function simplify(op: string, shape: readonly number[], operands: readonly { strides: readonly number[]; offset: number }[]): Layout {
  const dims: number[] = [];
  const strides: number[][] = operands.map(() => []);
  let size = 1;
  for (let d = 0; d < shape.length; d++) {
    size *= shape[d];
    if (shape[d] === 1) continue;
    dims.push(shape[d]);
    operands.forEach((o, k) => strides[k].push(o.strides[d]));
  }
  // Merge from the innermost axis outwards: axis d folds into d+1 when every operand steps through d as one
  // block of d+1.
  for (let d = dims.length - 2; d >= 0; d--) {
    if (strides.every((s) => s[d] === s[d + 1] * dims[d + 1])) {
      dims[d + 1] *= dims[d];
      dims.splice(d, 1);
      // The merged axis keeps the inner axis's stride.
      for (const s of strides) s.splice(d, 1);
    }
  }
  const ops: Operand[] = operands.map((o, k) => {
    const s = strides[k];
    let mode: Mode;
    if (dims.length === 0 || isRowMajor(dims, s)) mode = 'c';
    else if (s.every((x) => x === 0)) mode = 's';
    else mode = 'g';
    return { mode, strides: s, offset: o.offset };
  });
  const general = ops.filter((o) => o.mode === 'g').length;
  let rankClass = 0;
  if (general > 0) {
    rankClass = dims.length <= 4 ? 4 : dims.length <= 8 ? 8 : 12;
    if (HEADER + rankClass * (1 + general) + ops.length > 64 || dims.length > 12) {
      throw new Error(
        `${op}: a view of rank ${dims.length} (after merging axes) with ${general} strided operands does not fit ` +
          `the webgpu kernel parameters; make the operands contiguous first`,
      );
    }
  }
  const vec4 = rankClass === 0 && size % 4 === 0 && ops.every((o) => o.mode !== 'c' || o.offset % 4 === 0);
  return { shape: dims, size, operands: ops, rankClass, vec4 };
}

function isRowMajor(dims: readonly number[], s: readonly number[]): boolean {
  let expect = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    if (s[d] !== expect) return false;
    expect *= dims[d];
  }
  return true;
}

/** What an elementwise kernel computes. */
export interface ElementwiseSpec {
  /** Kernel name for errors and labels, e.g. `binary:add`. */
  readonly name: string;
  /** Everything the op's WGSL depends on besides the layout (op, dtypes). */
  readonly opKey: string;
  /** WGSL element types of the inputs, in binding order. */
  readonly inputTypes: readonly string[];
  /** WGSL element type of the output. */
  readonly outputType: string;
  /** WGSL library functions (wgsl/math.ts) the op uses. */
  readonly lib?: readonly string[];
  /** Extra WGSL (helper functions) placed before main. */
  readonly helpers?: string;
  /** WGSL expression of the result in terms of `v0`, `v1`, ... (the loaded input elements). */
  readonly expr: string;
  /**
   * The same result as one vector expression, for ops that are plain WGSL operators (`v0 + v1`): the vec4 form
   * then computes all four lanes at once instead of calling the scalar op per lane.
   */
  readonly vecExpr?: string;
}

/** Slot of the i-th kernel scalar (fill value, ...) in the parameter block. */
export function scalarSlot(i: number): number {
  return 1 + i;
}

/**
 * The program for a spec and a layout. The output is the last operand of the layout when `stridedOut` (copy/fill
 * write into a window), else contiguous at the linear index.
 */
export function elementwiseProgram(spec: ElementwiseSpec, layout: Layout, stridedOut: boolean): Program {
  const modes = layout.operands.map((o) => o.mode).join('');
  const key = `ew|${spec.opKey}|${modes}|${stridedOut ? 'w' : 'o'}|${layout.rankClass}${layout.vec4 ? '|v4' : ''}`;
  const nIn = spec.inputTypes.length;
  return {
    name: spec.name,
    key,
    nIn,
    nOut: 1,
    source: () => elementwiseSource(spec, layout, stridedOut),
  };
}

function elementwiseSource(spec: ElementwiseSpec, layout: Layout, stridedOut: boolean): string {
  if (layout.vec4) return elementwiseVec4Source(spec, layout, stridedOut);
  const nIn = spec.inputTypes.length;
  const R = layout.rankClass;
  const slots = paramSlots(layout);
  const decls = spec.inputTypes.map((t, k) => inputDecl(k, `in${k}`, t));
  decls.push(outputDecl(nIn, 'out', spec.outputType));
  const body: string[] = [];
  const general = layout.operands.map((o, k) => (o.mode === 'g' ? k : -1)).filter((k) => k >= 0);
  if (general.length > 0) {
    body.push('var rem = gi;');
    for (const k of general) body.push(`var o${k} = pi(${slots.offset[k]}u);`);
    for (let d = R - 1; d >= 0; d--) {
      body.push(`{ let n = p(${HEADER + d}u); let c = i32(rem % n); rem = rem / n;`);
      for (const k of general) body.push(`  o${k} = o${k} + c * pi(${slots.strides[k] + d}u);`);
      body.push('}');
    }
  }
  const index = (k: number): string => {
    const o = layout.operands[k];
    if (o.mode === 'g') return `u32(o${k})`;
    if (o.mode === 's') return `u32(pi(${slots.offset[k]}u))`;
    return `u32(pi(${slots.offset[k]}u) + i32(gi))`;
  };
  for (let k = 0; k < nIn; k++) body.push(`let v${k} = in${k}[${index(k)}];`);
  const outIndex = stridedOut ? index(layout.operands.length - 1) : 'gi';
  body.push(`out[${outIndex}] = ${spec.expr};`);
  return `${decls.join('\n')}
${paramsDecl(nIn + 1)}
${mathLib(spec.lib ?? [])}
${spec.helpers ?? ''}
@compute @workgroup_size(${EW_WORKGROUP})
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  if (gi >= p(0u)) { return; }
  ${body.join('\n  ')}
}`;
}

/**
 * The vec4 form: thread `gi` owns elements 4gi..4gi+3. Contiguous operands load one vec4; broadcast scalars load
 * once and splat. The op stays a scalar expression, applied per component through a function, so every op's
 * NaN/Inf handling (written for scalars) is unchanged.
 */
function elementwiseVec4Source(spec: ElementwiseSpec, layout: Layout, stridedOut: boolean): string {
  const nIn = spec.inputTypes.length;
  const slots = paramSlots(layout);
  const decls = spec.inputTypes.map((t, k) => inputDecl(k, `in${k}`, layout.operands[k].mode === 'c' ? `vec4<${t}>` : t));
  decls.push(outputDecl(nIn, 'out', `vec4<${spec.outputType}>`));
  const args = spec.inputTypes.map((t, k) => `v${k}: ${t}`).join(', ');
  // Parameters are read once, before the loop: each read is a dynamic index into the uniform block.
  const head: string[] = [];
  const body: string[] = [];
  for (let k = 0; k < nIn; k++) {
    const t = spec.inputTypes[k];
    if (layout.operands[k].mode === 'c') {
      head.push(`let o${k} = u32(pi(${slots.offset[k]}u)) / 4u;`);
      body.push(`let w${k} = in${k}[o${k} + q];`);
    } else {
      head.push(`let w${k} = vec4<${t}>(in${k}[u32(pi(${slots.offset[k]}u))]);`);
    }
  }
  if (stridedOut) head.push(`let oo = u32(pi(${slots.offset[layout.operands.length - 1]}u)) / 4u;`);
  const lane = (c: string) => `ew_op(${spec.inputTypes.map((_, k) => `w${k}.${c}`).join(', ')})`;
  const outIndex = stridedOut ? 'oo + q' : 'q';
  const value = spec.vecExpr
    ? spec.vecExpr.replace(/\bv(\d+)\b/g, 'w$1')
    : `vec4<${spec.outputType}>(${['x', 'y', 'z', 'w'].map(lane).join(', ')})`;
  body.push(`out[${outIndex}] = ${value};`);
  return `${decls.join('\n')}
${paramsDecl(nIn + 1)}
${mathLib(spec.lib ?? [])}
${spec.helpers ?? ''}
fn ew_op(${args}) -> ${spec.outputType} {
  return ${spec.expr};
}
@compute @workgroup_size(${EW_WORKGROUP})
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  // Grid-stride: thread gi handles vec4s gi, gi + T, ... (T threads in all), so neighbouring threads still
  // touch neighbouring addresses while each pays its start-up cost once for ${VEC4_PER_THREAD} vec4s.
  let n4 = p(0u) / 4u;
  let T = nwg.x * nwg.y * ${EW_WORKGROUP}u;
  ${head.join('\n  ')}
  for (var j = 0u; j < ${VEC4_PER_THREAD}u; j = j + 1u) {
    let q = gi + j * T;
    if (q >= n4) { return; }
    ${body.join('\n    ')}
  }
}`;
}

/** Where a layout's parameters sit in the parameter block: the stride run of each general operand, then offsets. */
export interface Slots {
  /** First stride slot of each general operand (-1 for others). */
  readonly strides: number[];
  /** Offset slot of each operand. */
  readonly offset: number[];
}

/** The parameter slots of `layout` (after the header and the shape). Shared with the fused-chain shaders. */
export function paramSlots(layout: Layout): Slots {
  const R = layout.rankClass;
  let next = HEADER + R;
  const strides = layout.operands.map((o) => {
    if (o.mode !== 'g') return -1;
    const s = next;
    next += R;
    return s;
  });
  const offset = layout.operands.map(() => next++);
  return { strides, offset };
}

/** Writes a layout's shape, strides and offsets. */
export function writeLayout(w: ParamWriter, layout: Layout): void {
  const R = layout.rankClass;
  const slots = paramSlots(layout);
  w.u32(0, layout.size);
  const pad = R - layout.shape.length;
  for (let d = 0; d < R; d++) w.u32(HEADER + d, d < pad ? 1 : layout.shape[d - pad]);
  layout.operands.forEach((o, k) => {
    if (o.mode === 'g') for (let d = 0; d < R; d++) w.i32(slots.strides[k] + d, d < pad ? 0 : o.strides[d - pad]);
    w.i32(slots.offset[k], o.offset);
  });
}

/** Options of {@link runElementwise}. */
export interface RunOptions {
  /** Input views (all with the iteration shape). */
  readonly inputs: readonly View[];
  /** Fresh contiguous output, or a strided window (copy/fill). */
  readonly out: { readonly id: GPUData } | { readonly view: View };
  /** The iteration shape. */
  readonly shape: readonly number[];
  /** Kernel scalars (slot 1..3), written as given by the callback. */
  readonly scalars?: (w: ParamWriter) => void;
}

/** Simplifies the layout, picks the pipeline and dispatches. */
export function runElementwise(host: KernelHost, spec: ElementwiseSpec, opts: RunOptions): void {
  const inputs = opts.inputs.map((v) => host.data(v.id, spec.name));
  const strided = 'view' in opts.out;
  const outData = 'view' in opts.out ? host.data(opts.out.view.id, spec.name) : opts.out.id;
  const operands = opts.inputs.map((v) => ({ strides: v.strides, offset: v.offset }));
  if ('view' in opts.out) operands.push({ strides: opts.out.view.strides, offset: opts.out.view.offset });
  const layout = simplify(spec.name, opts.shape, operands);
  if (layout.size === 0) return;
  const program = elementwiseProgram(spec, layout, strided);
  // A window that is the whole buffer in order is written completely: no need to zero the buffer first.
  const last = layout.operands[layout.operands.length - 1];
  const whole = strided && last.mode === 'c' && last.offset === 0 && layout.size === outData.size;
  host.run({
    program,
    inputs,
    outputs: [outData],
    partialOutputs: strided && !whole,
    params: (w) => {
      writeLayout(w, layout);
      opts.scalars?.(w);
    },
    workgroups: linearGrid(layout.vec4 ? Math.ceil(layout.size / 4 / VEC4_PER_THREAD) : layout.size, host.maxWorkgroupsPerDim),
  });
}
