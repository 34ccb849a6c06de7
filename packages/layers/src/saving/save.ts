/**
 * Saving and loading models: `model.json` (format, topology, training config, weights manifest with SHA-256)
 * plus a safetensors weights file; weights-only files are one safetensors file. Loading validates the format
 * version, every shape, dtype and byte count and the checksum before it makes any tensor, rebuilds only
 * registered layer classes, and never evaluates code.
 */
import { tidy, zeros, type DType, type Tensor, type Variable } from '@lab/core';
import type { Shape } from '../common/types.js';
import { Model } from '../models/model.js';
import type { Layer } from '../engine/layer.js';
import { withWeightBudget } from '../engine/load-guard.js';
import { arr, obj, parseJson, shapeOf, str, uint, type Json } from './json.js';
import { encodeContainer, entryTensor, readTensors, parseContainer, sha256, type ParsedContainer, type TensorEntry } from './safetensors.js';
import type { BlobStore, ModelStore } from './stores.js';
import { fileBlobStoreWith, fileStoreWith } from './file-store.js';
import { nodeFiles } from './node-files.js';
import { deserializeLayer, serializeLayer } from './topology.js';
import type { CompileArgs } from '../training/compile.js';
import type { LossIdentifier } from '../losses/index.js';

/** The model.json format name and the version this code writes and reads. */
export const MODEL_FORMAT = 'lab-layers-model';
/** The current format version. */
export const FORMAT_VERSION = 1;
const WEIGHTS_FORMAT = 'lab-weights';
const MAX_JSON = 64 * 1024 * 1024;
const MAX_WEIGHTS_FILE = 4 * 1024 * 1024 * 1024;
const DTYPES: readonly string[] = ['float32', 'float64', 'float16', 'int32', 'bool'];

/** Options of {@link saveModel}. */
export interface SaveOptions {
  /** Save the compile config and the optimizer's state too. Default true. */
  includeOptimizer?: boolean;
}

/** Options of {@link loadModel}. */
export interface LoadOptions {
  /** Compile the model with the saved training config (and restore the optimizer state). Default true. */
  compile?: boolean;
}

function uniqueKeys(vars: readonly Variable[]): string[] {
  const base = vars.map((v) => v.name.replace(/:\d+$/, ''));
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  return base.map((b, i) => (count.get(b)! > 1 ? `${b}_${i}` : b));
}

function checkBuilt(model: Model, what: string): void {
  if (model.variables.length === 0 && !model.built) {
    throw new Error(`${what}: '${model.name}' has no weights yet; call it on data (or give the first layer an inputShape) first`);
  }
}

/**
 * Saves `model` to a directory (Node) or a {@link ModelStore}.
 * @param model - the model to save (built; a subclassed model's class must be registered with {@link registerLayer}).
 * @param target - a directory path (Node, with `@lab/layers/node` loaded) or a ModelStore.
 * @param options - `includeOptimizer`: save the optimizer's state too.
 * @returns a promise that resolves when the model is written.
 * @example
 * ```ts
 * const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [3] })] });
 * const store = memoryStore();
 * await saveModel(m, store);
 * ```
 */
export async function saveModel(model: Model, target: string | ModelStore, options: SaveOptions = {}): Promise<void> {
  const store = typeof target === 'string' ? fileStoreWith(target, () => nodeFiles('saveModel')) : target;
  checkBuilt(model, 'save');
  const topology = serializeLayer(model);
  const vars = model.variables;
  const keys = uniqueKeys(vars);
  const tensors = vars.map((v, i) => ({ name: keys[i], tensor: v }));
  let trainingConfig: Json = null;
  let optimizerKeys: string[] = [];
  if ((options.includeOptimizer ?? true) && model.compiled) {
    trainingConfig = model.compiled.toConfig();
    const ow = model.compiled.optimizer.variables;
    optimizerKeys = ow.map((_, i) => `optimizer/${i}`);
    ow.forEach((v, i) => tensors.push({ name: optimizerKeys[i], tensor: v }));
  }
  const weights = encodeContainer(await readTensors(tensors), { format: 'lab', formatVersion: String(FORMAT_VERSION) });
  const hash = await sha256(weights);
  const weightsName = `weights.${hash.slice(0, 16)}.safetensors`;
  const entry = (k: string, t: Tensor) => ({ name: k, dtype: t.dtype, shape: [...t.shape] });
  const inputShapes = model.seenInputShapes ?? (model.batchInputShape ? [model.batchInputShape] : null);
  const modelJson = JSON.stringify(
    {
      format: MODEL_FORMAT,
      formatVersion: FORMAT_VERSION,
      generatedBy: '@lab/layers',
      modelTopology: topology,
      buildInputShapes: inputShapes,
      trainingConfig,
      weights: {
        file: weightsName,
        byteLength: weights.byteLength,
        sha256: hash,
        entries: vars.map((v, i) => entry(keys[i], v)),
        optimizerEntries: optimizerKeys.map((k, i) => entry(k, model.compiled!.optimizer.variables[i])),
      },
    },
    null,
    1,
  );
  await store.write({ modelJson, weightsName, weights });
}

interface Manifest {
  file: string;
  byteLength: number;
  sha256: string;
  entries: { name: string; dtype: DType; shape: number[] }[];
  optimizerEntries: { name: string; dtype: DType; shape: number[] }[];
}

function manifestOf(j: { [k: string]: Json }): Manifest {
  const w = obj(j.weights, 'model.json weights');
  const entries = (key: string) =>
    arr(w[key] ?? [], `model.json weights.${key}`).map((raw, i) => {
      const p = `model.json weights.${key}[${i}]`;
      const e = obj(raw, p);
      const dtype = str(e.dtype, `${p}.dtype`);
      if (!DTYPES.includes(dtype)) throw new Error(`${p}: unsupported dtype '${dtype}'`);
      return { name: str(e.name, `${p}.name`), dtype: dtype as DType, shape: shapeOf(e.shape, `${p}.shape`) };
    });
  const hash = str(w.sha256, 'model.json weights.sha256');
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('model.json weights.sha256 must be 64 hex digits');
  return {
    file: str(w.file, 'model.json weights.file'),
    byteLength: uint(w.byteLength, 'model.json weights.byteLength'),
    sha256: hash,
    entries: entries('entries'),
    optimizerEntries: entries('optimizerEntries'),
  };
}

function checkFormat(j: { [k: string]: Json }, format: string, what: string): void {
  if (j.format !== format) throw new Error(`${what}: not a lab model file (format is ${JSON.stringify(j.format)}, expected '${format}')`);
  const v = j.formatVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${what}: invalid formatVersion ${JSON.stringify(v)}`);
  if (v > FORMAT_VERSION) throw new Error(`${what}: format version ${v} is newer than this @lab/layers reads (${FORMAT_VERSION}); upgrade @lab/layers`);
}

/** Finds every manifest entry in the container with the same dtype and shape, and nothing else. */
function matchContainer(c: ParsedContainer, wanted: Manifest['entries'], what: string): TensorEntry[] {
  const byName = new Map(c.entries.map((e) => [e.name, e]));
  if (byName.size !== wanted.length) throw new Error(`${what}: the weights file holds ${byName.size} tensors, model.json lists ${wanted.length}`);
  return wanted.map((w) => {
    const e = byName.get(w.name);
    if (!e) throw new Error(`${what}: weight '${w.name}' listed in model.json is missing from the weights file`);
    if (e.dtype !== w.dtype || e.shape.length !== w.shape.length || e.shape.some((d, i) => d !== w.shape[i])) {
      throw new Error(`${what}: weight '${w.name}' is ${e.dtype} [${e.shape.join(',')}] in the weights file but ${w.dtype} [${w.shape.join(',')}] in model.json`);
    }
    return e;
  });
}

/** Checks that every variable matches its entry, before anything is assigned. */
function checkVariables(vars: readonly Variable[], entries: readonly TensorEntry[], what: string): void {
  if (vars.length !== entries.length) throw new Error(`${what}: the model has ${vars.length} weights but the file has ${entries.length}`);
  vars.forEach((v, i) => {
    const e = entries[i];
    if (v.dtype !== e.dtype || v.shape.length !== e.shape.length || v.shape.some((d, k) => d !== e.shape[k])) {
      throw new Error(`${what}: weight ${i} '${e.name}' is ${e.dtype} [${e.shape.join(',')}] in the file, but the model's '${v.name}' is ${v.dtype} [${v.shape.join(',')}]`);
    }
  });
}

function assignAll(vars: readonly Variable[], c: ParsedContainer, entries: readonly TensorEntry[]): void {
  vars.forEach((v, i) => {
    const t = entryTensor(c, entries[i]);
    try {
      v.assign(t);
    } finally {
      t.dispose();
    }
  });
}

/**
 * Loads a model saved by {@link saveModel} from a directory (Node) or a {@link ModelStore}.
 * @param target - a directory path (Node) or a ModelStore a model was saved to.
 * @param options - `compile`: compile it with the saved training config (when one was saved).
 * @returns a promise of the model, with the saved architecture and weights.
 * @example
 * ```ts
 * const store = memoryStore();
 * await saveModel(sequential({ layers: [layers.dense({ units: 1, inputShape: [3] })] }), store);
 * const m = await loadModel(store);
 * ```
 */
export async function loadModel(target: string | ModelStore, options: LoadOptions = {}): Promise<Model> {
  const store = typeof target === 'string' ? fileStoreWith(target, () => nodeFiles('loadModel')) : target;
  const what = `load ${store.description}`;
  const j = obj(parseJson(await store.readModelJson(MAX_JSON), 'model.json'), 'model.json');
  checkFormat(j, MODEL_FORMAT, what);
  const m = manifestOf(j);
  const bytes = await store.readWeights(m.file, m.byteLength);
  if ((await sha256(bytes)) !== m.sha256) throw new Error(`${what}: the weights file's SHA-256 does not match model.json; the file is corrupt`);
  const c = parseContainer(bytes, `${what}: weights file`);
  const entries = matchContainer(c, [...m.entries, ...m.optimizerEntries], what);
  const modelEntries = entries.slice(0, m.entries.length);
  const optEntries = entries.slice(m.entries.length);
  const budget = m.entries.reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
  const model = withWeightBudget(budget, () => {
    let l: Layer;
    try {
      l = deserializeLayer(j.modelTopology ?? null);
    } catch (e) {
      throw new Error(`${what}: ${(e as Error).message}`, { cause: e });
    }
    if (!(l instanceof Model)) {
      l.dispose();
      throw new Error(`${what}: the topology is a ${l.className} layer, not a model`);
    }
    try {
      if (l.variables.length < modelEntries.length && j.buildInputShapes) buildWith(l, j.buildInputShapes, what);
    } catch (e) {
      // Building made the first layers' weights before a later one failed: free them.
      l.dispose();
      const m = (e as Error).message;
      throw new Error(m.startsWith(what) ? m : `${what}: ${m}`, { cause: e });
    }
    return l;
  });
  try {
    checkVariables(model.variables, modelEntries, what);
    assignAll(model.variables, c, modelEntries);
    if ((options.compile ?? true) && j.trainingConfig) {
      try {
        compileFrom(model, obj(j.trainingConfig, 'model.json trainingConfig'));
      } catch (e) {
        throw new Error(`${what}: model.json trainingConfig: ${(e as Error).message}`, { cause: e });
      }
      if (optEntries.length > 0) {
        const opt = model.compiled!.optimizer;
        // An optimizer saved before its first step has only its global state (no slots): load it unbuilt.
        if (optEntries.length !== opt.variables.length) opt.build(model.trainableVariables);
        checkVariables(opt.variables, optEntries, `${what} (optimizer state)`);
        const ts = optEntries.map((e) => entryTensor(c, e));
        try {
          opt.setWeights(ts);
        } finally {
          for (const t of ts) t.dispose();
        }
      }
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** Builds a model by calling it once on zeros of the saved input shapes (unknown sizes as 1). */
function buildWith(model: Model, shapesJson: Json, what: string): void {
  const shapes = arr(shapesJson, 'model.json buildInputShapes').map((s, i) =>
    arr(s, `model.json buildInputShapes[${i}]`).map((d, k) => (d === null ? 1 : uint(d, `model.json buildInputShapes[${i}][${k}]`))),
  );
  if (shapes.length === 0 || shapes.some((s) => s.length > 8 || s.reduce((a, b) => a * b, 1) > 1 << 24)) {
    throw new Error(`${what}: invalid buildInputShapes`);
  }
  tidy(() => {
    const xs = shapes.map((s) => zeros(s));
    model.run(xs.length === 1 ? xs[0] : xs, { training: false });
  });
}

function compileFrom(model: Model, tc: { [k: string]: Json }): void {
  const loss = arr(tc.loss, 'model.json trainingConfig.loss') as unknown as LossIdentifier[];
  const metrics = arr(tc.metrics ?? [], 'model.json trainingConfig.metrics').map((m, i) => str(m, `model.json trainingConfig.metrics[${i}]`));
  // Not converted with Number(): compile refuses anything but finite numbers ('a' would become NaN).
  const lw = tc.lossWeights === null || tc.lossWeights === undefined ? undefined : (arr(tc.lossWeights, 'model.json trainingConfig.lossWeights') as unknown as number[]);
  model.compile({
    optimizer: obj(tc.optimizer, 'model.json trainingConfig.optimizer') as unknown as CompileArgs['optimizer'],
    loss: loss.length === 1 ? loss[0] : loss,
    metrics,
    lossWeights: lw,
  });
}

/**
 * Saves only the weights of `model`, in {@link Model.variables} order, to a safetensors file or a {@link BlobStore}.
 * @param model - a built model.
 * @param target - a safetensors file path (Node) or a BlobStore.
 * @returns a promise that resolves when the weights are written.
 * @example
 * ```ts
 * await saveWeights(m, 'weights.safetensors');
 * ```
 */
export async function saveWeights(model: Model, target: string | BlobStore): Promise<void> {
  const store = typeof target === 'string' ? fileBlobStoreWith(target, () => nodeFiles('saveWeights')) : target;
  checkBuilt(model, 'saveWeights');
  const vars = model.variables;
  const keys = uniqueKeys(vars);
  const host = await readTensors(vars.map((v, i) => ({ name: keys[i], tensor: v })));
  const data = encodeContainer(host, { format: WEIGHTS_FORMAT, formatVersion: String(FORMAT_VERSION), order: JSON.stringify(keys) });
  // The checksum covers the data section; it is appended to the metadata by re-encoding once.
  const parsed = parseContainer(data, 'saveWeights');
  const dataHash = await sha256(parsed.data);
  const final = encodeContainer(
    host,
    { format: WEIGHTS_FORMAT, formatVersion: String(FORMAT_VERSION), order: JSON.stringify(keys), dataSha256: dataHash },
  );
  await store.write(final);
}

/**
 * Loads weights saved by {@link saveWeights} into `model` (same architecture, already built).
 * @param model - a built model of the same architecture as the saved one.
 * @param target - a safetensors file path (Node) or a BlobStore written by {@link saveWeights}.
 * @returns a promise that resolves when every variable holds its saved value.
 * @example
 * ```ts
 * await loadWeights(m, 'weights.safetensors');
 * ```
 */
export async function loadWeights(model: Model, target: string | BlobStore): Promise<void> {
  const store = typeof target === 'string' ? fileBlobStoreWith(target, () => nodeFiles('loadWeights')) : target;
  const what = `loadWeights ${store.description}`;
  checkBuilt(model, 'loadWeights');
  const bytes = await store.read(MAX_WEIGHTS_FILE);
  const c = parseContainer(bytes, what);
  const md = c.metadata;
  if (md.format !== WEIGHTS_FORMAT) throw new Error(`${what}: not a lab weights file (format ${JSON.stringify(md.format)})`);
  const version = Number(md.formatVersion);
  if (!Number.isInteger(version) || version < 1) throw new Error(`${what}: invalid formatVersion ${JSON.stringify(md.formatVersion)}`);
  if (version > FORMAT_VERSION) throw new Error(`${what}: format version ${version} is newer than this @lab/layers reads (${FORMAT_VERSION})`);
  if (!md.dataSha256 || (await sha256(c.data)) !== md.dataSha256) throw new Error(`${what}: the data's SHA-256 does not match the header; the file is corrupt`);
  const order = arr(parseJson(md.order ?? 'null', `${what} order`), `${what} order`).map((k, i) => str(k, `${what} order[${i}]`));
  const byName = new Map(c.entries.map((e) => [e.name, e]));
  if (order.length !== byName.size) throw new Error(`${what}: the header lists ${order.length} names for ${byName.size} tensors`);
  const entries = order.map((k) => {
    const e = byName.get(k);
    if (!e) throw new Error(`${what}: '${k}' is in the order list but not in the file`);
    return e;
  });
  const vars = model.variables;
  checkVariables(vars, entries, what);
  assignAll(vars, c, entries);
}

/** @internal Exposed for tests of shapes. */
export type { Shape };
