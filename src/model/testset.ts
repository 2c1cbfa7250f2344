/**
 * The held-out test set and its evaluation: testError (normalized MSE, 1.0 = the zero predictor) and
 * testErrorByPosition (SPEC §6). The set is drawn once from the test stream and kept on the device in chunks
 * of fixed shape, so evaluation reuses GPU buffers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BaselineAccumulator, type Baselines } from './baselines';
import type { Config } from './config';
import { assembleBatch, makeSequence, type Batch, type Sequence } from './data';
import { forward, type BatchTensors, type ForwardWeights } from './engine';
import type { Teacher } from './teacher';

export const TEST_CHUNK = 256;

export interface TestChunk extends BatchTensors {
  host: Batch;
}

/** Uploads a host batch; rowMask marks rows whose position is in J. */
export function uploadBatch(config: Config, teacher: Teacher, batch: Batch): BatchTensors {
  const { L, d } = config;
  const B = batch.size;
  const mask = new Float32Array(L * B);
  for (const j of teacher.targets) mask.fill(1, (j - 1) * B, j * B);
  return tf.tidy(() => ({
    X: tf.keep(tf.tensor2d(batch.X, [L * B, config.dIn + 1])),
    Y: tf.keep(tf.tensor2d(batch.Y, [L * B, d])),
    rowMask: tf.keep(tf.tensor2d(mask, [L * B, 1])),
    batch: B,
  }));
}

export function disposeBatch(b: BatchTensors): void {
  tf.dispose([b.X, b.Y, b.rowMask]);
}

export interface TestSet {
  chunks: TestChunk[];
  /** The reference predictors on this set (SPEC §6), scored while it was drawn. */
  baselines: Baselines;
}

/** Draws the test set, uploads it in chunks, and scores the baselines on the same sequences as it goes. */
export function createTestSet(config: Config, teacher: Teacher): TestSet {
  const chunks: TestChunk[] = [];
  const acc = new BaselineAccumulator(teacher, config.seed);
  const scratch = new Float64Array(config.L * config.d);
  for (let start = 0; start < config.ntest; start += TEST_CHUNK) {
    const n = Math.min(TEST_CHUNK, config.ntest - start);
    const seqs: Sequence[] = [];
    for (let k = 0; k < n; k++) {
      const seq = makeSequence(config, teacher, 'testData', start + k, scratch, acc.affine);
      acc.add(seq.targets);
      seqs.push(seq);
    }
    const host = assembleBatch(config, seqs);
    chunks.push({ ...uploadBatch(config, teacher, host), host });
  }
  return { chunks, baselines: acc.result() };
}

export interface TestEvaluation {
  testError: number;
  /** One value per j in J (in the order of teacher.targets). */
  testErrorByPosition: number[];
  /** Mean y² per position over the test set (for the noise floor and scale). */
  meanTargetSquare: number;
}

/**
 * Sums (F − y)² and y² per position over all chunks on the device and reads them once, asynchronously.
 */
export async function evaluateTestSet(
  w: ForwardWeights,
  chunks: TestChunk[],
  L: number,
  targets: number[],
): Promise<TestEvaluation> {
  const sums = tf.tidy(() => {
    let err: tf.Tensor | null = null;
    let sq: tf.Tensor | null = null;
    for (const c of chunks) {
      const { F } = forward(w, c.X, L, c.batch);
      const e = tf.sum(tf.reshape(tf.square(tf.sub(F, c.Y)), [L, -1]), 1);
      const s = tf.sum(tf.reshape(tf.square(c.Y), [L, -1]), 1);
      err = err === null ? e : tf.add(err, e);
      sq = sq === null ? s : tf.add(sq, s);
    }
    return tf.stack([err as tf.Tensor, sq as tf.Tensor]);
  });
  const data = await sums.data();
  sums.dispose();
  let errTotal = 0;
  let sqTotal = 0;
  const byPos = targets.map((j) => {
    const e = data[j - 1] as number;
    const s = data[L + j - 1] as number;
    errTotal += e;
    sqTotal += s;
    return s > 0 ? e / s : Number.NaN;
  });
  const count = chunks.reduce((a, c) => a + c.batch, 0) * targets.length;
  return {
    testError: sqTotal > 0 ? errTotal / sqTotal : Number.NaN,
    testErrorByPosition: byPos,
    meanTargetSquare: sqTotal / Math.max(1, count * (w.B.shape[0] as number)),
  };
}
