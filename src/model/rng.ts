/**
 * Seeded random streams. Every random quantity is a pure function of (seed, stream, index), so the same seed
 * and config give bit-identical teacher weights, data and initial weights on every backend: all of it is
 * drawn here, on the CPU, in float64, and only then handed to tfjs as float32.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Named streams; the numbers are part of the reproducibility contract and must never change. */
export const STREAMS = {
  teacher: 1,
  init: 2,
  trainData: 3,
  testData: 4,
  shuffle: 5,
  probe: 6,
  power: 7,
  /** The formula teacher's affine-baseline estimate (baselines.ts). */
  baselineFit: 8,
} as const;
export type StreamName = keyof typeof STREAMS;

/** 32-bit integer mixing (murmur3 finalizer); spreads nearby seeds and indices apart. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Derives a generator seed from a run seed, a stream and an index (for example a sequence number). */
export function deriveSeed(seed: number, stream: StreamName, index = 0): number {
  let h = mix32(seed ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(STREAMS[stream], 0x27d4eb2f));
  // Indices can exceed 2^32 for very long online runs: fold the high part in separately.
  const lo = index % 0x100000000;
  const hi = Math.floor(index / 0x100000000);
  h = mix32(h ^ (lo | 0));
  h = mix32(h ^ Math.imul(hi | 0, 0x165667b1));
  return h;
}

/** A seeded generator of uniform and normal variates (float64). */
export class Rng {
  private readonly gen: RandomGenerator;
  private spare: number | null = null;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed);
  }

  static of(seed: number, stream: StreamName, index = 0): Rng {
    return new Rng(deriveSeed(seed, stream, index));
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal by the Box–Muller transform (pairs are cached). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fills `out[offset .. offset+n)` with N(0, std²) variates. */
  fillNormal(out: Float32Array | Float64Array, std = 1, offset = 0, n = out.length - offset): void {
    for (let k = 0; k < n; k++) out[offset + k] = std * this.normal();
  }

  /** Writes a uniform random unit vector of dimension n into out at offset (a normal vector, normalised). */
  unitVector(out: Float32Array | Float64Array, offset: number, n: number): void {
    let norm2: number;
    do {
      norm2 = 0;
      for (let k = 0; k < n; k++) {
        const g = this.normal();
        out[offset + k] = g;
        norm2 += g * g;
      }
    } while (norm2 === 0);
    const inv = 1 / Math.sqrt(norm2);
    for (let k = 0; k < n; k++) out[offset + k] = (out[offset + k] as number) * inv;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i] as number;
      p[i] = p[j] as number;
      p[j] = t;
    }
    return p;
  }
}
