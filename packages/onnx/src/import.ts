/**
 * Runs ONNX models in lab: the graph is interpreted with @lab/core ops on the current backend, and every float
 * initializer becomes a trainable `Variable`, so an imported model can be fine-tuned with @lab/autodiff.
 * The supported operators are those the exporter writes (see {@link IMPORTABLE_OPS}) with their ONNX semantics,
 * NCHW convolutions and pooling included.
 */
import {
  add, concat, conv2d, div, elu, erf, exp, leakyRelu, matMul, maximum, maxPool, avgPool, max, mean, minimum, mul, relu, reshape,
  selu, sigmoid, softmax, sqrt, softplus, softsign, sub, tanh, tensor, tidy, transpose, keep, Variable, type Padding, type Tensor,
} from '@lab/core';
import { decodeModel } from './schema.js';
import { AttributeType, DataType, type AttributeProto, type ModelProto, type NodeProto, type TensorProto } from './types.js';

/** Attribute values of one node, decoded. */
type Attrs = Map<string, number | string | number[]>;

function decodeAttrs(list: readonly AttributeProto[] = []): Attrs {
  const m: Attrs = new Map();
  for (const a of list) {
    if (a.type === AttributeType.FLOAT) m.set(a.name, a.f ?? 0);
    else if (a.type === AttributeType.INT) m.set(a.name, a.i ?? 0);
    else if (a.type === AttributeType.STRING) m.set(a.name, new TextDecoder().decode(a.s ?? new Uint8Array()));
    else if (a.type === AttributeType.INTS) m.set(a.name, a.ints ?? []);
    else if (a.type === AttributeType.FLOATS) m.set(a.name, a.floats ?? []);
    else throw new Error(`onnx: attribute '${a.name}' of type ${a.type} is not supported`);
  }
  return m;
}

/** The values of a TensorProto as numbers (float32 or float64 from raw_data or the typed fields). */
function tensorValues(t: TensorProto): { dtype: 'float32' | 'int'; values: number[] | Float32Array } {
  const raw = t.raw_data;
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
  const width = t.data_type === DataType.INT64 ? 8 : 4;
  if (view && view.byteLength % width !== 0) {
    throw new Error(`onnx: tensor '${t.name ?? ''}' has ${view.byteLength} bytes of raw_data, not a multiple of its element size ${width}`);
  }
  switch (t.data_type) {
    case DataType.FLOAT: {
      if (!view) return { dtype: 'float32', values: Float32Array.from(t.float_data ?? []) };
      const out = new Float32Array(view.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
      return { dtype: 'float32', values: out };
    }
    case DataType.INT64: {
      if (!view) return { dtype: 'int', values: (t.int64_data ?? []).map(Number) };
      const out: number[] = [];
      for (let i = 0; i < view.byteLength; i += 8) out.push(Number(view.getBigInt64(i, true)));
      return { dtype: 'int', values: out };
    }
    case DataType.INT32: {
      if (!view) return { dtype: 'int', values: [...(t.int32_data ?? [])] };
      const out: number[] = [];
      for (let i = 0; i < view.byteLength; i += 4) out.push(view.getInt32(i, true));
      return { dtype: 'int', values: out };
    }
    default:
      throw new Error(`onnx: tensor '${t.name ?? ''}' has data type ${t.data_type ?? 'unset'}; float32, int32 and int64 are supported`);
  }
}

/** A value while the graph runs: a tensor, or a small integer list (shapes, axes) kept on the host. */
type Value = Tensor | number[];

const isTensor = (v: Value | undefined): v is Tensor => v !== undefined && !Array.isArray(v);

/** ONNX pads [top, left, bottom, right] and auto_pad as lab's Padding. */
function windowPadding(a: Attrs, op: string): Padding {
  const auto = (a.get('auto_pad') as string | undefined) ?? 'NOTSET';
  if (auto === 'SAME_UPPER') return 'same';
  if (auto === 'VALID') return 'valid';
  if (auto !== 'NOTSET') throw new Error(`onnx: ${op}: auto_pad ${auto} is not supported`);
  const p = (a.get('pads') as number[] | undefined) ?? [0, 0, 0, 0];
  if (p.length !== 4) throw new Error(`onnx: ${op}: only 2-D windows are supported (pads ${JSON.stringify(p)})`);
  return p.every((v) => v === 0) ? 'valid' : [[p[0], p[2]], [p[1], p[3]]];
}

const nchwToNhwc = (x: Tensor): Tensor => transpose(x, [0, 2, 3, 1]);
const nhwcToNchw = (x: Tensor): Tensor => transpose(x, [0, 3, 1, 2]);

type OpFn = (inputs: (Value | undefined)[], a: Attrs, node: NodeProto) => Value;

function t(v: Value | undefined, op: string): Tensor {
  if (!isTensor(v)) throw new Error(`onnx: ${op}: expected a tensor input`);
  return v;
}

function ints(v: Value | undefined, op: string): number[] {
  if (Array.isArray(v)) return v;
  // A shape computed as a tensor would need a device read in the middle of the graph (synchronous, which webgpu
  // cannot do); lab's exporter and the supported op set only give shapes as int64 initializers.
  if (isTensor(v)) throw new Error(`onnx: ${op}: the integer list input is a ${v.dtype} tensor [${v.shape.join(',')}]; only constant int64/int32 initializers are supported`);
  throw new Error(`onnx: ${op}: expected an integer list input`);
}

function variadic(f: (a: Tensor, b: Tensor) => Tensor): OpFn {
  return (xs, _a, n) => xs.map((x) => t(x, n.op_type)).reduce((acc, x) => f(acc, x));
}

const OPS: Record<string, OpFn> = {
  Identity: ([x]) => x!,
  Dropout: ([x]) => x!,
  MatMul: ([a, b]) => matMul(t(a, 'MatMul'), t(b, 'MatMul')),
  Gemm: ([a, b, c], at) => {
    let y = matMul(t(a, 'Gemm'), t(b, 'Gemm'), at.get('transA') === 1, at.get('transB') === 1);
    y = mul(y, (at.get('alpha') as number | undefined) ?? 1);
    return c === undefined ? y : add(y, mul(t(c, 'Gemm'), (at.get('beta') as number | undefined) ?? 1));
  },
  Add: ([a, b]) => add(t(a, 'Add'), t(b, 'Add')),
  Sub: ([a, b]) => sub(t(a, 'Sub'), t(b, 'Sub')),
  Mul: ([a, b]) => mul(t(a, 'Mul'), t(b, 'Mul')),
  Div: ([a, b]) => div(t(a, 'Div'), t(b, 'Div')),
  Sum: variadic(add),
  Max: variadic(maximum),
  Min: variadic(minimum),
  Mean: (xs, at, n) => div(variadic(add)(xs, at, n) as Tensor, xs.length),
  Relu: ([x]) => relu(t(x, 'Relu')),
  Sigmoid: ([x]) => sigmoid(t(x, 'Sigmoid')),
  Tanh: ([x]) => tanh(t(x, 'Tanh')),
  Exp: ([x]) => exp(t(x, 'Exp')),
  Erf: ([x]) => erf(t(x, 'Erf')),
  Softplus: ([x]) => softplus(t(x, 'Softplus')),
  Softsign: ([x]) => softsign(t(x, 'Softsign')),
  Elu: ([x], at) => {
    const alpha = (at.get('alpha') as number | undefined) ?? 1;
    const y = elu(t(x, 'Elu')); // alpha 1; scale the negative side otherwise: relu(x) + alpha * min(elu(x), 0)
    return alpha === 1 ? y : add(relu(t(x, 'Elu')), mul(minimum(y, 0), alpha));
  },
  Selu: ([x], at) => {
    if (at.has('alpha') || at.has('gamma')) throw new Error('onnx: Selu with non-default alpha/gamma is not supported');
    return selu(t(x, 'Selu'));
  },
  LeakyRelu: ([x], at) => leakyRelu(t(x, 'LeakyRelu'), (at.get('alpha') as number | undefined) ?? 0.01),
  HardSigmoid: ([x], at) => {
    const y = add(mul(t(x, 'HardSigmoid'), (at.get('alpha') as number | undefined) ?? 0.2), (at.get('beta') as number | undefined) ?? 0.5);
    return minimum(maximum(y, 0), 1);
  },
  Clip: ([x, lo, hi]) => {
    let y = t(x, 'Clip');
    if (lo !== undefined) y = maximum(y, t(lo, 'Clip'));
    if (hi !== undefined) y = minimum(y, t(hi, 'Clip'));
    return y;
  },
  Softmax: ([x], at) => softmax(t(x, 'Softmax'), (at.get('axis') as number | undefined) ?? -1),
  Transpose: ([x], at) => transpose(t(x, 'Transpose'), at.get('perm') as number[] | undefined),
  Flatten: ([x], at) => {
    const v = t(x, 'Flatten');
    const axis = ((at.get('axis') as number | undefined) ?? 1) + (((at.get('axis') as number | undefined) ?? 1) < 0 ? v.rank : 0);
    const outer = v.shape.slice(0, axis).reduce((p, d) => p * d, 1);
    return reshape(v, [outer, v.size / Math.max(outer, 1)]);
  },
  Reshape: ([x, shape], at) => {
    const v = t(x, 'Reshape');
    const target = ints(shape, 'Reshape').map((d, i) => (d === 0 && at.get('allowzero') !== 1 ? v.shape[i] : d));
    return reshape(v, target);
  },
  Concat: (xs, at) => concat(xs.map((x) => t(x, 'Concat')), at.get('axis') as number),
  Conv: ([x, w, b], at) => {
    if (((at.get('group') as number | undefined) ?? 1) !== 1) throw new Error('onnx: Conv with group != 1 is not supported');
    const filter = transpose(t(w, 'Conv'), [2, 3, 1, 0]); // [out, in, kh, kw] -> [kh, kw, in, out]
    let y = conv2d(nchwToNhwc(t(x, 'Conv')), filter, (at.get('strides') as number[] | undefined) ?? 1, windowPadding(at, 'Conv'),
      (at.get('dilations') as number[] | undefined) ?? 1);
    if (b !== undefined) y = add(y, t(b, 'Conv'));
    return nhwcToNchw(y);
  },
  MaxPool: ([x], at) => pool('MaxPool', t(x, 'MaxPool'), at),
  AveragePool: ([x], at) => pool('AveragePool', t(x, 'AveragePool'), at),
  GlobalAveragePool: ([x]) => mean(t(x, 'GlobalAveragePool'), [2, 3], true),
  GlobalMaxPool: ([x]) => max(t(x, 'GlobalMaxPool'), [2, 3], true),
  BatchNormalization: ([x, scale, bias, m, v], at) => {
    const xv = t(x, 'BatchNormalization');
    const shape = [xv.shape[1], ...new Array<number>(Math.max(xv.rank - 2, 0)).fill(1)]; // broadcast over axis 1
    const r = (p: Value | undefined) => reshape(t(p, 'BatchNormalization'), shape);
    const eps = (at.get('epsilon') as number | undefined) ?? 1e-5;
    const inv = div(r(scale), sqrt(add(r(v), eps)));
    return add(mul(sub(xv, r(m)), inv), r(bias));
  },
};

function pool(op: string, x: Tensor, at: Attrs): Tensor {
  if (at.get('ceil_mode') === 1) throw new Error(`onnx: ${op} with ceil_mode 1 is not supported`);
  const padding = windowPadding(at, op);
  if (op === 'AveragePool' && at.get('count_include_pad') === 1 && padding !== 'valid') {
    throw new Error('onnx: AveragePool with count_include_pad 1 and padding is not supported (lab averages in-bounds elements)');
  }
  const k = at.get('kernel_shape') as number[];
  const strides = (at.get('strides') as number[] | undefined) ?? [1, 1];
  const f = op === 'MaxPool' ? maxPool : avgPool;
  return nhwcToNchw(f(nchwToNhwc(x), k, strides, padding));
}

/** The ONNX operators lab can run. */
export const IMPORTABLE_OPS: readonly string[] = Object.keys(OPS);

/** An ONNX model loaded into lab. */
export class OnnxModel {
  /** The graph's input names, in order. */
  readonly inputNames: string[];
  /** The graph's output names, in order. */
  readonly outputNames: string[];
  /** The float initializers as trainable Variables, by ONNX name. */
  readonly variables = new Map<string, Variable>();
  private readonly constants = new Map<string, number[]>();
  private readonly nodes: NodeProto[];

  /** Loads a decoded model; see {@link loadOnnx}. */
  constructor(readonly proto: ModelProto) {
    const g = proto.graph;
    const opset = proto.opset_import.find((o) => !o.domain)?.version ?? 0;
    if (opset < 13) throw new Error(`onnx: opset ${opset} is too old; lab reads opset 13 and newer`);
    this.nodes = g.node ?? [];
    for (const n of this.nodes) {
      // Own properties only: an op type such as 'constructor' or 'toString' is not an operator.
      if ((n.domain ?? '') !== '' || typeof n.op_type !== 'string' || !Object.hasOwn(OPS, n.op_type)) {
        throw new Error(`onnx: operator ${n.domain ? `${n.domain}.` : ''}${n.op_type} (node '${n.name ?? ''}') is not supported; lab runs ${IMPORTABLE_OPS.join(', ')}`);
      }
    }
    const init = new Set<string>();
    try {
      (g.initializer ?? []).forEach((ti, i) => {
        const name = ti.name ?? '';
        init.add(name);
        try {
          const { dtype, values } = tensorValues(ti);
          const dims = ti.dims ?? [];
          const n = dims.reduce((a, b) => a * b, 1);
          if (!dims.every((d) => Number.isInteger(d) && d >= 0) || n !== values.length) {
            throw new Error(`dims [${dims.join(',')}] need ${n} values, but the tensor holds ${values.length}`);
          }
          if (dtype === 'int') this.constants.set(name, values as number[]);
          else {
            const value = tensor(values as Float32Array, { shape: dims });
            this.variables.set(name, new Variable(value, { name }));
            value.dispose();
          }
        } catch (e) {
          const m = (e as Error).message.replace(/^onnx: /, '');
          throw new Error(`onnx: graph.initializer[${i}] '${name}': ${m}`, { cause: e });
        }
      });
      const inputs = new Set([...(g.input ?? []).map((v) => v.name), ...init]);
      this.nodes.forEach((node, i) => {
        for (const name of node.input ?? []) {
          if (name !== '' && !inputs.has(name)) {
            throw new Error(`onnx: graph.node[${i}] '${node.name ?? node.op_type}' (${node.op_type}) reads '${name}', which is no graph input, initializer or earlier node's output`);
          }
        }
        for (const name of node.output ?? []) inputs.add(name);
      });
    } catch (e) {
      // Free the initializers already made: a failed load leaves nothing behind.
      this.dispose();
      throw e;
    }
    this.inputNames = (g.input ?? []).map((v) => v.name).filter((n) => !init.has(n));
    this.outputNames = (g.output ?? []).map((v) => v.name);
  }

  /** Runs the graph on the inputs (in {@link inputNames} order); one output is returned as a tensor. */
  predict(...inputs: Tensor[]): Tensor | Tensor[] {
    if (inputs.length !== this.inputNames.length) {
      throw new Error(`onnx: the model takes ${this.inputNames.length} input(s) (${this.inputNames.join(', ')}), got ${inputs.length}`);
    }
    const outs = tidy(() => {
      const values = new Map<string, Value>();
      for (const [k, v] of this.variables) values.set(k, v);
      for (const [k, v] of this.constants) values.set(k, v);
      this.inputNames.forEach((n, i) => values.set(n, inputs[i]));
      for (const node of this.nodes) {
        const ins = (node.input ?? []).map((n) => (n === '' ? undefined : values.get(n)));
        const missing = (node.input ?? []).find((n, i) => n !== '' && ins[i] === undefined);
        if (missing) throw new Error(`onnx: node '${node.name ?? node.op_type}' reads '${missing}', which no earlier node produced`);
        values.set(node.output![0], OPS[node.op_type](ins, decodeAttrs(node.attribute), node));
      }
      return this.outputNames.map((n) => keep(t(values.get(n), `output ${n}`)));
    });
    return outs.length === 1 ? outs[0] : outs;
  }

  /** Frees the Variables. */
  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}

/** Loads a `.onnx` file's bytes into lab (see {@link OnnxModel}). */
export function loadOnnx(bytes: Uint8Array): OnnxModel {
  if (!(bytes instanceof Uint8Array)) {
    throw new Error(`onnx: loadOnnx takes the file's bytes (a Uint8Array), got ${bytes === null ? 'null' : typeof bytes === 'object' ? 'an object' : typeof bytes}`);
  }
  let proto: ModelProto;
  try {
    proto = decodeModel(bytes);
  } catch (e) {
    throw new Error(`onnx: cannot decode the ${bytes.byteLength} bytes as an ONNX ModelProto (${(e as Error).message}); the file is truncated or not an ONNX model`, { cause: e });
  }
  if (!proto.graph) throw new Error(`onnx: the ${bytes.byteLength} bytes decode to a ModelProto without a graph; not an ONNX model`);
  return new OnnxModel(proto);
}
