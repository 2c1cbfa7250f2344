/**
 * Data (SPEC §3). Sequence number k of a stream is a pure function of (seed, stream, k): its tokens, its
 * targets and its label noise. So an online run, a fixed training set, the test set and the probes are all
 * reproducible without storing them, and are bit-identical on every backend.
 */
import type { Config } from './config';
import { Rng, type StreamName } from './rng';
import { evaluateTeacher, type AffineTeacher, type Teacher } from './teacher';

export interface Sequence {
  /** x*, shape [L, d_in]; row 0 (position 1) is zero. */
  tokens: Float32Array;
  /** y with label noise, shape [L, d]; rows outside J are zero. */
  targets: Float32Array;
}

/** Draws sequence number `index` of `stream`. */
export function makeSequence(
  config: Config,
  teacher: Teacher,
  stream: StreamName,
  index: number,
  scratch = new Float64Array(config.L * config.d),
  affine?: AffineTeacher,
): Sequence {
  const { L, dIn, d } = config;
  const rng = Rng.of(config.seed, stream, index);
  const tokens = new Float32Array(L * dIn);
  const tmp = new Float64Array(dIn);
  for (let i = 2; i <= L; i++) {
    rng.unitVector(tmp, 0, dIn);
    tokens.set(tmp, (i - 1) * dIn);
  }
  evaluateTeacher(teacher, tokens, scratch, affine);
  const targets = new Float32Array(L * d);
  for (const j of teacher.targets) {
    for (let s = 0; s < d; s++) {
      const noise = config.noise > 0 ? config.noise * rng.normal() : 0;
      targets[(j - 1) * d + s] = (scratch[(j - 1) * d + s] as number) + noise;
    }
  }
  return { tokens, targets };
}

/**
 * A batch laid out for the student, position-major: row (l-1)*B + b holds sequence b at position l.
 * X is [L*B, d_x] (start token at position 1, ε_x·x*_i then a 0 for i >= 2), Y is [L*B, d].
 */
export interface Batch {
  size: number;
  X: Float32Array;
  Y: Float32Array;
  /** The raw tokens per sequence, [B, L, d_in], for metrics that need them (influence). */
  tokens: Float32Array;
}

export function assembleBatch(config: Config, seqs: Sequence[]): Batch {
  const { L, dIn, d, epsx } = config;
  const B = seqs.length;
  const dx = dIn + 1;
  const X = new Float32Array(L * B * dx);
  const Y = new Float32Array(L * B * d);
  const tokens = new Float32Array(B * L * dIn);
  seqs.forEach((seq, b) => {
    tokens.set(seq.tokens, b * L * dIn);
    X[b * dx + dIn] = 1; // position 1: the start token e_{d_x}
    for (let l = 2; l <= L; l++) {
      const row = ((l - 1) * B + b) * dx;
      for (let t = 0; t < dIn; t++) X[row + t] = epsx * (seq.tokens[(l - 1) * dIn + t] as number);
    }
    for (let l = 1; l <= L; l++) {
      for (let s = 0; s < d; s++) Y[((l - 1) * B + b) * d + s] = seq.targets[(l - 1) * d + s] as number;
    }
  });
  return { size: B, X, Y, tokens };
}

/** Draws sequences `indices` of a stream and assembles them into a batch. */
export function makeBatch(
  config: Config,
  teacher: Teacher,
  stream: StreamName,
  indices: ArrayLike<number>,
): Batch {
  const scratch = new Float64Array(config.L * config.d);
  const seqs: Sequence[] = [];
  for (let k = 0; k < indices.length; k++)
    seqs.push(makeSequence(config, teacher, stream, indices[k] as number, scratch));
  return assembleBatch(config, seqs);
}

/** Chooses which training sequences the next step uses: fresh ones (online) or epochs over N (fixed). */
export class DataSource {
  private perm: Uint32Array | null = null;
  private permEpoch = -1;

  constructor(
    private readonly config: Config,
    private readonly teacher: Teacher,
  ) {}

  /** The batch for the step that starts at `samplesSeen` (the data order depends only on that count). */
  batchAt(samplesSeen: number, batchSize: number): Batch {
    const idx = new Float64Array(batchSize);
    if (this.config.data === 'online') {
      for (let b = 0; b < batchSize; b++) idx[b] = samplesSeen + b;
    } else {
      const N = this.config.N;
      for (let b = 0; b < batchSize; b++) {
        const n = samplesSeen + b;
        const epoch = Math.floor(n / N);
        if (epoch !== this.permEpoch) {
          this.perm = Rng.of(this.config.seed, 'shuffle', epoch).permutation(N);
          this.permEpoch = epoch;
        }
        idx[b] = (this.perm as Uint32Array)[n - epoch * N] as number;
      }
    }
    return makeBatch(this.config, this.teacher, 'trainData', idx);
  }
}
