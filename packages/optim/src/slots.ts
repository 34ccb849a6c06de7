/**
 * An optimizer's slots: the per-variable state (momentum, Adam's m and v), made on a variable's first update or
 * by `build`, kept in the order the variables were first seen (tfjs's and Keras's grouping when saved).
 */
import { fill, Variable } from '@lab/core';
import { describe } from './optimizer-args.js';

/** The slot variables of every variable an optimizer updates. */
export class SlotStore {
  private readonly slots = new Map<Variable, Variable[]>();
  private readonly order: Variable[] = [];

  /** True once any variable has slots. */
  get built(): boolean {
    return this.order.length > 0;
  }

  /** Makes the slots named `names` of each of `vars` that has none yet, each filled with `initial(name)`. */
  build(where: string, vars: readonly Variable[], names: readonly string[], initial: (slot: string) => number): void {
    for (const v of vars) {
      if (!(v instanceof Variable)) throw new Error(`${where}: expected Variables, got ${describe(v)}`);
      if (this.slots.has(v)) continue;
      const base = v.name.replace(/:\d+$/, '').replace(/\//g, '_');
      const made = names.map((s) => {
        const init = fill(v.shape as number[], initial(s), v.dtype);
        const slot = new Variable(init, { name: `${base}_${s}`, trainable: false });
        init.dispose();
        return slot;
      });
      this.slots.set(v, made);
      this.order.push(v);
    }
  }

  /** The slots of `v`, or undefined before they were made. */
  get(v: Variable): readonly Variable[] | undefined {
    return this.slots.get(v);
  }

  /** Every slot variable, slot kind by slot kind (`n` kinds), each kind in the variables' order. */
  all(n: number): Variable[] {
    const out: Variable[] = [];
    for (let k = 0; k < n; k++) for (const v of this.order) out.push(this.slots.get(v)![k]);
    return out;
  }

  /** Forgets every slot (their variables are disposed by the caller). */
  clear(): void {
    this.slots.clear();
    this.order.length = 0;
  }
}
