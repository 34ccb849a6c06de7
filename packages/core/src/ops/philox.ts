/**
 * @internal Philox-4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC 2011),
 * a counter-based generator: block i of a stream is a pure function of (key, i), so streams are reproducible
 * and cheap to key by seed. Plus the conversions random ops need (uniform floats, normals).
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO32 = 4294967296;

/** High 32 bits of the 64-bit product of two uint32 (JS numbers only hold 53 bits: multiply in 16-bit halves). */
function mulhi(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const lo = a0 * b0;
  const m1 = a1 * b0;
  const m2 = a0 * b1;
  const mid = (lo >>> 16) + (m1 & 0xffff) + (m2 & 0xffff);
  return (a1 * b1 + (m1 >>> 16) + (m2 >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * One Philox-4x32-10 block: the counter (c0..c3) encrypted under the key (k0, k1), written to `out`. Checked
 * against the Random123 known-answer vectors in the tests.
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/** murmur3's 32-bit finaliser: spreads seed bits over the key. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stream of uint32s: Philox blocks at counters 0, 1, 2, ... under one 64-bit key. */
export class Philox {
  private counter = 0;
  private readonly block = new Uint32Array(4);
  private used = 4;
  /** A spare normal from the last Box-Muller pair. */
  private spare: number | null = null;

  private readonly k0: number;
  private readonly k1: number;

  constructor(k0: number, k1: number) {
    this.k0 = k0 >>> 0;
    this.k1 = k1 >>> 0;
  }

  private refill(): void {
    philox4x32(this.counter >>> 0, Math.floor(this.counter / TWO32) >>> 0, 0, 0, this.k0, this.k1, this.block);
    this.counter++;
    this.used = 0;
  }

  /** The next uint32. */
  nextU32(): number {
    if (this.used === 4) this.refill();
    return this.block[this.used++];
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }

  /** Uniform in [0, 1) with 24 random bits (every value exact in float32). */
  nextFloat(): number {
    return (this.nextU32() >>> 8) / 16777216;
  }

  /** A standard normal (Box-Muller on two 53-bit uniforms; the second value of each pair is kept). */
  nextNormal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u1 = 1 - this.nextDouble(); // (0, 1]: log(0) never happens
    const u2 = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }
}

