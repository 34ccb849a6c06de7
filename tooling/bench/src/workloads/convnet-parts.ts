/**
 * Parts of the MNIST convnet's step that TensorFlow.js's wasm backend can run, for a comparison with tfjs-wasm where
 * the whole training step cannot be one (tfjs-wasm 4.22 has no `Conv2DBackpropFilter`, the gradient of every
 * convolution's weights). The model, its weights and batch 0 are those of the `mnist-convnet` training workload:
 *
 * - `mnist-convnet-predict`: the forward pass in inference mode (`predictOnBatch`) on 64 images: both
 *   convolutions with their relu, both max poolings, the Dense and its softmax.
 * - `mnist-convnet-input-grad`: the gradient of the loss with respect to the 64 input images, the weights held
 *   fixed (a saliency map, or the step of an adversarial example): the forward pass, then every layer's backward
 *   pass except the weight gradients: both convolutions' input gradients (`Conv2DBackpropInput`), both max-pool
 *   gradients, the relus' and the Dense's. What the training step adds to this is the three weight gradients
 *   (`Conv2DBackpropFilter` twice, a matMul for the Dense), the Dropout, and Adam: no honest proxy measures the
 *   filter gradients on tfjs-wasm, which has no kernel for them.
 *
 * Each reports ms per call over calibrated repetitions (as the op workloads), the checksum of the output (compared
 * across backends by the report) and the loss of batch 0 before training, which must agree across libraries.
 */
import type { Lib, ModelTrainer } from '../adapters/adapter.js';
import { collectGarbage, timeCalls } from '../measure.js';
import type { MeasureOptions, WorkloadResult } from '../types.js';
import { convnetSpec } from './training.js';
import { checksum, UnsupportedError, type Workload } from './workload.js';

/**
 * A workload timing one call on the convnet built from {@link convnetSpec}; `call` returns a new tensor. `checked`
 * maps its values to those whose checksum the report compares across backends (default: the values themselves).
 */
function convnetCallWorkload(
  id: string,
  title: string,
  call: <T>(model: ModelTrainer<T>) => T,
  checked: (values: Float32Array) => Float32Array = (v) => v,
): Workload {
  return {
    id,
    family: 'convnet-parts',
    title,
    unit: 'ms',
    higherIsBetter: false,
    async run<T>(lib: Lib<T>, m: MeasureOptions): Promise<WorkloadResult> {
      const spec = await convnetSpec();
      const before = lib.numTensors();
      const model = await lib.model(spec);
      const losses: Record<number, number> = {};
      let result: WorkloadResult;
      try {
        losses[0] = await model.initialLoss();
        collectGarbage();
        const t = await timeCalls(lib, () => call(model), m);
        const out = call(model);
        const check = checksum(checked(await lib.read(out)));
        lib.dispose(out);
        result = { value: t.msPerCall, samplesMs: t.samplesMs, cpuMs: t.cpuMsPerCall, cpuSamplesMs: t.cpuSamplesMs, checksum: check, losses };
      } catch (e) {
        // the loss before training still joins the cross-library check
        if (e instanceof UnsupportedError) e.losses = losses;
        throw e;
      } finally {
        model.dispose();
      }
      return { ...result, leakedTensors: lib.numTensors() - before };
    },
  };
}

export const convnetPartsWorkloads: Workload[] = [
  // softmax outputs sum to 1 per image whatever the model computed: their logarithms make a checksum that can fail
  convnetCallWorkload('mnist-convnet-predict', 'MNIST convnet b64 predict (forward)', (model) => model.predict(), (p) => p.map(Math.log)),
  convnetCallWorkload('mnist-convnet-input-grad', 'MNIST convnet b64 input gradient (no weight grads)', (model) => model.inputGradient()),
];
