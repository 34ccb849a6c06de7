#!/usr/bin/env python3
"""Writes test/fixtures/numpy-print.json: numpy's own str() of arrays, the references lab's printer must match.

TensorFlow prints a tensor's values with numpy (str() of tensor.numpy()), so numpy is the oracle. A dev script,
not part of the build: run it when cases are added (`python3 packages/core/scripts/numpy-print-references.py`) and
commit the JSON. Needs numpy >= 2.3 (per-dtype scientific cutoffs for float16/float32).
"""
import json
import math
import os

import numpy as np

DTYPES = {'float32': np.float32, 'float64': np.float64, 'float16': np.float16, 'int32': np.int32,
          'bool': np.bool_, 'complex64': np.complex64, 'string': np.str_}


def encode(v):
    """JSON has no NaN, infinities or negative zero: spell those as strings."""
    if isinstance(v, complex):
        return [encode(v.real), encode(v.imag)]
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        if v == 0 and math.copysign(1, v) < 0:
            return '-0'
    return v


cases = []


def case(name, values, dtype, shape=None):
    a = np.array(values, dtype=DTYPES[dtype])
    if shape is not None:
        a = a.reshape(shape)
    flat = a.reshape(-1)
    if dtype in ('float32', 'float16', 'float64'):
        vals = [encode(float(x)) for x in flat]
    elif dtype == 'complex64':
        vals = [encode(complex(x)) for x in flat]
    elif dtype == 'bool':
        vals = [bool(x) for x in flat]
    elif dtype == 'string':
        vals = [str(x) for x in flat]
    else:
        vals = [int(x) for x in flat]
    cases.append({'name': name, 'dtype': dtype, 'shape': list(a.shape), 'values': vals, 'expected': str(a)})


rng = np.random.default_rng(20261207)
nan, inf = float('nan'), float('inf')

# float32: the default dtype
case('f32 integers', [1, 2, 3], 'float32')
case('f32 tenths', [0.1, 0.2, 0.3], 'float32')
case('f32 mixed widths', [1.5, 2, -3.25], 'float32')
case('f32 thirds', [1 / 3, 2 / 3], 'float32')
case('f32 small min switches to scientific', [1e-5, 1], 'float32')
case('f32 scientific one precision for all', [1e-20, 1.5e-5], 'float32')
case('f32 scientific no digits', [1e-20, 1e-30], 'float32')
case('f32 ratio over 1000', [1, 2000], 'float32')
case('f32 ratio exactly 1000', [1, 1000], 'float32')
case('f32 max at cutoff 1e6', [1e6, 1e4], 'float32')
case('f32 just under cutoff', [999999, 1000], 'float32')
case('f32 1e8', [1e8, 1], 'float32')
case('f32 signed scientific', [-1e-5, 1e-5], 'float32')
case('f32 nan beside numbers', [nan, 1], 'float32')
case('f32 nan -inf', [nan, -inf, 1], 'float32')
case('f32 nan inf only', [nan, inf], 'float32')
case('f32 -inf only', [-inf, nan], 'float32')
case('f32 inf in scientific', [inf, 1e-7, 2.5e-6], 'float32')
case('f32 negative zero', [-0.0, 1], 'float32')
case('f32 negative zero alone', [-0.0], 'float32')
case('f32 zeros', [0, 0], 'float32')
case('f32 wide positional', [123456.7, 0.5], 'float32')
case('f32 eight digits', [0.12345678, 1.0000001], 'float32')
case('f32 2-D', [[1, 2], [3, 4]], 'float32')
case('f32 2-D scientific', [[1e-5, 2], [3, 4]], 'float32')
case('f32 3-D', np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 4, 'float32')
case('f32 wraps at 75 columns', np.arange(40, dtype=np.float32) * 1.5, 'float32')
case('f32 wraps scientific', np.linspace(1e-6, 3e-6, 20, dtype=np.float32), 'float32')
case('f32 wraps inside 2-D', np.arange(60, dtype=np.float32).reshape(2, 30) / 7, 'float32')
case('f32 random normal', rng.standard_normal((4, 5)).astype(np.float32), 'float32')
case('f32 random uniform 3-D', rng.uniform(-10, 10, (3, 3, 3)).astype(np.float32), 'float32')
case('f32 summarised 1-D', np.arange(2000, dtype=np.float32), 'float32')
case('f32 summarised 2-D', np.arange(2000, dtype=np.float32).reshape(2, 1000), 'float32')
case('f32 summarised rows', np.arange(3000, dtype=np.float32).reshape(1000, 3) / 10, 'float32')
case('f32 summarised 3-D', np.arange(2400, dtype=np.float32).reshape(10, 10, 24), 'float32')
case('f32 summary formats edges only', np.concatenate([[1.5], np.full(1500, 1e-9), [2.5]]).astype(np.float32), 'float32')
case('f32 empty', [], 'float32')
case('f32 empty 2-D', np.zeros((2, 0)), 'float32')
case('f32 empty 0x3', np.zeros((0, 3)), 'float32')
for v in [0.1, 2.0, 1e-5, 1e-4, 0.00011, 999999, 1e6, 123456.5, 1e16, -0.0, 0.0, nan, inf, -inf, 3.4e38]:
    case(f'f32 scalar {v!r}', v, 'float32')
# float64
case('f64 thirds', [1 / 3, 2 / 3], 'float64')
case('f64 pi e', [3.141592, 1.414213, 2.71821], 'float64')
case('f64 wide exponents', [1e-5, 1e100], 'float64')
case('f64 under 1e8', [1e7, 1e5], 'float64')
case('f64 many digits', [0.1 + 0.2, 1], 'float64')
case('f64 random', rng.standard_normal(7), 'float64')
for v in [2 ** 0.5, 6.0, 0.0001, 1e-5, 1e16, 1e15, 123456789012345680.0, -0.0, nan]:
    case(f'f64 scalar {v!r}', v, 'float64')
# float16
case('f16 tenths', [0.1, 0.2], 'float16')
case('f16 cutoff 1e3', [1000, 2], 'float16')
case('f16 under cutoff', [999, 2], 'float16')
case('f16 max', [65504, 1], 'float16')
case('f16 random', rng.standard_normal(6).astype(np.float16), 'float16')
for v in [0.1, 999.0, 1000.0, 2048.0, 123.456, 0.0001, -0.0]:
    case(f'f16 scalar {v!r}', v, 'float16')
# int32
case('i32 widths', [1, -22, 333], 'int32')
case('i32 2-D', [[1, 2], [30, -4]], 'int32')
case('i32 wraps', np.arange(100), 'int32')
case('i32 summarised', np.arange(2000), 'int32')
case('i32 extremes', [2 ** 31 - 1, -2 ** 31], 'int32')
case('i32 scalar', 7, 'int32')
case('i32 empty', [], 'int32')
# bool
case('bool 1-D', [True, False], 'bool')
case('bool 2-D', [[True, False], [False, False]], 'bool')
case('bool all false', [False, False], 'bool')
case('bool scalar true', True, 'bool')
case('bool scalar false', False, 'bool')
case('bool wraps', [i % 3 == 0 for i in range(30)], 'bool')
# complex64
case('c64 mixed', [1 + 2j, 3 - 4.5j, complex(nan, 1)], 'complex64')
case('c64 simple', [1 + 2j, 3 + 4j], 'complex64')
case('c64 negative', [-1 - 1j, 0.5 + 0.25j], 'complex64')
case('c64 2-D', [[1 + 1j, 2], [3j, -4]], 'complex64')
case('c64 scientific', [1e-5 + 1j, 2 + 3e-6j], 'complex64')
for v in [1.5 + 0j, 2j, 1 + 2j, -1.5 - 2.25j, 0j]:
    case(f'c64 scalar {v!r}', v, 'complex64')
# strings: arrays print like numpy's unicode arrays (a 0-d string keeps its quotes, as TensorFlow shows b'...')
case('str 1-D', ['James', 'Jordan', 'Curry'], 'string')
case('str 2-D', [['a', 'bb'], ['ccc', 'd']], 'string')

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'numpy-print.json')
with open(out, 'w') as f:
    json.dump({'numpy': np.__version__, 'cases': cases}, f, indent=1)
    f.write('\n')
print(f'{len(cases)} cases from numpy {np.__version__} -> {os.path.normpath(out)}')
