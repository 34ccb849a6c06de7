/** softmax / logSoftmax along the last axis of [outer, size], stable for large inputs. */

/** Max-shifted softmax (or log-softmax) of every row; -Inf entries give 0 (log: -Inf). */
export function softmaxRef(x: readonly number[], outer: number, size: number, log: boolean): number[] {
  const out = new Array<number>(outer * size);
  for (let o = 0; o < outer; o++) {
    const row = x.slice(o * size, (o + 1) * size);
    let max = -Infinity;
    for (const v of row) if (v > max) max = v;
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    const logSum = Math.log(sum);
    row.forEach((v, j) => {
      out[o * size + j] = log ? v - max - logSum : Math.exp(v - max) / sum;
    });
  }
  return out;
}
