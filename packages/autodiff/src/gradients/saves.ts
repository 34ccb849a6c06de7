/** What a unary gradient keeps from the forward pass: its input `x` or its output `y`. */

/** Save the op's input (`c.inputs[0]`). */
export const X = { inputs: [0] } as const;
/** Save the op's output (`c.outputs[0]`). */
export const Y = { outputs: [0] } as const;
