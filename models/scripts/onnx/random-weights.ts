/**
 * Deterministic pseudo-random weights, fast enough to fill hundreds of megabytes in seconds: xorshift128 words
 * written straight into typed arrays, and float16 built from bits instead of converted value by value.
 */

export class Random {
  private x: number;
  private y = 362436069;
  private z = 521288629;
  private w = 88675123;

  constructor(seed: number) {
    this.x = seed >>> 0 || 123456789;
    // Mix the seed in so nearby seeds give unrelated streams.
    for (let i = 0; i < 16; i++) this.next();
  }

  /** The next 32 random bits, as an unsigned integer. */
  next(): number {
    const t = this.x ^ (this.x << 11);
    this.x = this.y;
    this.y = this.z;
    this.z = this.w;
    this.w = (this.w ^ (this.w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return this.w;
  }

  /** `length` random bytes (any value: packed 4-bit or 8-bit quantised weights). */
  bytes(length: number): Uint8Array {
    const words = new Uint32Array(Math.ceil(length / 4));
    for (let i = 0; i < words.length; i++) words[i] = this.next();
    return new Uint8Array(words.buffer, 0, length);
  }

  /** Float32 values spread evenly over [-limit, limit]. */
  uniform(length: number, limit: number): Float32Array {
    const out = new Float32Array(length);
    const scale = (2 * limit) / 4294967296;
    for (let i = 0; i < length; i++) out[i] = this.next() * scale - limit;
    return out;
  }

  /**
   * Float16 bit patterns of magnitude below `limit` (random sign, exponent and mantissa), as little-endian bytes.
   * The exponent is spread over four binades under the limit, so the values' spread is close to uniform's.
   */
  uniformHalf(length: number, limit: number): Uint8Array {
    const top = Math.floor(Math.log2(limit)) + 15 - 1; // biased exponent of the largest binade below limit
    const out = new Uint16Array(length);
    for (let i = 0; i < length; i++) {
      const r = this.next();
      const exponent = top - (r & 3);
      out[i] = ((r >>> 31) << 15) | (Math.max(1, exponent) << 10) | ((r >>> 2) & 0x3ff);
    }
    return new Uint8Array(out.buffer);
  }
}

/** Float32 → float16 bits for ordinary finite values (weights, scales): rounds to nearest, flushes tiny to zero. */
export function toHalf(value: number): number {
  const f = new Float32Array([value]);
  const bits = new Uint32Array(f.buffer)[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  if (exponent <= 0) return sign;
  if (exponent >= 31) return sign | 0x7bff;
  const mantissa = bits & 0x7fffff;
  const rounded = (exponent << 10) | (mantissa >>> 13);
  return sign | (rounded + ((mantissa >>> 12) & 1));
}

/** `length` copies of one float16 value, as bytes. */
export function halfFill(length: number, value: number): Uint8Array {
  return new Uint8Array(new Uint16Array(length).fill(toHalf(value)).buffer);
}

/** `length` copies of one float32 value, as bytes. */
export function floatFill(length: number, value: number): Uint8Array {
  return new Uint8Array(new Float32Array(length).fill(value).buffer);
}
