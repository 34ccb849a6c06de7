/** Bad inputs to @lab/jit and @lab/onnx: functions, saved modules and ONNX files. */
import { ones, Variable, type Tensor } from '@lab/core';
import { exportModule, exportModuleAsync, importModule, jit, type ModuleArtifacts } from '@lab/jit';
import { decodeModel, encodeModel, exportOnnx, loadOnnx, type ModelProto } from '@lab/onnx';
import { Dense, LSTM, Sequential } from '@lab/layers';
import { bad, ok, type Ctx, type HostileCase } from './catalogue.js';
import { jitArtifacts, onnxBytes } from './fixtures.js';

const j = (name: string, run: (k: Ctx) => unknown, op: string | RegExp, ...m: (string | RegExp)[]): HostileCase => bad('jit', name, run, op, ...m);
const x = (name: string, run: (k: Ctx) => unknown, op: string | RegExp, ...m: (string | RegExp)[]): HostileCase => bad('onnx', name, run, op, ...m);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- edits of saved JSON

/** Imports the fixture module after `edit` changed its JSON (and possibly its weights). */
function editedModule(edit: (json: Json, a: { weights: Uint8Array }) => Uint8Array | void): (k: Ctx) => Promise<unknown> {
  return async (k) => {
    const art: ModuleArtifacts = await jitArtifacts();
    const json = JSON.parse(JSON.stringify(art.json)) as Json;
    const weights = edit(json, { weights: art.weights }) ?? art.weights;
    return k.own(importModule({ json: JSON.stringify(json), weights }));
  };
}

/** Loads the fixture ONNX model after `edit` changed its decoded form. */
function editedOnnx(edit: (m: ModelProto) => void): (k: Ctx) => Promise<unknown> {
  return async (k) => {
    const m = decodeModel(await onnxBytes());
    edit(m);
    return k.own(loadOnnx(encodeModel(m)));
  };
}

export const FILE_CASES: readonly HostileCase[] = [
  // ---- jit functions
  j('jit(5)', () => jit(5 as never), 'jit', '5'),
  ok('jit', 'jit(f)(x) where f returns a number gives the number (plain values pass through)', (k) => (jit(() => 3 as never) as unknown as (t: Tensor) => unknown)(k.t([1])), (v) => {
    if (v !== 3) throw new Error(`got ${String(v)}`);
  }),
  j('jit(f)(x) where f returns a Promise', (k) => jit(async (y: Tensor) => y)(k.t([1])), 'jit', /Promise|async/),
  j('exportModule({})', () => exportModule({}), 'exportModule', 'no jitted function'),
  j('exportModuleAsync({ f }) with f never called', () => {
    const f = jit((y: Tensor) => y);
    return exportModuleAsync({ f }).finally(() => f.dispose());
  }, 'exportModule', 'not been traced'),
  j('exportModule(5)', () => exportModule(5 as never), 'exportModule', 'no jitted function'),
  j("importModule({ json: '{', weights })", () => importModule({ json: '{', weights: new Uint8Array() }), 'loadModule', /JSON/),
  j('importModule({ json: 5, weights })', () => importModule({ json: 5 as never, weights: new Uint8Array() }), 'loadModule', 'module'),
  j('importModule with weights not bytes', () => importModule({ json: '{}', weights: 'abc' as never }), 'loadModule', /weights|format/),
  j('importModule with format "other"', editedModule((m) => { m.format = 'other'; }), 'loadModule', 'format', 'other'),
  j('importModule with version 2', editedModule((m) => { m.version = 2; }), 'loadModule', 'version', '2'),
  j('importModule with truncated weights', editedModule((_m, a) => a.weights.slice(0, 5)), 'loadModule', 'weights', '5'),
  j('importModule with a Variable shape [1e9, 1e9]', editedModule((m) => { m.variables[0].shape = [1e9, 1e9]; }), 'loadModule', 'variables[0]'),
  j('importModule with a bad second Variable (dtype)', editedModule((m) => { m.variables[1].dtype = 'float99'; }), 'loadModule', 'variables[1].dtype', 'float99'),
  j('importModule with a second Variable of the wrong byte length', editedModule((m) => { m.variables[1].shape = [3]; }), 'loadModule', 'variables[1]', '[3]'),
  j("importModule with a function named 'constructor'", editedModule((m) => { m.functions[0].name = 'constructor'; }), 'loadModule', 'constructor'),
  j("importModule with a variable path '__proto__'", editedModule((m) => { m.variables[0].path = '__proto__'; }), 'loadModule', '__proto__'),
  j('importModule with a trace value of shape [2**31-1, 2**31-1]', editedModule((m) => {
    m.functions[0].traces[0].values[m.functions[0].traces[0].values.length - 1].shape = [2 ** 31 - 1, 2 ** 31 - 1];
  }), 'loadModule', /values\[\d+\]/),
  j("importModule with an op 'constructor'", editedModule((m) => { m.functions[0].traces[0].nodes[0].op = 'constructor'; }), 'loadModule', 'constructor'),
  j("importModule with an op 'eval'", editedModule((m) => { m.functions[0].traces[0].nodes[0].op = 'eval'; }), 'loadModule', 'eval'),
  j('importModule with a node reading value 999', editedModule((m) => { m.functions[0].traces[0].nodes[0].inputs[0] = 999; }), 'loadModule', '999'),
  j('a loaded function called with a [3, 2] input (traced [1, 2])', async (k) => {
    const mod = k.own(importModule(await jitArtifacts()));
    return mod.functions.f(k.t([[1, 2], [3, 4], [5, 6]]));
  }, 'f', '[3,2]'),

  // ---- onnx
  x('loadOnnx(new Uint8Array([1, 2, 3]))', () => loadOnnx(new Uint8Array([1, 2, 3])), 'onnx', '3 bytes', /truncated|not an ONNX/),
  x('loadOnnx(new Uint8Array(0))', () => loadOnnx(new Uint8Array(0)), 'onnx', /graph|opset/),
  x('loadOnnx(a truncated file)', async () => {
    const b = await onnxBytes();
    return loadOnnx(b.slice(0, Math.floor(b.length / 2)));
  }, 'onnx', /truncated|bytes|offset/),
  x("loadOnnx('model.onnx') (a string)", () => loadOnnx('model.onnx' as never), 'onnx', 'string'),
  x("loadOnnx with op type 'constructor'", editedOnnx((m) => { m.graph.node![0].op_type = 'constructor'; }), 'onnx', 'constructor', 'not supported'),
  x("loadOnnx with op type 'toString'", editedOnnx((m) => { m.graph.node![0].op_type = 'toString'; }), 'onnx', 'toString', 'not supported'),
  x("loadOnnx with op type 'Foo'", editedOnnx((m) => { m.graph.node![0].op_type = 'Foo'; }), 'onnx', 'Foo'),
  x('loadOnnx with opset 9', editedOnnx((m) => { m.opset_import = [{ domain: '', version: 9 }]; }), 'onnx', 'opset', '9'),
  x('loadOnnx with a bad second initializer (dims [1e9])', editedOnnx((m) => { m.graph.initializer![1].dims = [1e9]; }), 'onnx', /initializer|1000000000/),
  x('loadOnnx with an initializer of data type 99', editedOnnx((m) => { m.graph.initializer![1].data_type = 99; }), 'onnx', '99'),
  x('loadOnnx with a node reading a missing value', editedOnnx((m) => { m.graph.node![0].input![0] = 'nowhere'; }), 'onnx', 'nowhere'),
  x('OnnxModel.predict() with two inputs', async (k) => {
    const m = k.own(loadOnnx(await onnxBytes()));
    return m.predict(k.own(ones([1, 4])), k.own(ones([1, 4])));
  }, 'onnx', '2'),
  x('OnnxModel.predict(x [1,5]) for a [?,4] input', async (k) => {
    const m = k.own(loadOnnx(await onnxBytes()));
    return m.predict(k.own(ones([1, 5])));
  }, /onnx|matMul/, '[1,5]'),
  x('exportOnnx(an LSTM model)', (k) => {
    const m = k.own(new Sequential([new LSTM({ units: 2, inputShape: [3, 2] })]));
    return exportOnnx(m);
  }, 'exportOnnx', 'LSTM'),
  x('exportOnnx(an unbuilt model)', (k) => exportOnnx(k.own(new Sequential([new Dense({ units: 2 })]))), 'exportOnnx', /built|input shape/),
  x('exportOnnx(x, { opset: 3 })', (k) => exportOnnx(k.own(new Sequential([new Dense({ units: 2, inputShape: [2] })])), { opset: 3 } as never), 'exportOnnx', 'opset'),
];
void Variable;
