/**
 * `@lab/notebooks/modules`: the module map of the lab packages a cell may import. Node (the CLI and tests) and
 * the site pass the same map to the kernel, so a notebook imports the same thing everywhere. A separate entry so
 * that the kernel itself does not pull every package into a bundle.
 */
import * as autodiff from '@lab/autodiff';
import * as core from '@lab/core';
import * as jit from '@lab/jit';
import * as layers from '@lab/layers';
import * as optim from '@lab/optim';
import * as viz from '@lab/viz';

/**
 * The lab packages by import name.
 * @returns a fresh map `{ '@lab/core': ..., '@lab/autodiff': ..., '@lab/layers': ..., '@lab/optim': ..., '@lab/jit': ..., '@lab/viz': ... }`.
 */
export function labModules(): Record<string, Record<string, unknown>> {
  return {
    '@lab/core': core,
    '@lab/autodiff': autodiff,
    '@lab/layers': layers,
    '@lab/optim': optim,
    '@lab/jit': jit,
    '@lab/viz': viz,
  };
}
