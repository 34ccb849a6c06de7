/**
 * The call context: a layer called without `training` inherits it from the enclosing layer call (Keras's rule),
 * so `model.apply(x, { training: true })` reaches the Dropout inside a subclassed model's `call`.
 */

const stack: boolean[] = [];

/** The training flag in force: the innermost explicit one, or false. */
export function currentTraining(): boolean {
  return stack.length > 0 ? stack[stack.length - 1] : false;
}

/** Runs `fn` with `training` in force for nested layer calls. */
export function withTraining<T>(training: boolean, fn: () => T): T {
  stack.push(training);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}
