import { init, tensor, scalar, zeros, Variable, constant, add, softmax, concat, matMul, transpose, sum, listBackends, getBackend, memory, cast, square, multiply, ones, linspace, setSeed, randomNormal, where, equal } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { GradientTape } from '@lab/autodiff';
await init(cpu);
console.log(getBackend(), listBackends());
const s = tensor('Tennis'); console.log(s.toString(), s.rank);
const f = tensor(1.41421356237, { dtype: 'float64' }); console.log(f.toString(), f.rank);
const m = tensor([['Roger', 'Nadal', 'Federer'], ['James', 'Jordan', 'Curry']]); console.log(m.at(1).toString(), m.at(':', 2).toString(), m.at(1, 2).toString());
const z = zeros([10, 256, 256, 3], 'int32'); console.log(z.rank, z.shape);
const x = tensor([[1, 2, 3], [4, 5, 6]]);
console.log(x.add(x).toString(), x.mul(5).toString(), matMul(x, transpose(x)).toString(), concat([x, x, x], 0).shape, softmax(x, -1).toString(), sum(x).toString());
console.log(constant([1, 2, 3, 4, 5, 6], { shape: [2, 3] }).toString());
console.log(new Variable('Hello', { dtype: 'string' }).toString());
console.log(new Variable([1, 2]).toString(), new Variable([1, 2], { dtype: 'int32' }).toString());
try { new Variable([1, 2, 3, 4], { shape: [2, 2] }); } catch (e) { console.log((e as Error).message); }
console.log(new Variable([1, 2], { shape: null }).toString());
try { console.log(new Variable({ re: 4, im: 3 }).toString()); } catch (e) { console.log('complex:', (e as Error).message); }
console.log(tensor({ re: 4, im: 3 }).toString());
console.log(add(tensor([1, 2], { dtype: 'int32' }), tensor([3, 4], { dtype: 'int32' })).toString());
console.log(add([1, 2], [3, 4]).toString());
console.log(multiply(ones([3, 3], 'float64'), 3).toString());
console.log(tensor([[1, 2], [3, 4]]).pow(2).toString(), tensor(4).toString(), tensor([[1,2],[3,4],[5,6]], { dtype: 'float16' }).toString());
console.log(cast(tensor([1, 2, 3], { dtype: 'int32' }), 'float32').dtype);
console.log(memory());
