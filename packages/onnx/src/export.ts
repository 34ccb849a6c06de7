/**
 * Exports a trained @lab/layers model (Sequential or functional) to ONNX (opset 17, IR 8).
 *
 * lab computes images as NHWC; ONNX's Conv and pooling take NCHW. Every value carries its current layout, and a
 * Transpose is inserted only where a layer needs the other one, so a stack of conv / pool layers pays for one
 * transpose in and one out.
 */
import { checkOptions, transpose, type Tensor } from '@lab/core';
import { Functional, InputLayer, Sequential, type Layer, type Shape, type SymbolicTensor } from '@lab/layers';
import { float32Bytes, GraphBuilder } from './builder.js';
import { encodeModel } from './schema.js';
import type { ModelProto, TensorProto } from './types.js';

/** The ONNX operator set the exporter writes. */
export const OPSET = 17;
/** The ONNX IR version written (the one that goes with opset 17). */
export const IR_VERSION = 8;

/** Options of {@link exportOnnx}. */
export interface ExportOptions {
  /** The input shape (with `null` for the batch) when a Sequential model does not declare one. */
  inputShape?: Shape;
  /** The graph's name (default: the model's name). */
  graphName?: string;
}

const EXPORT_OPTION_KEYS: readonly string[] = ['inputShape', 'graphName'];

/** A value in the graph being built: its ONNX name, lab's (NHWC) shape, and the layout it is stored in. */
interface Value {
  readonly name: string;
  readonly shape: Shape;
  readonly layout: 'nhwc' | 'nchw';
}

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

/** Layers the exporter knows, by class name. */
export const EXPORTABLE_LAYERS = [
  'Dense', 'Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'Flatten',
  'Reshape', 'Activation', 'Dropout', 'BatchNormalization', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum',
  'Minimum', 'Concatenate',
] as const;

/** Activations the exporter knows, by lab's (Keras's) name. */
export const EXPORTABLE_ACTIVATIONS = [
  'linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'gelu', 'silu', 'swish', 'softplus', 'softsign',
  'exponential', 'leaky_relu', 'hard_sigmoid',
] as const;

interface WithActivation {
  activation?: { name: string | null };
}

class Exporter {
  readonly g = new GraphBuilder();
  /**
   * Weight initializers whose values are read once the graph is built (all at once, asynchronously for
   * {@link toOnnxModelAsync}); `temp` marks a transposed copy the exporter made and frees.
   */
  private readonly pending: { proto: TensorProto; t: Tensor; temp: boolean }[] = [];

  /** The tensors whose values the weight initializers need, in the order {@link Exporter.fill} takes. */
  weightTensors(): Tensor[] {
    return this.pending.map((p) => p.t);
  }

  /** Sets every weight initializer's bytes from the values of {@link Exporter.weightTensors}. */
  fill(values: readonly ArrayLike<number>[]): void {
    this.pending.forEach((p, i) => {
      p.proto.raw_data = float32Bytes(values[i]);
    });
  }

  /** Frees the transposed copies. */
  release(): void {
    for (const p of this.pending) if (p.temp) p.t.dispose();
    this.pending.length = 0;
  }

  /** The value in NHWC (lab's layout), transposing back from NCHW if needed. */
  nhwc(v: Value): Value {
    if (v.layout === 'nhwc') return v;
    return { name: this.g.node('Transpose', [v.name], { perm: TO_NHWC }, 'to_nhwc'), shape: v.shape, layout: 'nhwc' };
  }

  /** The value in NCHW (for Conv, pooling, BatchNormalization on images). */
  nchw(v: Value, who: string): Value {
    if (v.shape.length !== 4) throw new Error(`exportOnnx: ${who} needs a rank-4 NHWC input, got shape ${fmt(v.shape)}`);
    if (v.layout === 'nchw') return v;
    return { name: this.g.node('Transpose', [v.name], { perm: TO_NCHW }, 'to_nchw'), shape: v.shape, layout: 'nchw' };
  }

  weight(base: string, t: Tensor, perm?: number[]): string {
    const data = perm ? transpose(t, perm) : t;
    const { name, proto } = this.g.floatLater(base, data.shape);
    this.pending.push({ proto, t: data, temp: perm !== undefined });
    return name;
  }

  /** Appends the nodes of a named activation. */
  activation(v: Value, name: string | null, where: string): Value {
    const g = this.g;
    const same = (out: string): Value => ({ name: out, shape: v.shape, layout: v.layout });
    switch (name) {
      case 'linear':
        return v;
      case 'relu':
        return same(g.node('Relu', [v.name]));
      case 'relu6':
        return same(g.node('Clip', [v.name, g.float('zero', [], [0]), g.float('six', [], [6])], {}, 'relu6'));
      case 'sigmoid':
        return same(g.node('Sigmoid', [v.name]));
      case 'tanh':
        return same(g.node('Tanh', [v.name]));
      case 'softmax': {
        const x = this.nhwc(v); // lab's softmax is over the last axis of the NHWC shape
        return { name: g.node('Softmax', [x.name], { axis: -1 }), shape: x.shape, layout: 'nhwc' };
      }
      case 'elu':
        return same(g.node('Elu', [v.name], { alpha: { float: 1 } }));
      case 'selu':
        return same(g.node('Selu', [v.name]));
      case 'gelu': {
        // The exact form lab uses: x * 0.5 * (1 + erf(x / sqrt(2))) (ONNX's Gelu op needs opset 20).
        const e = g.node('Erf', [g.node('Div', [v.name, g.float('sqrt2', [], [Math.SQRT2])])]);
        const half = g.node('Mul', [g.node('Add', [e, g.float('one', [], [1])]), g.float('half', [], [0.5])]);
        return same(g.node('Mul', [v.name, half], {}, 'gelu'));
      }
      case 'silu':
      case 'swish':
        return same(g.node('Mul', [v.name, g.node('Sigmoid', [v.name])], {}, 'silu'));
      case 'softplus':
        return same(g.node('Softplus', [v.name]));
      case 'softsign':
        return same(g.node('Softsign', [v.name]));
      case 'exponential':
        return same(g.node('Exp', [v.name]));
      case 'leaky_relu':
        return same(g.node('LeakyRelu', [v.name], { alpha: { float: 0.2 } }));
      case 'hard_sigmoid':
        return same(g.node('HardSigmoid', [v.name], { alpha: { float: 1 / 6 }, beta: { float: 0.5 } }));
      default:
        throw new Error(
          `exportOnnx: ${where}: activation ${name === null ? '(a custom function)' : `'${name}'`} has no ONNX form; ` +
            `known: ${EXPORTABLE_ACTIVATIONS.join(', ')}`,
        );
    }
  }

  /** Appends the nodes of one layer call. */
  layer(layer: Layer, inputs: Value[]): Value {
    const where = `layer '${layer.name}' (${layer.className})`;
    const g = this.g;
    const inShapes = inputs.map((v) => v.shape);
    const outShape = layer.computeOutputShape(inputs.length === 1 ? inShapes[0] : inShapes) as Shape;
    const act = (v: Value): Value => this.activation(v, (layer as WithActivation).activation?.name ?? 'linear', where);
    const [x] = inputs;
    const l = layer as unknown as Record<string, unknown>;
    switch (layer.className) {
      case 'Dense': {
        const v = this.nhwc(x);
        let y = g.node('MatMul', [v.name, this.weight(`${layer.name}.kernel`, l.kernel as Tensor)], {}, layer.name);
        if (l.bias) y = g.node('Add', [y, this.weight(`${layer.name}.bias`, l.bias as Tensor)], {}, `${layer.name}_bias`);
        return act({ name: y, shape: outShape, layout: 'nhwc' });
      }
      case 'Conv2D': {
        const v = this.nchw(x, where);
        const kernel = l.kernel as Tensor; // [kh, kw, in, out] -> ONNX [out, in, kh, kw]
        const ins = [v.name, this.weight(`${layer.name}.kernel`, kernel, [3, 2, 0, 1])];
        if (l.bias) ins.push(this.weight(`${layer.name}.bias`, l.bias as Tensor));
        const y = g.node('Conv', ins, {
          kernel_shape: kernel.shape.slice(0, 2),
          strides: l.strides as number[],
          dilations: l.dilationRate as number[],
          ...padding(l.padding as string),
        }, layer.name);
        return act({ name: y, shape: outShape, layout: 'nchw' });
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const v = this.nchw(x, where);
        const op = layer.className === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool';
        // AveragePool's count_include_pad defaults to 0: only in-bounds elements count, as in TensorFlow and lab.
        const attrs = { kernel_shape: l.poolSize as number[], strides: l.strides as number[], ...padding(l.padding as string) };
        return { name: g.node(op, [v.name], attrs, layer.name), shape: outShape, layout: 'nchw' };
      }
      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPooling2D': {
        const v = this.nchw(x, where);
        const op = layer.className === 'GlobalAveragePooling2D' ? 'GlobalAveragePool' : 'GlobalMaxPool';
        const y = g.node(op, [v.name], {}, layer.name); // [N, C, 1, 1]
        if (l.keepDims) return { name: y, shape: outShape, layout: 'nchw' };
        return { name: g.node('Flatten', [y], { axis: 1 }, `${layer.name}_flatten`), shape: outShape, layout: 'nhwc' };
      }
      case 'Flatten':
        return { name: g.node('Flatten', [this.nhwc(x).name], { axis: 1 }, layer.name), shape: outShape, layout: 'nhwc' };
      case 'Reshape': {
        const target = g.int64(`${layer.name}.shape`, [0, ...(l.targetShape as number[])]); // 0: keep the batch
        return { name: g.node('Reshape', [this.nhwc(x).name, target], {}, layer.name), shape: outShape, layout: 'nhwc' };
      }
      case 'Activation':
        return act(x);
      case 'Dropout':
        return x; // the identity at inference
      case 'BatchNormalization':
        return this.batchNorm(layer, x, outShape, where);
      case 'Add':
      case 'Average':
      case 'Maximum':
      case 'Minimum': {
        const op = { Add: 'Sum', Average: 'Mean', Maximum: 'Max', Minimum: 'Min' }[layer.className];
        const vs = inputs.map((v) => this.nhwc(v).name);
        return { name: g.node(op, vs, {}, layer.name), shape: outShape, layout: 'nhwc' };
      }
      case 'Subtract':
      case 'Multiply': {
        const op = layer.className === 'Subtract' ? 'Sub' : 'Mul';
        let y = this.nhwc(inputs[0]).name;
        for (const v of inputs.slice(1)) y = g.node(op, [y, this.nhwc(v).name], {}, layer.name);
        return { name: y, shape: outShape, layout: 'nhwc' };
      }
      case 'Concatenate': {
        const rank = x.shape.length;
        const axis = (l.axis as number) < 0 ? (l.axis as number) + rank : (l.axis as number);
        const vs = inputs.map((v) => this.nhwc(v).name);
        return { name: g.node('Concat', vs, { axis }, layer.name), shape: outShape, layout: 'nhwc' };
      }
      default:
        throw new Error(`exportOnnx: ${where} has no ONNX form; known layers: ${EXPORTABLE_LAYERS.join(', ')}`);
    }
  }

  batchNorm(layer: Layer, x: Value, outShape: Shape, where: string): Value {
    const l = layer as unknown as Record<string, unknown>;
    const rank = x.shape.length;
    const axis = (l.axis as number) < 0 ? (l.axis as number) + rank : (l.axis as number);
    if (axis !== rank - 1 || (rank !== 2 && rank !== 4)) {
      throw new Error(`exportOnnx: ${where}: only the last axis of rank-2 or rank-4 inputs is supported, got axis ${String(l.axis)} of ${fmt(x.shape)}`);
    }
    const v = rank === 4 ? this.nchw(x, where) : x; // ONNX normalises axis 1
    const n = x.shape[rank - 1]!;
    const param = (t: unknown, base: string, fill: number): string =>
      t ? this.weight(`${layer.name}.${base}`, t as Tensor) : this.g.float(`${layer.name}.${base}`, [n], new Array<number>(n).fill(fill));
    const ins = [v.name, param(l.gamma, 'gamma', 1), param(l.beta, 'beta', 0), param(l.movingMean, 'moving_mean', 0), param(l.movingVariance, 'moving_variance', 1)];
    const y = this.g.node('BatchNormalization', ins, { epsilon: { float: l.epsilon as number } }, layer.name);
    return { name: y, shape: outShape, layout: v.layout };
  }
}

/** ONNX padding attributes for lab's 'valid' / 'same' (TensorFlow's 'same' puts the extra row at the end). */
function padding(p: string): { auto_pad: string } {
  return { auto_pad: p === 'same' ? 'SAME_UPPER' : 'VALID' };
}

function fmt(s: Shape): string {
  return `[${s.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}

/**
 * The ONNX model (as a plain object) of a built @lab/layers model. See {@link exportOnnx}. Reads the weights
 * synchronously (cpu, wasm); {@link toOnnxModelAsync} works on every backend, webgpu included.
 */
export function toOnnxModel(model: Sequential | Functional, options: ExportOptions = {}): ModelProto {
  const ex = new Exporter();
  try {
    const proto = describeModel(ex, model, options);
    // eslint-disable-next-line no-restricted-properties -- toOnnxModel / exportOnnx are the sync-by-design exports; their async twins read with data()
    ex.fill(ex.weightTensors().map((t) => t.dataSync() as Float32Array));
    return proto;
  } finally {
    ex.release();
  }
}

/** {@link toOnnxModel} with asynchronous reads: the same model from every backend (webgpu included). */
export async function toOnnxModelAsync(model: Sequential | Functional, options: ExportOptions = {}): Promise<ModelProto> {
  const ex = new Exporter();
  try {
    const proto = describeModel(ex, model, options);
    ex.fill(await Promise.all(ex.weightTensors().map(async (t) => (await t.data()) as Float32Array)));
    return proto;
  } finally {
    ex.release();
  }
}

/** The model's graph, with its weight initializers still to be filled (see {@link Exporter.fill}). */
function describeModel(ex: Exporter, model: Sequential | Functional, options: ExportOptions): ModelProto {
  const g = ex.g;
  const outputs: Value[] = [];
  if (model instanceof Sequential) {
    const shape = options.inputShape ?? model.declaredInputShape;
    if (!shape) throw new Error(`exportOnnx: Sequential '${model.name}' declares no input shape; pass { inputShape }`);
    let v: Value = { name: g.name('input'), shape: [...shape], layout: 'nhwc' };
    g.inputs.push(GraphBuilder.valueInfo(v.name, v.shape));
    for (const layer of model.layers) if (!(layer instanceof InputLayer)) v = ex.layer(layer, [v]);
    outputs.push(ex.nhwc(v));
  } else if (model instanceof Functional) {
    const values = new Map<SymbolicTensor, Value>();
    const visit = (t: SymbolicTensor): Value => {
      const known = values.get(t);
      if (known) return known;
      const node = t.node;
      let out: Value;
      if (node.layer instanceof InputLayer) {
        out = { name: g.name(node.layer.name), shape: [...t.shape], layout: 'nhwc' };
      } else {
        if (node.outputs.length !== 1) throw new Error(`exportOnnx: layer '${node.layer.name}' has ${node.outputs.length} outputs; one is supported`);
        out = ex.layer(node.layer, node.inputs.map(visit));
      }
      values.set(t, out);
      return out;
    };
    // Graph inputs first, in the model's order, so their ONNX names follow the input layers' names.
    for (const t of model.inputs) g.inputs.push(GraphBuilder.valueInfo(visit(t).name, t.shape));
    for (const t of model.outputs) outputs.push(ex.nhwc(visit(t)));
  } else {
    throw new Error('exportOnnx: expected a Sequential or functional model from @lab/layers');
  }
  for (const v of outputs) g.outputs.push(GraphBuilder.valueInfo(v.name, v.shape));
  return {
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'lab',
    producer_version: '0',
    graph: g.graph(options.graphName ?? model.name),
  };
}

/**
 * Exports a built @lab/layers model to the bytes of a `.onnx` file: its weights as initializers, each layer as
 * ONNX operators (see {@link EXPORTABLE_LAYERS} and {@link EXPORTABLE_ACTIVATIONS}), inputs and outputs in lab's
 * NHWC layout with a symbolic batch dimension.
 *
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('model.onnx', exportOnnx(model));
 * ```
 */
export function exportOnnx(model: Sequential | Functional, options: ExportOptions = {}): Uint8Array {
  checkOptions('exportOnnx', options, EXPORT_OPTION_KEYS);
  return encodeModel(toOnnxModel(model, options));
}

/**
 * {@link exportOnnx} with asynchronous reads: the same bytes from every backend (webgpu included).
 *
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('model.onnx', await exportOnnxAsync(model));
 * ```
 */
export async function exportOnnxAsync(model: Sequential | Functional, options: ExportOptions = {}): Promise<Uint8Array> {
  checkOptions('exportOnnxAsync', options, EXPORT_OPTION_KEYS);
  return encodeModel(await toOnnxModelAsync(model, options));
}
