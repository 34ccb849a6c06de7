/**
 * The inputs of an eager layer call: JS values converted to tensors (in the layer's float dtype), checked, and
 * the converted ones freed after the call unless the layer returned them.
 */
import { fmtShape, isFloatDType, shapesEqual, Tensor, tensor, tidy, zeros, type DType, type TensorLike, type Variable } from '@lab/core';
import { isShapeList } from './layer-args.js';
import type { Shape } from '../common/types.js';
import { withTraining } from './context.js';
import type { Layer } from './layer.js';

/** The call's input tensors, whether they came as a list, and those converted here from JS values. */
export function eagerInputs(dtype: DType, inputs: unknown): { xs: Tensor[]; isList: boolean; converted: Tensor[] } {
  const isList = Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => x instanceof Tensor);
  const converted: Tensor[] = [];
  const toTensor = (x: TensorLike): Tensor => {
    if (x instanceof Tensor) return x;
    const t = tensor(x, isFloatDType(dtype) ? dtype : undefined);
    converted.push(t);
    return t;
  };
  const xs: Tensor[] = isList ? (inputs as Tensor[]) : [toTensor(inputs as TensorLike)];
  return { xs, isList, converted };
}

/** Throws unless every input is a live tensor. */
export function checkEagerInputs(name: string, xs: readonly unknown[]): void {
  for (const x of xs) {
    if (!(x instanceof Tensor)) throw new Error(`${name}: inputs must be tensors, got ${describe(x)}`);
    x.assertAlive(name);
  }
}

/** Frees the converted inputs, except one the layer returned as is (linear activation, InputLayer). */
export function releaseConverted(converted: readonly Tensor[], out: Tensor | Tensor[] | null): void {
  const outs = out === null ? [] : Array.isArray(out) ? out : [out];
  for (const t of converted) if (!outs.includes(t)) t.dispose();
}

/** Throws unless `weights` match `vars` in count, shapes and dtypes (`where`: `<layer>.setWeights`). */
export function checkWeightValues(where: string, vars: readonly Variable[], weights: readonly TensorLike[]): void {
  if (weights.length !== vars.length) throw new Error(`${where}: the layer has ${vars.length} weights, got ${weights.length}`);
  for (let i = 0; i < vars.length; i++) {
    const w = weights[i];
    if (w instanceof Tensor && (!shapesEqual(w.shape, vars[i].shape) || w.dtype !== vars[i].dtype)) {
      throw new Error(`${where}: weight ${i} ('${vars[i].name}') is ${vars[i].dtype} ${fmtShape(vars[i].shape)}, got ${w.dtype} ${fmtShape(w.shape)}`);
    }
  }
}

/** The output shapes (batch as null) and dtypes of `layer`, from a call on zeros of `inputShape` (unknown sizes as 1). */
export function traceOutputs(layer: Layer, inputShape: Shape | Shape[], dtypes?: DType[]): { shape: Shape; dtype: DType }[] {
    const shapes = isShapeList(inputShape) ? inputShape : [inputShape];
    return tidy(() => {
      const xs = shapes.map((s, i) => zeros(s.map((d) => d ?? 1), dtypes?.[i] ?? layer.dtype));
      const out = withTraining(false, () => layer.call(isShapeList(inputShape) ? xs : xs[0], { training: false }));
      const outs = Array.isArray(out) ? out : [out];
      return outs.map((t) => ({ shape: [null, ...t.shape.slice(1)] as Shape, dtype: t.dtype }));
    });
  }

function describe(x: unknown): string {
  if (x instanceof Tensor) {
    const t: Tensor = x; // `instanceof` on an `unknown` gives Tensor<any>; this keeps the dtype typed
    return `a ${t.dtype} tensor ${fmtShape(t.shape)}`;
  }
  if (x === null) return 'null';
  return typeof x;
}
