/**
 * Unknown option keys are refused, not ignored: `fit(x, y, { batch_size: 1 })` silently training with the default
 * batch size is a wrong answer nobody notices. One helper so every package words it the same way.
 */

/** Keys differing only in case, `_` or `-` (Python's `batch_size` for `batchSize`) compare equal. */
function normalize(k: string): string {
  return k.toLowerCase().replace(/[_-]/g, '');
}

/** Edit distance, capped: only small distances matter for a suggestion. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known key closest to `key` (same letters ignoring case and `_`, or at most 2 edits away), if any.
 * @param key - an unknown key.
 * @param known - the valid keys.
 * @returns the closest known key, or undefined when none is close.
 * @example
 * ```ts
 * suggestKey('batch_size', ['epochs', 'batchSize']); // 'batchSize'
 * ```
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const n = normalize(key);
  const same = known.find((k) => normalize(k) === n);
  if (same) return same;
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(n, normalize(k));
    if (d < bestD && d <= Math.max(1, Math.floor(k.length / 3))) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/**
 * Throws when `options` (a public options object) has a key outside `known`:
 * `fit: unknown option 'batch_size'; did you mean 'batchSize'? (known options: epochs, batchSize, ...)`.
 * `undefined`/`null` options pass; a non-object is refused. Keys whose value is `undefined` are checked too (a
 * misspelt key is wrong whatever its value).
 * @param where - the function name the error names.
 * @param options - the options object the caller passed (undefined and null pass).
 * @param known - the option names the function accepts.
 * @example
 * ```ts
 * checkOptions('fit', { epochs: 1 }, ['epochs', 'batchSize']); // passes
 * checkOptions('fit', { batch_size: 32 }, ['epochs', 'batchSize']); // throws: did you mean 'batchSize'?
 * ```
 */
export function checkOptions(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`${where}: expected an options object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const s = suggestKey(key, known);
    throw new Error(`${where}: unknown option '${key}'${s ? `; did you mean '${s}'?` : ''} (known options: ${known.join(', ')})`);
  }
}
