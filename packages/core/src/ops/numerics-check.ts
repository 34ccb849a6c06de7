/**
 * Debug mode (`setDebug(true)`): every op's float output is checked for NaN/Inf that its inputs did not already
 * contain. On backends that read cheaply (cpu, wasm) the values are read and an error is thrown at the op. On
 * the others (WebGPU: no synchronous read in Node, a stalling one in browsers) the check runs on the device (an isFinite-all reduction per tensor, one bool read per
 * op) and a failure is reported asynchronously with the op's name: see `debugReport()`.
 */
import { ENGINE } from '../engine/engine.js';
import { trackDebugCheck } from '../engine/debug-report.js';
import { fmtShape } from '../util/shape.js';
import { readsCheaply } from '../backend/contract.js';
// readData, not data(): data() waits for pending checks, this one included.
import { peekDataSync, readData } from '../tensor/read.js';
import type { Tensor } from '../tensor/tensor.js';
import { logicalAnd } from './binary.js';
import { all } from './reduce.js';
import { isFinite, logicalNot } from './unary.js';

function isFloat(t: Tensor): boolean {
  return t.dtype === 'float32' || t.dtype === 'float64' || t.dtype === 'float16';
}

function describeInputs(inputs: readonly Tensor[]): string {
  return inputs.map((x) => `${x.dtype} ${fmtShape(x.shape)}`).join(', ');
}

/** Index and value of the first non-finite element of host values, or -1. */
function firstBad(v: ArrayLike<number>): number {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}

/** Checks one op's outputs (called by `record` for the outermost op while debug mode is on). */
export function checkNumerics(name: string, inputs: readonly Tensor[], output: Tensor | readonly Tensor[]): void {
  const outs = (Array.isArray(output) ? output : [output as Tensor]).filter((t) => isFloat(t) && !t.isDisposed && t.size > 0);
  if (outs.length === 0) return;
  const live = inputs.filter((t) => isFloat(t) && !t.isDisposed && t.size > 0);
  if ([...outs, ...live].every((t) => t.handle !== null && readsCheaply(t.handle.backend))) checkOnHost(name, inputs, live, outs);
  else checkOnDevice(name, inputs, live, outs);
}

function checkOnHost(name: string, inputs: readonly Tensor[], live: readonly Tensor[], outs: readonly Tensor[]): void {
  if (live.some((t) => firstBad(peekDataSync(t) as Float32Array) >= 0)) return;
  for (const t of outs) {
    const v = peekDataSync(t) as Float32Array;
    const i = firstBad(v);
    if (i >= 0) {
      throw new Error(`debug: ${name} produced ${v[i]} at flat index ${i} of its ${t.dtype} ${fmtShape(t.shape)} output from finite inputs (${describeInputs(inputs)})`);
    }
  }
}

/**
 * The device check: `all(isFinite(inputs)) && !all(isFinite(outputs))` as one bool, read asynchronously. Its
 * tensors are made outside every scope and recorder (kept, then freed here), so user scopes never see them.
 */
function checkOnDevice(name: string, inputs: readonly Tensor[], live: readonly Tensor[], outs: readonly Tensor[]): void {
  const backend = ENGINE.nameOf((outs[0].handle ?? live[0]?.handle)!.backend);
  const made: Tensor[] = [];
  const keep = (t: Tensor): Tensor => {
    made.push(t.keep());
    return t;
  };
  let verdict: Tensor;
  ENGINE.opDepth++;
  try {
    const finiteAll = (ts: readonly Tensor[]): Tensor | null => {
      let acc: Tensor | null = null;
      for (const t of ts) {
        const f = keep(all(keep(isFinite(t))));
        acc = acc === null ? f : keep(logicalAnd(acc, f));
      }
      return acc;
    };
    const inOk = finiteAll(live);
    const outOk = finiteAll(outs)!;
    const outBad = keep(logicalNot(outOk));
    verdict = inOk === null ? outBad : keep(logicalAnd(inOk, outBad));
  } catch (e) {
    for (const t of made) t.dispose();
    throw e;
  } finally {
    ENGINE.opDepth--;
  }
  // Output shapes and input text now: by the time the verdict arrives the tensors may be gone.
  const shapes = outs.map((t) => `${t.dtype} ${fmtShape(t.shape)}`);
  const inputText = describeInputs(inputs);
  const check = (async () => {
    try {
      const bad = (await readData(verdict))[0] !== 0;
      if (!bad) return;
      let where = `its ${shapes.join(' / ')} output`;
      for (const t of outs) {
        if (t.isDisposed) continue;
        const v = (await readData(t)) as Float32Array;
        const i = firstBad(v);
        if (i >= 0) {
          where = `${v[i]} at flat index ${i} of its ${t.dtype} ${fmtShape(t.shape)} output`;
          break;
        }
      }
      throw new Error(`debug: ${name} produced ${where.startsWith('its') ? `NaN or Inf in ${where}` : where} from finite inputs (${inputText}); checked on '${backend}'`);
    } finally {
      for (const t of made) t.dispose();
    }
  })();
  trackDebugCheck(check);
}
