// The only runtime values the cpu backend takes from @lab/core. The benchmark bundle maps '@lab/core' here so
// it builds from these two stable modules instead of all of core's sources (which may be mid-change).
export { allocValues } from '../../core/src/dtype.js';
export { float16BitsToFloat32, float32ToFloat16Bits } from '../../core/src/util/float16.js';
