/** Builds an ONNX graph: unique value names, initializers, nodes with typed attributes. */
import { AttributeType, DataType, type AttributeProto, type GraphProto, type NodeProto, type TensorProto, type ValueInfoProto } from './types.js';

/** An attribute value: numbers become INT (integers) or FLOAT, arrays INTS/FLOATS, strings STRING. */
export type AttrValue = number | string | readonly number[] | { floats: readonly number[] } | { float: number };

function makeAttribute(name: string, v: AttrValue): AttributeProto {
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: AttributeType.INT, i: v } : { name, type: AttributeType.FLOAT, f: v };
  if ('float' in v) return { name, type: AttributeType.FLOAT, f: v.float };
  if ('floats' in v) return { name, type: AttributeType.FLOATS, floats: [...v.floats] };
  return { name, type: AttributeType.INTS, ints: [...v] };
}

/** Little-endian float32 bytes (ONNX raw_data is little-endian on every platform). */
/** Little-endian float32 bytes (ONNX's raw_data layout). */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

/** Accumulates one graph. */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly inputs: ValueInfoProto[] = [];
  readonly outputs: ValueInfoProto[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name based on `base`. */
  name(base: string): string {
    let n = base.replace(/[^\w./-]/g, '_');
    for (let i = 1; this.used.has(n); i++) n = `${base}_${i}`;
    this.used.add(n);
    return n;
  }

  /** Adds a float32 initializer and returns its name. */
  float(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.name(base);
    this.initializers.push({ name, dims: [...dims], data_type: DataType.FLOAT, raw_data: float32Bytes(values) });
    return name;
  }

  /**
   * Adds a float32 initializer whose values come later (a tensor read after the graph is built, so every read
   * can be asynchronous): returns its name and the initializer, whose `raw_data` the caller sets.
   */
  floatLater(base: string, dims: readonly number[]): { name: string; proto: TensorProto } {
    const name = this.name(base);
    const proto: TensorProto = { name, dims: [...dims], data_type: DataType.FLOAT, raw_data: new Uint8Array(0) };
    this.initializers.push(proto);
    return { name, proto };
  }

  /** Adds an int64 initializer (shapes, axes) and returns its name. */
  int64(base: string, values: readonly number[]): string {
    const name = this.name(base);
    this.initializers.push({ name, dims: [values.length], data_type: DataType.INT64, int64_data: [...values] });
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  node(op: string, inputs: readonly string[], attrs: Record<string, AttrValue | undefined> = {}, base = op.toLowerCase()): string {
    const out = this.name(base);
    const attribute = Object.entries(attrs)
      .filter((e): e is [string, AttrValue] => e[1] !== undefined)
      .map(([k, v]) => makeAttribute(k, v));
    this.nodes.push({ op_type: op, input: [...inputs], output: [out], name: this.name(`${base}_node`), attribute });
    return out;
  }

  /**
   * A float32 graph input or output. The first axis is always the symbolic `batch` (lab models are batch-first,
   * and a known batch size in a layer's shape is no promise about later calls); `null` elsewhere is `d<i>`.
   */
  static valueInfo(name: string, shape: readonly (number | null)[]): ValueInfoProto {
    const dim = shape.map((d, i) => (i === 0 ? { dim_param: 'batch' } : d === null ? { dim_param: `d${i}` } : { dim_value: d }));
    return { name, type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim } } } };
  }

  /** The finished graph. */
  graph(name: string): GraphProto {
    return { name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs };
  }
}

