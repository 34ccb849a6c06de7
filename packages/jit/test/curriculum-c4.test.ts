// C4 of the curriculum: a traced function (tf.function) traces once per input signature, and a module with a
// Variable and a traced multiply is saved and loaded back without its code.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mul, sum, tensor, Variable, type Tensor } from '@lab/core';
import { jit } from '@lab/jit';
import { loadModule, saveModule } from '@lab/jit/node';
import { vals } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

describe('C4: tf.function traces once per input signature', () => {
  it('prints "Tracing..." for [1,2,3] -> 6, not for [10,9,8] -> 27, and again for float [10,9.1,8.2] -> 27.3', () => {
    const printed: string[] = [];
    const f = jit((x: Tensor) => {
      printed.push('Tracing...');
      return sum(x);
    });

    // JS numbers are float32 by default (the TensorFlow.js rule): int32 where TF infers integers.
    const a = f(tensor([1, 2, 3], 'int32'));
    expect(a.item()).toBe(6);
    expect(a.dtype).toBe('int32');
    expect(printed).toEqual(['Tracing...']);

    const b = f(tensor([10, 9, 8], 'int32'));
    expect(b.item()).toBe(27);
    expect(printed).toEqual(['Tracing...']);

    const c = f(tensor([10, 9.1, 8.2]));
    expect(c.dtype).toBe('float32');
    expect(c.item() as number).toBeCloseTo(27.3, 5);
    expect(printed).toEqual(['Tracing...', 'Tracing...']);
    expect(f.traceCount).toBe(2);
    expect(f.concreteFunctions().map((cf) => cf.signature)).toEqual(['(int32[3])', '(float32[3])']);
  });
});

/** TF's tf.Module with a Variable and a tf.function method. */
class MultiplyModule {
  readonly v = new Variable(3);
  readonly multiply = jit((x: Tensor) => mul(x, this.v), { name: 'multiply' });
}

describe('C4: a module saved and loaded without its code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-jit-c4-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('multiply([1,2,3]) = [3,6,9], and the same after saving to disk and loading back', async () => {
    const m = new MultiplyModule();
    expect(vals(m.multiply(tensor([1, 2, 3])))).toEqual([3, 6, 9]);
    await saveModule(m, dir);

    const json = readFileSync(join(dir, 'module.json'), 'utf8');
    // Only data: the op by name, the variable by index, no source text.
    expect(json).toContain('"op":"mul"');
    expect(json).not.toContain('=>');
    expect(json).not.toContain('this.v');

    const loaded = await loadModule(dir);
    expect(Object.keys(loaded.functions)).toEqual(['multiply']);
    expect(vals(loaded.functions.multiply(tensor([1, 2, 3])) as Tensor)).toEqual([3, 6, 9]);

    // The loaded variable is bound by reference, like the original.
    const v = loaded.variablesByPath.v;
    expect(v.item()).toBe(3);
    v.assign(4);
    expect(vals(loaded.functions.multiply(tensor([1, 2, 3])) as Tensor)).toEqual([4, 8, 12]);
    // The original module is untouched.
    expect(vals(m.multiply(tensor([1, 2, 3])))).toEqual([3, 6, 9]);
    loaded.dispose();
  });

  it('a loaded function only accepts the signatures it was saved with', async () => {
    const loaded = await loadModule(dir);
    expect(() => loaded.functions.multiply(tensor([1, 2, 3, 4]))).toThrow(/no trace for \(float32\[4\]\); it was saved for \(float32\[3\]\)/);
    loaded.dispose();
  });
});
