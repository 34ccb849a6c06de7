/**
 * Device lifecycle and error reporting: the plugin contract, GPU validation errors named after their kernel,
 * device loss (a clear error on the next call, then recovery), an adapter-less environment, dispose.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Backend } from '@lab/core';
import { createWebGPUPlugin, webgpu, WebGPUBackend } from '../src/index.js';
import { download, getBackend, upload, view } from './helpers.js';

/** A shader that copies in0 to out0 (the runWGSL binding convention). */
const COPY_WGSL = `
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
struct Params { v: array<vec4<u32>, 16> }
@group(0) @binding(2) var<uniform> P: Params;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  if (g.x < P.v[0].x) { dst[g.x] = src[g.x] * 2.0; }
}`;

describe('plugin', () => {
  test('name, priority and descriptor', async () => {
    expect(webgpu.name).toBe('webgpu');
    expect(webgpu.priority).toBe(3);
    const be = await getBackend();
    expect(be.descriptor).toMatchObject({ name: 'webgpu', syncRead: false, dtypes: ['float32', 'int32', 'bool'] });
    expect((be as Backend).readSync).toBeUndefined();
    expect(be.adapterInfo.description.length + be.adapterInfo.vendor.length).toBeGreaterThan(0);
  });

  test('unsupported dtypes are refused by name', async () => {
    const be = await getBackend();
    expect(() => be.alloc('float64', 3)).toThrow(/alloc: dtype float64 is not supported by the webgpu backend/);
  });

  test('create() rejects with a clear message when there is no adapter', async () => {
    const g = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => null } }, configurable: true });
    try {
      await expect(createWebGPUPlugin().create()).rejects.toThrow(/webgpu: no GPU adapter found/);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete g.navigator;
    }
  });

  test('runWGSL runs a custom kernel', async () => {
    const be = await getBackend();
    const x = upload(be, 'float32', [1, 2, 3]);
    const y = be.alloc('float32', 3);
    be.runWGSL({ name: 'double', code: COPY_WGSL, inputs: [x], outputs: [y], workgroups: [1, 1, 1], params: [3] });
    expect(await download(be, y)).toEqual([2, 4, 6]);
  });
});

describe('GPU errors name the kernel', () => {
  test('a shader that does not compile: the next call rejects naming it, then the backend carries on', async () => {
    const be = await getBackend();
    const x = upload(be, 'float32', [1, 2]);
    const y = be.alloc('float32', 2);
    be.runWGSL({ name: 'myBrokenKernel', code: 'fn main( {', inputs: [x], outputs: [y], workgroups: [1, 1, 1] });
    await expect(be.read(y)).rejects.toThrow(/kernel 'myBrokenKernel' failed to compile: .*expected/s);
    // Reported once; other kernels still run.
    const z = be.alloc('float32', 2);
    be.unary('neg', view(x, 'float32', [2]), z);
    expect(await download(be, z)).toEqual([-1, -2]);
  });

  test('a dispatch the device rejects: the error names the batch kernels', async () => {
    const be = await getBackend();
    const x = upload(be, 'float32', [1]);
    const y = be.alloc('float32', 1);
    const tooMany = be.device.limits.maxComputeWorkgroupsPerDimension + 1;
    be.runWGSL({ name: 'hugeDispatch', code: COPY_WGSL, inputs: [x], outputs: [y], workgroups: [tooMany, 1, 1], params: [1] });
    await expect(be.sync()).rejects.toThrow(/validation error in a batch of kernels \[.*hugeDispatch.*\]/s);
    expect(await download(be, x)).toEqual([1]);
  });
});

describe('device loss', () => {
  let be: WebGPUBackend;
  beforeAll(async () => {
    be = await WebGPUBackend.create({ prewarm: false });
  });
  afterAll(() => be.dispose());

  test('destroy(): the next call fails clearly, reinit() recovers, old data is refused', async () => {
    const x = upload(be, 'float32', [1, 2, 3]);
    expect(await download(be, x)).toEqual([1, 2, 3]);
    be.device.destroy();
    expect(() => be.alloc('float32', 3)).toThrow(/webgpu: alloc: the GPU device was lost \(destroyed: .*\).*reinit\(\)/s);
    expect(() => be.unary('neg', view(x, 'float32', [3]), x)).toThrow(/unary:neg: the GPU device was lost/);
    await expect(be.read(x)).rejects.toThrow(/read: the GPU device was lost/);
    const submitsBefore = be.stats().submits;
    await be.reinit();
    await expect(be.read(x)).rejects.toThrow(/device that has since been lost or replaced/);
    const y = upload(be, 'float32', [4, 5]);
    const z = be.alloc('float32', 2);
    be.binary('mul', view(y, 'float32', [2]), view(y, 'float32', [2]), z);
    expect(await download(be, z)).toEqual([16, 25]);
    expect(be.stats().submits).toBeGreaterThan(submitsBefore);
  });

  test('a fresh plugin.create() works after a loss', async () => {
    const other = (await createWebGPUPlugin({ prewarm: false }).create()) as WebGPUBackend;
    const y = upload(other, 'int32', [7]);
    expect(await download(other, y)).toEqual([7]);
    other.dispose();
    expect(() => other.alloc('float32', 1)).toThrow(/disposed/);
  });

  test('a caller-provided device is used and never destroyed', async () => {
    const shared = await getBackend();
    const guest = (await createWebGPUPlugin({ device: shared.device, prewarm: false }).create()) as WebGPUBackend;
    const y = upload(guest, 'float32', [3]);
    expect(await download(guest, y)).toEqual([3]);
    guest.dispose();
    const z = upload(shared, 'float32', [9]);
    expect(await download(shared, z)).toEqual([9]);
  });
});
