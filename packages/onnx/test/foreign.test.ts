// A model lab did not write: the NCHW layout, explicit pads and Gemm(transB) that PyTorch's exporter emits.
// lab's importer and onnxruntime-node must agree on it.
import { beforeAll, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { init, tensor, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { AttributeType, DataType, encodeModel, loadOnnx, type ModelProto, type TensorProto } from '@lab/onnx';
import { values } from './models.js';

const floatInit = (name: string, dims: number[], seed: number): TensorProto => ({
  name, dims, data_type: DataType.FLOAT, float_data: values(dims.reduce((a, b) => a * b, 1), seed),
});
const ints = (name: string, v: number[]) => ({ name, type: AttributeType.INTS, ints: v });

const MODEL: ModelProto = {
  ir_version: 8,
  opset_import: [{ domain: '', version: 17 }],
  producer_name: 'hand-written',
  graph: {
    name: 'torch_like',
    input: [{ name: 'x', type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_param: 'N' }, { dim_value: 2 }, { dim_value: 6 }, { dim_value: 6 }] } } } }],
    output: [{ name: 'y', type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_param: 'N' }, { dim_value: 4 }] } } } }],
    initializer: [floatInit('w', [3, 2, 3, 3], 1), floatInit('b', [3], 2), floatInit('fc_w', [4, 27], 3), floatInit('fc_b', [4], 4)],
    node: [
      { op_type: 'Conv', input: ['x', 'w', 'b'], output: ['c'], attribute: [ints('kernel_shape', [3, 3]), ints('pads', [1, 0, 1, 2]), ints('strides', [1, 1])] },
      { op_type: 'Relu', input: ['c'], output: ['r'] },
      { op_type: 'AveragePool', input: ['r'], output: ['p'], attribute: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])] },
      { op_type: 'Flatten', input: ['p'], output: ['f'], attribute: [{ name: 'axis', type: AttributeType.INT, i: 1 }] },
      { op_type: 'Gemm', input: ['f', 'fc_w', 'fc_b'], output: ['y'], attribute: [{ name: 'transB', type: AttributeType.INT, i: 1 }] },
    ],
  },
};

beforeAll(async () => {
  await init(cpu);
});

it('imports an NCHW model with explicit pads and Gemm, matching onnxruntime within 1e-5', async () => {
  const bytes = encodeModel(MODEL);
  const x = tensor(values(2 * 2 * 6 * 6, 9), { shape: [2, 2, 6, 6] });
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ x: new ort.Tensor('float32', x.dataSync() as Float32Array, x.shape) });
  await session.release();
  const want = out.y.data as Float32Array;
  const got = loadOnnx(bytes).predict(x) as Tensor;
  expect(got.shape).toEqual([...out.y.dims]);
  const diff = Math.max(...Array.from(got.dataSync() as Float32Array, (v, i) => Math.abs(v - want[i])));
  expect(diff).toBeLessThanOrEqual(1e-5);
});
