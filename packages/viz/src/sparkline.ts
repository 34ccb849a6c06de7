/** Terminal sparklines (`▇▅▃▂▂▁`) for loss values in progress output. */

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * The values as a one-line bar chart of at most `width` characters (later values win: the last `width` are
 * shown). Non-finite values print as a space. The scale runs from the minimum to the maximum shown.
 */
export function sparkline(values: ArrayLike<number>, width = 40): string {
  const all = Array.from(values);
  const v = all.slice(Math.max(0, all.length - width));
  const finite = v.filter((x) => Number.isFinite(x));
  if (finite.length === 0) return ' '.repeat(v.length);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return v
    .map((x) => {
      if (!Number.isFinite(x)) return ' ';
      const k = hi === lo ? 0 : Math.round(((x - lo) / (hi - lo)) * (BLOCKS.length - 1));
      return BLOCKS[k];
    })
    .join('');
}
