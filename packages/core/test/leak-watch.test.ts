// The safety net for tensors nobody disposes (tensor/leak-watch.ts): the garbage collector frees their buffers,
// whether the tensor was registered right away (a full batch) or after the current task; disposed tensors never
// reach the registry. The collector is forced with V8's gc(), exposed at run time.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { memory, tensor, type Tensor } from '@lab/core';
import { WATCH_BATCH } from '../src/tensor/leak-watch.js';
import { useCpu } from './setup.js';

useCpu();

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until the live buffers fall to `target` (finalizers run in later tasks), or gives up. */
async function collectUntil(target: number): Promise<number> {
  for (let i = 0; i < 50 && memory().numDataBuffers > target; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  return memory().numDataBuffers;
}

/** Makes `n` tensors and drops them without dispose(); only their ids escape. */
function leak(n: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(tensor([i, i + 1, i + 2]).id);
  return ids;
}

describe('leaked tensors are freed by the garbage collector', () => {
  it('a few leaked tensors (registered after the current task)', async () => {
    const before = memory();
    leak(5);
    expect(memory().numDataBuffers).toBe(before.numDataBuffers + 5);
    await new Promise((r) => setTimeout(r, 0)); // the batch is registered
    expect(await collectUntil(before.numDataBuffers)).toBe(before.numDataBuffers);
    expect(memory().numTensors).toBe(before.numTensors);
  });

  it('more leaked tensors than a batch, in one synchronous run', async () => {
    const before = memory();
    leak(WATCH_BATCH * 2 + 7);
    expect(await collectUntil(before.numDataBuffers)).toBe(before.numDataBuffers);
    expect(memory().numTensors).toBe(before.numTensors);
  });

  it('disposed tensors are not freed twice, and kept ones survive a collection', async () => {
    const before = memory();
    const kept: Tensor[] = [];
    for (let i = 0; i < 10; i++) {
      const t = tensor([i]);
      if (i % 2 === 0) t.dispose();
      else kept.push(t);
    }
    await new Promise((r) => setTimeout(r, 0));
    await collectUntil(before.numDataBuffers + kept.length);
    expect(memory().numDataBuffers).toBe(before.numDataBuffers + kept.length);
    expect(kept.every((t) => !t.isDisposed)).toBe(true);
    expect(kept.map((t) => t.dataSync()[0])).toEqual([1, 3, 5, 7, 9]);
    for (const t of kept) t.dispose();
    expect(memory().numDataBuffers).toBe(before.numDataBuffers);
  });
});
