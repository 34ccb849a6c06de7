/** The gradient of ops made with `customGrad`: the user's gradient function, recorded with the op. */
import { Tensor } from '@lab/core';
import type { GradientDef } from '../registry.js';
import type { CustomGradFunc } from '../custom-grad.js';

/** The gradient of `customGrad` ops, keyed by its recorded name. */
export const CUSTOM_GRADIENTS: Record<string, GradientDef> = {
  customGrad: {
    save: { inputs: true, outputs: true },
    grad: (dy, c) => {
      const gradFunc = c.attrs.gradFunc as CustomGradFunc;
      const r = gradFunc(dy, { inputs: c.inputs, value: c.outputs[0] });
      const list = r instanceof Tensor ? [r] : r;
      if (list.length !== c.inputs.length) {
        throw new Error(`customGrad: gradFunc returned ${list.length} gradient(s) for ${c.inputs.length} input(s)`);
      }
      return list;
    },
  },
};
