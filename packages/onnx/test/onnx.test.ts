// Export trained @lab/layers models to ONNX, run the files with onnxruntime-node (the reference ONNX runtime)
// and with lab's own importer, and compare with the model's own predictions.
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { init, memory, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { GradientTape } from '@lab/autodiff';
import { Sequential, type Functional } from '@lab/layers';
import { decodeModel, encodeModel, exportOnnx, exportOnnxAsync, loadOnnx, OPSET, toOnnxModel, toOnnxModelAsync } from '@lab/onnx';
import { batch, branches, cnn, cnnGlobal } from './models.js';

const TOL = 1e-5;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function runOrt(bytes: Uint8Array, inputs: Tensor[]): Promise<{ data: Float32Array; dims: readonly number[] }[]> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  session.inputNames.forEach((n, i) => (feeds[n] = new ort.Tensor('float32', inputs[i].dataSync() as Float32Array, inputs[i].shape)));
  const out = await session.run(feeds);
  const res = session.outputNames.map((n) => ({ data: out[n].data as Float32Array, dims: out[n].dims }));
  await session.release();
  return res;
}

/** Trains for a few epochs (so the exported weights are trained ones, batch-norm statistics included). */
async function train(m: Sequential | Functional, x: Tensor, outputs: number[][]): Promise<void> {
  const ys = outputs.map((shape, i) => batch(shape, 100 + i));
  m.compile({ optimizer: 'adam', loss: ys.map(() => 'meanSquaredError') });
  const history = await m.fit(x, ys.length === 1 ? ys[0] : ys, { epochs: 3, batchSize: 4, verbose: 0 });
  expect(history.history.loss.length).toBe(3);
}

const cases: { name: string; make: () => Sequential | Functional; input: number[]; outputs: number[][] }[] = [
  { name: 'Sequential CNN: Conv2D, MaxPooling2D, AveragePooling2D, BatchNormalization, Flatten, Dense, Dropout', make: cnn, input: [8, 9, 9, 2], outputs: [[8, 3]] },
  { name: 'functional CNN: dilated Conv2D, global pooling, Reshape, Concatenate', make: cnnGlobal, input: [6, 10, 10, 3], outputs: [[6, 2]] },
  { name: 'functional branches: every merge layer and every activation, two outputs', make: branches, input: [16, 6], outputs: [[16, 2], [16, 3]] },
];

describe('ONNX export and import', () => {
  beforeAll(async () => {
    await init(cpu);
  });

  it('onnxruntime-node loads its CPU binaries (its install script is not run)', () => {
    expect(ort.listSupportedBackends().map((b) => b.name)).toContain('cpu');
  });

  for (const c of cases) {
    describe(c.name, () => {
      let m: Sequential | Functional;
      let x: Tensor;
      let bytes: Uint8Array;
      let expected: Tensor[];

      beforeAll(async () => {
        m = c.make();
        x = batch(c.input, 7);
        await train(m, x, c.outputs);
        const y = m.predict(x);
        expected = Array.isArray(y) ? y : [y];
        bytes = exportOnnx(m);
      });

      it(`writes a valid opset-${OPSET} file (protobuf round-trip of the model)`, () => {
        const decoded = decodeModel(bytes);
        expect(decoded.opset_import.map((o) => [o.domain ?? '', o.version])).toEqual([['', OPSET]]);
        expect(decoded.graph.input!.map((v) => v.type!.tensor_type!.shape!.dim![0])).toEqual([{ dim_param: 'batch' }]);
        expect(decoded.graph.node!.map((n) => n.op_type)).toEqual(toOnnxModel(m).graph.node!.map((n) => n.op_type));
        expect(decoded.graph.output!.length).toBe(c.outputs.length);
      });

      it('onnxruntime-node gives the model\'s outputs within 1e-5', async () => {
        const got = await runOrt(bytes, [x]);
        expect(got.length).toBe(expected.length);
        got.forEach((g, i) => {
          expect([...g.dims]).toEqual(expected[i].shape);
          const d = maxAbsDiff(g.data, expected[i].dataSync() as Float32Array);
          console.log(`${c.name}: output ${i} ${JSON.stringify(expected[i].shape)}: max |onnxruntime - lab| = ${d.toExponential(2)}`);
          expect(d, `output ${i}: max |onnxruntime - lab| = ${d}`).toBeLessThanOrEqual(TOL);
        });
      });

      it('loads back into lab and gives the same outputs within 1e-5 (round trip)', () => {
        const back = loadOnnx(bytes);
        const y = back.predict(x);
        const ys = Array.isArray(y) ? y : [y];
        ys.forEach((t, i) => {
          expect(t.shape).toEqual(expected[i].shape);
          const d = maxAbsDiff(t.dataSync() as Float32Array, expected[i].dataSync() as Float32Array);
          console.log(`${c.name}: output ${i}: max |imported - lab| = ${d.toExponential(2)}`);
          expect(d, `output ${i}: max |imported - lab| = ${d}`).toBeLessThanOrEqual(TOL);
        });
        back.dispose();
      });
    });
  }

  it('exportOnnxAsync (reads with data(), for webgpu) writes the same bytes as exportOnnx, transposed conv kernels included', async () => {
    for (const make of [cnn, cnnGlobal, branches]) {
      const m = make();
      const sync = exportOnnx(m);
      expect(await exportOnnxAsync(m)).toEqual(sync);
      expect(encodeModel(await toOnnxModelAsync(m))).toEqual(sync);
      m.dispose();
    }
    // The async export failing mid-way (an unexportable layer) leaves no transposed copy behind.
    const before = memory().numTensors;
    const custom = new Sequential({ layers: [] });
    await expect(exportOnnxAsync(custom)).rejects.toThrow(/declares no input shape/);
    expect(memory().numTensors).toBe(before);
  });

  it('an imported model is trainable: gradients reach its initializers', () => {
    const m = cnn();
    const bytes = exportOnnx(m);
    const back = loadOnnx(bytes);
    const x = batch([2, 9, 9, 2], 3);
    const tape = new GradientTape();
    const loss = tape.record(() => (back.predict(x) as Tensor).square().sum());
    const vars = [...back.variables.values()];
    const grads = tape.gradient(loss, vars);
    expect(vars.length).toBeGreaterThan(0);
    const nonzero = (grads as (Tensor | null)[]).filter((g) => g !== null && Math.max(...Array.from(g.abs().dataSync() as Float32Array)) > 0);
    expect(nonzero.length).toBeGreaterThan(vars.length / 2);
    back.dispose();
  });

  it('names what it cannot export or import', () => {
    const custom = new Sequential({ layers: [] });
    expect(() => exportOnnx(custom)).toThrow(/declares no input shape/);
    const proto = toOnnxModel(cnn());
    proto.graph.node!.push({ op_type: 'LSTM', input: ['input'], output: ['h'], name: 'lstm' });
    expect(() => loadOnnx(encodeModel(proto))).toThrow(/operator LSTM \(node 'lstm'\) is not supported/);
  });
});
