/** The engine's public types: what the tape and tracers receive, what `memory()` reports, `init()`'s options. */
import type { Tensor } from '../tensor/tensor.js';

/** One op as the tape sees it: recorded once, at the public op's boundary. */
export interface RecordedOp {
  /** The op's public name (`add`, `matMul`, `conv2d`, ...): the key of its gradient in @lab/autodiff. */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Non-tensor arguments (axes, transposes, strides ...), as the gradient needs them. */
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly outputs: readonly Tensor[];
}

/** Something that listens to ops as they run (the GradientTape, a tracer for `jit`). */
export interface OpRecorder {
  /** Called once per outermost op after it ran, with its inputs, attributes and outputs (not for nested ops). */
  recordOp(op: RecordedOp): void;
}

/** Per-backend numbers in {@link MemoryInfo}. */
export interface BackendMemoryInfo {
  numBuffers: number;
  numBytes: number;
}

/** What `memory()` reports. */
export interface MemoryInfo {
  /** Live tensor objects (views included). */
  numTensors: number;
  /** Live backend buffers. */
  numDataBuffers: number;
  /** Bytes in live buffers, all backends. */
  numBytes: number;
  /** The same, per backend name. */
  backends: Record<string, BackendMemoryInfo>;
}

/** Options of `init()`. */
export interface InitOptions {
  /** Throw instead of falling back to another backend for a dtype the current one lacks. */
  strict?: boolean;
}
