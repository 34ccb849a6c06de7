/** Model topology to JSON and back: Sequential, Functional and registered layer classes. */
import type { Config, ConfigValue } from '../common/types.js';
import { Layer } from '../engine/layer.js';
import { InputLayer } from '../engine/input-layer.js';
import { SymbolicTensor } from '../engine/symbolic.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { Functional } from '../models/functional.js';
import { arr, obj, str, uint, type Json } from './json.js';
import { isRegistered, layerClass } from './registry.js';

/** A serialised layer. */
export interface LayerSpec {
  className: string;
  config: Config;
}

function plainConfig(layer: Layer): Config {
  const c = layer.getConfig();
  // A round trip through JSON drops undefined and proves the config is JSON-safe.
  return JSON.parse(JSON.stringify(c)) as Config;
}

/**
 * Serialises a layer or model; throws a clear error for classes that cannot be rebuilt.
 * @param layer - a layer or model of a registered class.
 * @returns its JSON spec `{ className, config }` (models include their layers).
 * @example
 * ```ts
 * const spec = serializeLayer(layers.dense({ units: 2 })); // { className: 'Dense', config: { units: 2, ... } }
 * ```
 */
export function serializeLayer(layer: Layer): LayerSpec {
  if (layer instanceof Sequential) {
    return {
      className: 'Sequential',
      config: { ...plainConfig(layer), layers: layer.layers.map((l) => serializeLayer(l) as unknown as ConfigValue) },
    };
  }
  if (layer instanceof Functional) return { className: 'Functional', config: functionalConfig(layer) };
  const cls = layer.className;
  if (!isRegistered(cls)) {
    const kind = layer instanceof Model ? 'a subclassed model' : 'a custom layer';
    throw new Error(
      `save: '${layer.name}' is ${kind} (class ${cls}) with no registered way to rebuild it; register the class with ` +
        `registerLayer(${cls}) and give it a getConfig() that returns its constructor arguments, or save the weights only with saveWeights()`,
    );
  }
  return { className: cls, config: plainConfig(layer) };
}

function functionalConfig(m: Functional): Config {
  const nodeIndex = new Map<object, number>();
  const perLayer = new Map<Layer, number>();
  for (const n of m.nodes) {
    const k = perLayer.get(n.layer) ?? 0;
    nodeIndex.set(n, k);
    perLayer.set(n.layer, k + 1);
  }
  const ref = (t: SymbolicTensor): ConfigValue => [t.node.layer.name, nodeIndex.get(t.node)!, t.outputIndex];
  const layers = m.layers.map((l) => {
    const spec = serializeLayer(l);
    const nodes = m.nodes
      .filter((n) => n.layer === l && !(l instanceof InputLayer))
      .map((n) => ({
        inputs: n.inputs.map(ref),
        inputWasArray: n.inputWasArray,
        options: JSON.parse(JSON.stringify(n.options)) as ConfigValue,
      }));
    return { className: spec.className, config: spec.config, name: l.name, inboundNodes: nodes };
  });
  return {
    name: m.name,
    trainable: m.trainable,
    layers,
    inputLayers: m.inputs.map(ref),
    outputLayers: m.outputs.map(ref),
  };
}

/**
 * Rebuilds a layer or model from its spec (validated JSON). Only registered classes are instantiated.
 * @param spec - a spec {@link serializeLayer} wrote (parsed JSON).
 * @param path - where `spec` sits in the document, for error messages (default 'modelTopology').
 * @returns a new layer or model of the spec's class and config (unbuilt weights for a layer).
 * @example
 * ```ts
 * const json = JSON.stringify(serializeLayer(layers.dense({ units: 2 })));
 * const copy = deserializeLayer(JSON.parse(json)); // a new Dense with 2 units
 * ```
 */
export function deserializeLayer(spec: Json, path = 'modelTopology'): Layer {
  const s = obj(spec, path);
  const className = str(s.className, `${path}.className`);
  const config = obj(s.config ?? {}, `${path}.config`);
  if (className === 'Sequential') {
    const layers = arr(config.layers ?? [], `${path}.config.layers`).map((l, i) => deserializeLayer(l, `${path}.config.layers[${i}]`));
    const { layers: _l, ...rest } = config;
    const seq = new Sequential({ ...rest });
    try {
      for (const l of layers) seq.add(l);
    } catch (e) {
      // add() builds each layer as it comes: free the weights made before the one that failed.
      seq.dispose();
      for (const l of layers) l.dispose();
      throw e;
    }
    return seq;
  }
  if (className === 'Functional' || className === 'Model') return deserializeFunctional(config, path);
  const cls = layerClass(className);
  if (!cls) throw new Error(`${path}: unknown layer class '${className}'; register custom classes with registerLayer() before loading`);
  try {
    return cls.fromConfig ? cls.fromConfig(config) : new (cls as unknown as new (c: Config) => Layer)(config);
  } catch (e) {
    throw new Error(`${path}: cannot rebuild ${className}: ${(e as Error).message}`);
  }
}

function deserializeFunctional(config: { [k: string]: Json }, path: string): Functional {
  const specs = arr(config.layers, `${path}.config.layers`);
  const built = new Map<string, Layer>();
  const outputs = new Map<string, SymbolicTensor[][]>();
  const pending = specs.map((raw, i) => {
    const p = `${path}.config.layers[${i}]`;
    const s = obj(raw, p);
    const name = str(s.name, `${p}.name`);
    if (built.has(name)) throw new Error(`${p}: duplicate layer name '${name}'`);
    const layer = deserializeLayer({ className: s.className ?? null, config: s.config ?? {} }, p);
    if (layer.name !== name) throw new Error(`${p}: the layer's config names it '${layer.name}', not '${name}'`);
    built.set(name, layer);
    if (layer instanceof InputLayer) outputs.set(name, [[layer.output]]);
    else outputs.set(name, []);
    return { layer, nodes: arr(s.inboundNodes ?? [], `${p}.inboundNodes`), path: p };
  });
  const lookup = (r: Json, p: string): SymbolicTensor => {
    const a = arr(r, p);
    if (a.length !== 3) throw new Error(`${p} must be [layerName, nodeIndex, tensorIndex]`);
    const name = str(a[0], `${p}[0]`);
    const node = uint(a[1], `${p}[1]`);
    const idx = uint(a[2], `${p}[2]`);
    const t = outputs.get(name)?.[node]?.[idx];
    if (!t) throw new Error(`${p}: refers to output ${idx} of call ${node} of '${name}', which does not exist (yet)`);
    return t;
  };
  // Layers are listed in topological order: each node's inputs exist when it is reached.
  for (const { layer, nodes, path: p } of pending) {
    nodes.forEach((raw, k) => {
      const n = obj(raw, `${p}.inboundNodes[${k}]`);
      const ins = arr(n.inputs, `${p}.inboundNodes[${k}].inputs`).map((r, j) => lookup(r, `${p}.inboundNodes[${k}].inputs[${j}]`));
      const options = obj(n.options ?? {}, `${p}.inboundNodes[${k}].options`);
      const asArray = n.inputWasArray === true;
      const out = layer.applyMulti(asArray ? ins : ins[0], options);
      outputs.get(layer.name)!.push(out);
    });
  }
  const inputs = arr(config.inputLayers, `${path}.config.inputLayers`).map((r, i) => lookup(r, `${path}.config.inputLayers[${i}]`));
  const outs = arr(config.outputLayers, `${path}.config.outputLayers`).map((r, i) => lookup(r, `${path}.config.outputLayers[${i}]`));
  return new Functional({ inputs, outputs: outs, name: typeof config.name === 'string' ? config.name : undefined });
}
