/**
 * Where `record` reaches debug mode's NaN/Inf check (numerics-check.ts). The check runs ops (isFinite, all, ...),
 * and every op calls `record`, so `record` cannot import it without an import cycle: engine/api.ts installs it when
 * @lab/core loads. A leaf module: it imports types only.
 */
import type { Tensor } from '../tensor/tensor.js';

/** Checks one op's outputs for NaN/Inf its inputs did not contain; throws (or reports later) when they do. */
export type NumericsCheck = (name: string, inputs: readonly Tensor[], output: Tensor | readonly Tensor[]) => void;

let installed: NumericsCheck | null = null;

/** @internal Installs the check (engine/api.ts does, once). */
export function installNumericsCheck(check: NumericsCheck): void {
  installed = check;
}

/** Runs debug mode's check on one op's outputs (called by `record` while debug mode is on). */
export function checkNumerics(name: string, inputs: readonly Tensor[], output: Tensor | readonly Tensor[]): void {
  if (installed === null) throw new Error("internal: debug mode's numerics check is not installed; import '@lab/core'");
  installed(name, inputs, output);
}
