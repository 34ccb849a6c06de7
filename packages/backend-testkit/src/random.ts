/**
 * A tiny seeded PRNG (mulberry32) so every random input reproduces: each case seeds its own generator from its
 * name, so a failure reproduces on its own, whatever ran before it.
 */

/** FNV-1a hash of a string: the seed of the case with that name. */
export function seedFromString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded generator of uniform numbers, integers and picks. */
export class Rng {
  private state: number;

  /** Seeds the generator (any 32-bit integer, or a string hashed with FNV-1a). */
  constructor(seed: number | string) {
    this.state = (typeof seed === 'string' ? seedFromString(seed) : seed) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A random string of 0..maxLen characters, mixing ASCII with a few multi-byte ones. */
  string(maxLen = 6): string {
    const alphabet = 'abcxyzABC019 _-é漢😀';
    const chars = [...alphabet];
    const n = this.int(0, maxLen);
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(chars);
    return s;
  }
}
