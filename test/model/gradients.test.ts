/**
 * The explicit BPTT of src/model/engine.ts against two independent references: tfjs autodiff of a forward
 * pass written here with plain ops, and central finite differences of the float64 reference (SPEC §5).
 * Every trainable set and loss, d = 1 and 2, on wasm (unfused path) and cpu (fused matMul path).
 */
import * as tf from '@tensorflow/tfjs-core';
// The engine never needs tfjs gradients; the autodiff reference here does.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config, type LossKind, type TrainableSet } from '../../src/model/config';
import { makeBatch, type Batch } from '../../src/model/data';
import { lossGradients, sgdStep } from '../../src/model/engine';
import { createStudentParams, initStudentWeights, type StudentParams } from '../../src/model/student';
import { createTeacher, type Teacher } from '../../src/model/teacher';
import { disposeBatch, uploadBatch } from '../../src/model/testset';
import { maxAbs, maxAbsDiff } from '../helpers/arrays';
import { useBackend, type NodeBackend } from '../helpers/backend';
import {
  centralDifferences,
  minAbsPreactivation,
  refLoss,
  refResiduals,
  refSequences,
  toRefStudent,
  type RefSequence,
  type RefStudent,
} from './reference';

const TRAIN_SETS: TrainableSet[] = ['W', 'WA', 'all'];
const LOSSES: LossKind[] = ['sq', 'abs', 'huber'];
const SHAPES = [
  // λ chosen per shape so that the residuals straddle 1 and Huber sees both of its branches.
  { m: 6, L: 4, d: 1, seed: 11, lambda: 0.3 },
  { m: 16, L: 5, d: 2, seed: 12, lambda: 1 },
];
const FD_STEP = 1e-6;

interface Case {
  config: Config;
  teacher: Teacher;
  host: Batch;
  J: number[];
  params: StudentParams;
  ref: RefStudent;
  seqs: RefSequence[];
}

function makeCase(shape: (typeof SHAPES)[number], train: TrainableSet, loss: LossKind): Case {
  const config: Config = { ...DEFAULT_CONFIG, ...shape, dIn: 3, K: 0, batch: 3, train, loss };
  const teacher = createTeacher(config);
  const weights = initStudentWeights(config);
  const params = createStudentParams(weights, config.lambda, train);
  const host = makeBatch(config, teacher, 'trainData', [0, 1, 2]);
  const seqs = refSequences(host, config.L, config.dIn, config.d, config.epsx);
  return {
    config,
    teacher,
    host,
    J: teacher.targets,
    params,
    ref: toRefStudent(weights, config.lambda),
    seqs,
  };
}

/** G written independently of engine.ts, for the autodiff reference. */
function lossOf(kind: LossKind, r: tf.Tensor): tf.Tensor {
  if (kind === 'sq') return tf.square(r);
  if (kind === 'abs') return tf.abs(r);
  // Huber δ = 1 as c²/2 + (|r| − c) with c = min(|r|, 1): no comparison op, which has no tfjs gradient.
  const a = tf.abs(r);
  const c = tf.minimum(a, 1);
  return tf.add(tf.mul(tf.square(c), 0.5), tf.sub(a, c));
}

/** tfjs autodiff of a per-position forward pass built from plain ops (transposes via matMul flags). */
function autodiffGradients(c: Case): Float32Array[] {
  const { L, d } = c.config;
  const B = c.seqs.length;
  const { m, dx } = c.ref;
  const out = tf.tidy(() => {
    const xs: tf.Tensor2D[] = [];
    const ys: tf.Tensor2D[] = [];
    for (let l = 0; l < L; l++) {
      xs.push(
        tf.tensor2d(
          c.seqs.flatMap((q) => Array.from(q.x.subarray(l * dx, (l + 1) * dx))),
          [B, dx],
        ),
      );
      ys.push(
        tf.tensor2d(
          c.seqs.flatMap((q) => Array.from(q.y.subarray(l * d, (l + 1) * d))),
          [B, d],
        ),
      );
    }
    const f = (W: tf.Tensor, A: tf.Tensor, Bo: tf.Tensor): tf.Scalar => {
      let h: tf.Tensor = tf.zeros([B, m]);
      let total: tf.Tensor = tf.scalar(0);
      for (let l = 0; l < L; l++) {
        h = tf.relu(tf.add(tf.matMul(h, W, false, true), tf.matMul(xs[l] as tf.Tensor2D, A, false, true)));
        if (!c.J.includes(l + 1)) continue;
        const F = tf.mul(tf.matMul(h, Bo, false, true), c.ref.lambda);
        total = tf.add(total, tf.sum(lossOf(c.config.loss, tf.sub(F, ys[l] as tf.Tensor2D))));
      }
      return tf.div(total, B * c.J.length * d) as tf.Scalar;
    };
    return tf.grads(f)([c.params.W, c.params.A, c.params.B]);
  });
  const values = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return values;
}

function explicitGradients(c: Case): {
  loss: number;
  dW: Float32Array;
  dA?: Float32Array;
  dB?: Float32Array;
} {
  const { L, loss } = c.config;
  const bt = uploadBatch(c.config, c.teacher, c.host);
  // Spread into a plain object: tf.tidy keeps the tensors of a TensorContainer, which an interface is not.
  const g = tf.tidy(() => ({ ...lossGradients(c.params, bt, L, c.J.length, loss) }));
  disposeBatch(bt);
  const read = (t?: tf.Tensor) => (t ? (t.dataSync() as Float32Array) : undefined);
  const result = {
    loss: g.loss.dataSync()[0] as number,
    dW: read(g.dW) as Float32Array,
    dA: read(g.dA),
    dB: read(g.dB),
  };
  tf.dispose(g);
  return result;
}

function fdGradient(c: Case, which: 'W' | 'A' | 'B'): Float64Array {
  const f = () => refLoss(c.ref, c.seqs, c.config.L, c.J, c.config.loss);
  return centralDifferences(f, c.ref[which], FD_STEP);
}

/** |a − b| within a tolerance relative to the gradient's scale (float32 engine vs float64 reference). */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-5): void {
  const scale = Math.max(maxAbs(expected), 1e-3);
  expect(maxAbsDiff(actual, expected)).toBeLessThanOrEqual(rel * scale);
}

/** FD is only valid away from ReLU kinks (and from |r| = 0 for the absolute loss). */
function checkPreconditions(c: Case): void {
  expect(minAbsPreactivation(c.ref, c.seqs, c.config.L)).toBeGreaterThan(1e-4);
  const r = refResiduals(c.ref, c.seqs, c.config.L, c.J);
  if (c.config.loss === 'abs') expect(Math.min(...r.map(Math.abs))).toBeGreaterThan(1e-4);
  if (c.config.loss === 'huber') {
    expect(r.some((v) => Math.abs(v) < 1)).toBe(true);
    expect(r.some((v) => Math.abs(v) > 1)).toBe(true);
  }
}

describe.each<NodeBackend>(['wasm', 'cpu'])('explicit BPTT on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  let open: StudentParams[] = [];
  afterEach(() => {
    for (const p of open) tf.dispose([p.W, p.A, p.B, p.W0, p.A0, p.B0]);
    open = [];
  });

  for (const shape of SHAPES) {
    for (const train of TRAIN_SETS) {
      for (const loss of LOSSES) {
        it(`m=${shape.m} L=${shape.L} d=${shape.d} train=${train} loss=${loss}`, () => {
          const c = makeCase(shape, train, loss);
          open.push(c.params);
          checkPreconditions(c);
          const ex = explicitGradients(c);
          const [adW, adA, adB] = autodiffGradients(c) as [Float32Array, Float32Array, Float32Array];
          const fdW = fdGradient(c, 'W');

          expect(ex.loss).toBeCloseTo(refLoss(c.ref, c.seqs, c.config.L, c.J, loss), 5);
          expect(maxAbs(fdW)).toBeGreaterThan(1e-4); // a vanishing gradient would make the check empty
          expectClose(ex.dW, adW);
          expectClose(ex.dW, fdW);
          if (train === 'W') expect(ex.dA).toBeUndefined();
          else {
            expectClose(ex.dA as Float32Array, adA);
            expectClose(ex.dA as Float32Array, fdGradient(c, 'A'));
          }
          if (train !== 'all') expect(ex.dB).toBeUndefined();
          else {
            expectClose(ex.dB as Float32Array, adB);
            expectClose(ex.dB as Float32Array, fdGradient(c, 'B'));
          }
        });
      }
    }
  }

  it.each(TRAIN_SETS)('sgdStep moves exactly the trainable set %s by −η·∇', (train) => {
    const c = makeCase(SHAPES[1] as (typeof SHAPES)[number], train, 'sq');
    open.push(c.params);
    const lr = 0.1;
    const bt = uploadBatch(c.config, c.teacher, c.host);
    const before = { W: c.params.W.dataSync(), A: c.params.A.dataSync(), B: c.params.B.dataSync() };
    const loss = sgdStep(c.params, bt, c.config.L, c.J.length, 'sq', lr);
    disposeBatch(bt);
    expect(loss.dataSync()[0]).toBeCloseTo(refLoss(c.ref, c.seqs, c.config.L, c.J, 'sq'), 5);
    loss.dispose();
    for (const key of ['W', 'A', 'B'] as const) {
      const after = c.params[key].dataSync();
      const moves = key === 'W' || (key === 'A' && train !== 'W') || (key === 'B' && train === 'all');
      if (!moves) {
        expect(Array.from(after)).toEqual(Array.from(before[key]));
        continue;
      }
      const fd = fdGradient(c, key);
      const expected = Array.from(before[key], (v, i) => v - lr * (fd[i] as number));
      expect(maxAbsDiff(after, expected)).toBeLessThanOrEqual(2e-4 * lr * maxAbs(fd) + 1e-7);
    }
  });
});
