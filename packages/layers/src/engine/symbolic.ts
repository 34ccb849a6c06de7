/** The functional API's graph: symbolic tensors (Keras's KerasTensor) and the nodes that connect layers. */
import type { DType } from '@lab/core';
import type { CallOptions, Shape } from '../common/types.js';
import { formatShape } from '../common/types.js';
import type { Layer } from './layer.js';

let nextId = 0;

/**
 * A placeholder for a tensor in a functional model: a shape (with `null` for unknown sizes, the batch first), a
 * dtype and the layer call that produces it. Made by `input()` and by applying layers to symbolic tensors.
 */
export class SymbolicTensor {
  /** Unique id. */
  readonly id = nextId++;
  /** The shape; `null` entries are unknown (the batch). */
  readonly shape: Shape;
  /** The dtype. */
  readonly dtype: DType;
  /** @internal The layer call that made it. */
  readonly node: Node;
  /** @internal Which output of that call it is. */
  readonly outputIndex: number;
  /** A readable name: `<layer>/<output index>`. */
  readonly name: string;

  /** @internal Made by layers, never by users (use `input()`). */
  constructor(shape: Shape, dtype: DType, node: Node, outputIndex: number) {
    this.shape = shape;
    this.dtype = dtype;
    this.node = node;
    this.outputIndex = outputIndex;
    this.name = `${node.layer.name}/${outputIndex}`;
  }

  /** The rank. */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * `SymbolicTensor(shape=(None, 32), dtype=float32, name=dense/0)`
   * @returns the shape (Keras style), dtype and name.
   * @example
   * ```ts
   * input({ shape: [32] }).toString(); // 'SymbolicTensor(shape=(None, 32), dtype=float32, name=...)'
   * ```
   */
  toString(): string {
    return `SymbolicTensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}, name=${this.name})`;
  }
}

/** One call of a layer in a functional graph: its symbolic inputs, its options and its outputs. */
export class Node {
  /** The outputs (filled right after construction). */
  outputs: SymbolicTensor[] = [];

  /** @internal */
  constructor(
    /** The layer called. */
    readonly layer: Layer,
    /** The symbolic inputs. */
    readonly inputs: readonly SymbolicTensor[],
    /** Whether the inputs were passed as an array (merge layers) rather than one tensor. */
    readonly inputWasArray: boolean,
    /** The non-tensor call options (training excluded: it is decided when the model runs). */
    readonly options: CallOptions,
  ) {}
}

/** True if `x` is a symbolic tensor or a non-empty array of them. */
export function isSymbolic(x: unknown): x is SymbolicTensor | SymbolicTensor[] {
  if (x instanceof SymbolicTensor) return true;
  return Array.isArray(x) && x.length > 0 && x.every((e) => e instanceof SymbolicTensor);
}
