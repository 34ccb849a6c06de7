// Every op of the slicing/indexing/conv/pool/scan/scatter families is recorded exactly once, under a name listed
// in RECORDED_OPS, with the inputs and attrs its gradient needs; composite bodies record nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lab from '@lab/core';
import { RECORDED_OPS, addRecorder, init, setBackend, tensor, type RecordedOp, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { cpuBare } from './ops-helpers.js';

let ops: RecordedOp[] = [];
let stop: () => void = () => undefined;

beforeAll(async () => {
  await init(cpuBare);
  await init(cpu);
  stop = addRecorder({ recordOp: (op) => ops.push(op) });
});
afterAll(() => stop());

/** Runs `f` and returns the names recorded, disposing whatever it returned. */
function names(f: () => Tensor | Tensor[] | { values: Tensor; indices: Tensor }): string[] {
  ops = [];
  const r = f();
  const list = Array.isArray(r) ? r : r instanceof lab.Tensor ? [r] : [r.values, r.indices];
  const out = ops.map((o) => o.name);
  for (const o of ops) expect(Object.keys(RECORDED_OPS)).toContain(o.name);
  list.forEach((t) => t.dispose());
  return out;
}

describe.each(['cpu', 'cpu-bare'])('recording on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('one record per op', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    const i = tensor([1, 0], 'int32');
    const img = lab.randomNormal([1, 4, 4, 2], { seed: 1 });
    const f = lab.randomNormal([3, 3, 2, 2], { seed: 2 });
    const dy = lab.randomNormal([1, 4, 4, 2], { seed: 3 });
    const p = lab.randomNormal([1, 2, 2, 2], { seed: 4 });
    expect(names(() => x.at(1, '::-1'))).toEqual(['stridedSlice']);
    expect(names(() => lab.stridedSlice(x, [0], [2], [-1]))).toEqual(['stridedSlice']);
    expect(names(() => lab.stridedSliceBackprop(i, [4], [0], [2], [1]))).toEqual(['stridedSliceBackprop']);
    expect(names(() => lab.slice(x, [0, 1], [1, 1]))).toEqual(['slice']);
    expect(names(() => lab.reverse(x, [0, 1]))).toEqual(['reverse']);
    expect(names(() => lab.pad(x, [[1, 1], [0, 0]]))).toEqual(['pad']);
    expect(names(() => lab.tile(x, [2, 1]))).toEqual(['tile']);
    expect(names(() => lab.concat([x, x], 1))).toEqual(['concat']);
    expect(names(() => lab.stack([x, x]))).toEqual(['stack']);
    expect(names(() => lab.split(x, 3, 1))).toEqual(['split']);
    expect(names(() => lab.unstack(x))).toEqual(['unstack']);
    expect(names(() => lab.gather(x, i, 1))).toEqual(['gather']);
    expect(names(() => lab.gather(x, [[0], [1]], 1, 1))).toEqual(['gather']);
    expect(names(() => lab.gatherND(x, [[1, 2]]))).toEqual(['gatherND']);
    expect(names(() => lab.booleanMask(x, [true, false]))).toEqual(['reshape', 'gather']);
    expect(names(() => lab.oneHot(i, 3))).toEqual(['oneHot']);
    expect(names(() => lab.cumsum(x, 1))).toEqual(['cumsum']);
    expect(names(() => lab.cumprod(x, 1, true))).toEqual(['cumprod']);
    expect(names(() => lab.topK(x, 2))).toEqual(['topK']);
    expect(names(() => lab.unsortedSegmentSum(x, i, 2))).toEqual(['unsortedSegmentSum']);
    expect(names(() => lab.scatterND([[1]], [[7, 8, 9]], [2, 3]))).toEqual(['reshape', 'unsortedSegmentSum', 'reshape']);
    expect(names(() => lab.randomShuffle(x, 1))).toEqual(['gather']);
    expect(names(() => lab.conv2d(img, f, 1, 'same'))).toEqual(['conv2d']);
    expect(names(() => lab.conv2dBackpropInput(dy, f, [1, 4, 4, 2], 1, 'same'))).toEqual(['conv2dBackpropInput']);
    expect(names(() => lab.conv2dBackpropFilter(img, dy, [3, 3, 2, 2], 1, 'same'))).toEqual(['conv2dBackpropFilter']);
    expect(names(() => lab.conv2dTranspose(dy, f, [1, 4, 4, 2], 1, 'same'))).toEqual(['conv2dBackpropInput']);
    expect(names(() => lab.depthwiseConv2d(img, f, 1, 'same'))).toEqual(['depthwiseConv2d']);
    expect(names(() => lab.maxPool(img, 2))).toEqual(['maxPool']);
    expect(names(() => lab.avgPool(img, 2, 1, 'same'))).toEqual(['avgPool']);
    expect(names(() => lab.maxPoolBackprop(p, img, 2))).toEqual(['maxPoolBackprop']);
    expect(names(() => lab.avgPoolBackprop(p, [1, 4, 4, 2], 2))).toEqual(['avgPoolBackprop']);
    [x, i, img, f, dy, p].forEach((t) => t.dispose());
  });

  it('attrs carry what gradients need', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    ops = [];
    x.at(':', '::-2').dispose();
    expect(ops[0].attrs).toMatchObject({ begin: [0, 0], end: [0, 0], strides: [1, -2], beginMask: 3, endMask: 3, inputShape: [2, 3] });
    ops = [];
    lab.gather(x, [2], -1).dispose();
    expect(ops[0].attrs).toEqual({ axis: 1, batchDims: 0, inputShape: [2, 3] });
    expect(ops[0].inputs.length).toBe(2);
    ops = [];
    const img = lab.randomNormal([1, 5, 5, 1], { seed: 1 });
    const f = lab.randomNormal([3, 3, 1, 1], { seed: 2 });
    lab.conv2d(img, f, 2, 'same').dispose();
    expect(ops[0].attrs).toEqual({ strides: [2, 2], dilations: [1, 1], padding: 'same', pads: [1, 1, 1, 1] });
    [x, img, f].forEach((t) => t.dispose());
  });
});
