/**
 * Allocations too big for a backend fail at the op, before anything is allocated: an OutOfMemoryError naming the
 * op, the shape, the dtype, the exact bytes and the backend's limit, with every older tensor intact, `memory()`
 * unchanged and the library still working. Sizes are multiplied exactly: no 32-bit wrap gives a huge tensor a
 * tiny buffer (wasm did, for 2 GiB and more).
 */
import { describe, expect, it } from 'vitest';
import { add, backendInstance, memory, ones, range, slice, tensor, zeros, type Tensor } from '@lab/core';
import { BACKENDS, useBackend } from './support/backends.js';

/** The element limit the backend states for float32 (every backend here states one). */
function limitElements(name: string): number {
  const lim = backendInstance().allocLimit?.('float32');
  if (!lim) throw new Error(`backend '${name}' states no allocation limit`);
  return lim.elements;
}

function counts(): { numTensors: number; numDataBuffers: number; numBytes: number; backends: unknown } {
  const m = memory();
  return { numTensors: m.numTensors, numDataBuffers: m.numDataBuffers, numBytes: m.numBytes, backends: m.backends };
}

describe.each(BACKENDS)('out of memory on $label', (b) => {
  useBackend(b);

  /** Runs `make`, expects an OutOfMemoryError matching `message`, and checks nothing changed. */
  async function refuses(make: () => Tensor, message: RegExp): Promise<void> {
    const older = tensor([1, 2, 3, 4]);
    const before = counts();
    let err: unknown;
    try {
      make().dispose();
    } catch (e) {
      err = e;
    }
    expect(err, 'the call should have thrown').toBeInstanceOf(Error);
    expect((err as Error).name).toBe('OutOfMemoryError');
    expect((err as Error).message).toMatch(message);
    expect(counts()).toEqual(before);
    expect(await older.array()).toEqual([1, 2, 3, 4]);
    // the library still works on this backend
    const sum = add(older, 1);
    expect([sum.backendName, await sum.array()]).toEqual([b.name, [2, 3, 4, 5]]);
    sum.dispose();
    older.dispose();
  }

  it('zeros([1e9, 1e9]) names the op, shape, dtype, exact bytes and the backend limit', async () => {
    const lim = limitElements(b.name);
    await refuses(
      () => zeros([1e9, 1e9]),
      new RegExp(
        String.raw`^zeros: out of memory: a float32 tensor of shape \[1000000000,1000000000\] \(1000000000000000000 elements, ` +
          String.raw`4000000000000000000 bytes\) does not fit backend '${b.name}', which holds at most ${lim} float32 elements \(\d+ bytes\) in one buffer`,
      ),
    );
  });

  it('tensor(1, { shape: [1e9, 1e9] }) fails before taking host memory', async () => {
    await refuses(() => tensor(1, { shape: [1e9, 1e9] }), /^tensor: out of memory: a float32 tensor of shape \[1000000000,1000000000\] .* does not fit backend/);
  });

  it('range(0, 2**40) fails before taking host memory; range(0, Infinity) names the op', async () => {
    await refuses(() => range(0, 2 ** 40), /^range: out of memory: a float32 tensor of shape \[1099511627776\] \(1099511627776 elements, 4398046511104 bytes\)/);
    expect(() => range(0, Infinity)).toThrow(/^range: start, stop and step must be finite numbers, got range\(0, Infinity, 1\)/);
  });

  it('one element past the limit is refused; int32 and bool too', async () => {
    const over = limitElements(b.name) + 1;
    await refuses(() => zeros([over]), new RegExp(String.raw`^zeros: out of memory: a float32 tensor of shape \[${over}\] \(${over} elements, ${over * 4} bytes\)`));
    await refuses(() => zeros([over, 2], 'int32'), /^zeros: out of memory: a int32 tensor of shape/);
    await refuses(() => ones([over, 4], 'bool'), /out of memory: a bool tensor of shape/);
  });

  it.runIf(b.name !== 'cpu')('ones([2**30 + 4]) (4 GiB) is refused with the backend limit', async () => {
    await refuses(() => ones([2 ** 30 + 4]), /out of memory: a float32 tensor of shape \[1073741828\] \(1073741828 elements, 4294967312 bytes\) does not fit backend/);
  });

  it.runIf(b.name === 'cpu')('zeros([2**32 + 1]) is refused: longer than any typed array', async () => {
    await refuses(() => zeros([2 ** 32 + 1]), /^zeros: out of memory: .* does not fit backend 'cpu', which holds at most 4294967296 float32 elements \(17179869184 bytes\) in one buffer \(the longest typed array/);
  });

  // The 32-bit wrap that gave a 2 GiB tensor a 16-byte block, which still held a freed tensor's values.
  it.runIf(b.name === 'wasm')('zeros([2**29 + 4]) (2 GiB + 16 bytes) gets a real, zeroed buffer after a small tensor is freed', async () => {
    const older = tensor([1, 2, 3, 4]);
    const freed = tensor([7, 7, 7, 7]);
    freed.dispose();
    const before = memory().backends[b.name].numBytes;
    const big = zeros([2 ** 29 + 4]);
    try {
      expect(memory().backends[b.name].numBytes - before).toBe(2 ** 31 + 16);
      const stats = (backendInstance() as unknown as { heapStats(): { liveBytes: number; heapBytes: number } }).heapStats();
      expect(stats.heapBytes).toBeGreaterThan(2 ** 31);
      const head = slice(big, [0], [4]);
      const tail = slice(big, [2 ** 29], [4]);
      expect([await head.array(), await tail.array()]).toEqual([[0, 0, 0, 0], [0, 0, 0, 0]]);
      head.dispose();
      tail.dispose();
      expect(await older.array()).toEqual([1, 2, 3, 4]);
    } finally {
      big.dispose();
      older.dispose();
    }
  });
});
