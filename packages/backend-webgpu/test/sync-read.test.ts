/**
 * Synchronous reads in Node: Dawn has no canvas, so the backend offers no readSync, says so in its descriptor,
 * and core's synchronous calls fail naming the async one. The browser side (canvas reads, bit-exact for every
 * byte, chunked) runs in headless Chromium: tooling/cross-backend/test/browser.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { readsCheaply, type Backend } from '@lab/core';
import { canvasReaderFor } from '../src/canvas-read.js';
import { getBackend } from './helpers.js';

describe('synchronous reads in Node (no canvas)', () => {
  test('the descriptor says asynchronous only, and core never reads on its own', async () => {
    const be = (await getBackend()) as Backend;
    expect(be.descriptor.syncRead).toBe(false);
    expect(be.descriptor.syncReadStalls).toBe(true);
    expect(be.readSync).toBeUndefined();
    expect(readsCheaply(be)).toBe(false);
    // Even with a readSync (a browser), a stalling backend is never read by core on its own initiative.
    const withRead = { ...be, descriptor: be.descriptor, readSync: () => new Float32Array(0) } as Backend;
    expect(readsCheaply(withRead)).toBe(false);
  });

  test('there is no canvas to read through: no reader, and no probe device requested', async () => {
    const be = await getBackend();
    const gpu = { requestAdapter: () => Promise.reject(new Error('the probe must not run without a canvas')) } as unknown as GPU;
    expect(await canvasReaderFor(gpu, true)).toBeNull();
    expect(await canvasReaderFor(null, true)).toBeNull();
    expect(be.descriptor.syncRead).toBe(false);
  });
});
