/**
 * Forward pass, backpropagation through time written out explicitly, and the SGD step (SPEC §5).
 *
 * Layout: a batch is position-major, row (l-1)*B + b is sequence b at position l, and hidden states are row
 * vectors, so g_l = h_{l-1}·Wᵀ + x_l·Aᵀ. Every product is a plain matMul with no transpose flags (wasm's fast
 * path needs that), with Wᵀ formed once per step. Under autodiff tfjs refuses to fuse matMul+ReLU; written
 * out, the forward pass is one matMul for A·x over all positions plus one fused matMul+bias+ReLU per position.
 *
 * wasm differs in two ways: its fused matMul takes only a rank-1 bias, and its slice copies the whole source
 * tensor to the JavaScript heap before taking the rows (`readSync`), so slicing position l out of an
 * [L·B, m] product costs O(L·B·m) and a step O(L²·B·m). There the per-position terms x_l·Aᵀ and λ·e_l·B are
 * computed from slices of the thin X [L·B, d_x] and E [L·B, d] instead. Both orders compute every element
 * with the same products, so results are identical.
 *
 * Backward: δ_l = (λ·Bᵀe_l + Wᵀδ_{l+1}) ⊙ 1[g_l > 0], and dW = Σ_l δ_l h_{l-1}ᵀ as one matMul over all
 * positions and the batch.
 *
 * Where the backend has the custom kernels of ./kernels (one call each for the forward recurrence, the
 * backward recurrence and dW), they replace those loops; everything else is the same generic code.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossKind } from './config';
import { rnnBackwardKernel, rnnForwardKernel, rnnKernelsActive, rnnWeightGradientKernel } from './kernels';
import type { StudentParams } from './student';

/**
 * Whether the current backend fuses a full [B, m] bias into matMul and slices without copying the source:
 * the GPU backends and cpu do, wasm does neither (see the header).
 */
function fusesBiasAndSlicesCheaply(): boolean {
  return tf.getBackend() !== 'wasm';
}

/** Rows of position l (0-based) of a position-major tensor. */
function positionRows(t: tf.Tensor2D, l: number, batch: number): tf.Tensor2D {
  return tf.slice(t, [l * batch, 0], [batch, -1]) as tf.Tensor2D;
}

/**
 * The per-position terms T_l = (rows of position l of `left`)·right, for l = 0..L-1. Where slicing is cheap,
 * one product over all positions is sliced; on wasm each term is its own product of a thin slice.
 */
function perPositionProducts(
  left: tf.Tensor2D,
  right: tf.Tensor2D,
  batch: number,
): (l: number) => tf.Tensor2D {
  if (!fusesBiasAndSlicesCheaply())
    return (l) => tf.matMul(positionRows(left, l, batch), right) as tf.Tensor2D;
  const all = tf.matMul(left, right) as tf.Tensor2D;
  return (l) => positionRows(all, l, batch);
}

/** h_l = ReLU(h_{l-1}·Wᵀ + xa_l), fused where the backend allows it. */
function recurrentUnit(hPrev: tf.Tensor2D | null, Wt: tf.Tensor2D, xa: tf.Tensor2D): tf.Tensor2D {
  if (hPrev === null) return tf.relu(xa);
  if (fusesBiasAndSlicesCheaply())
    return tf.fused.matMul({ a: hPrev, b: Wt, bias: xa, activation: 'relu' }) as tf.Tensor2D;
  return tf.relu(tf.add(tf.matMul(hPrev, Wt), xa));
}

/** Weights used by a forward pass (current or initial). */
export interface ForwardWeights {
  W: tf.Tensor2D;
  A: tf.Tensor2D;
  B: tf.Tensor2D;
  lambda: number;
}

export interface ForwardResult {
  /** h_1..h_L, each [B, m]. */
  H: tf.Tensor2D[];
  /** All hidden states stacked position-major, [L*B, m]. */
  Hall: tf.Tensor2D;
  /** Outputs F = λ·h·Bᵀ at every position, [L*B, d]. */
  F: tf.Tensor2D;
}

/** F = λ·H·Bᵀ for stacked hidden states H [L*B, m]. */
function outputs(w: ForwardWeights, Hall: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(tf.matMul(Hall, tf.transpose(w.B)), w.lambda) as tf.Tensor2D;
}

/** The hidden states: stacked, and per position where the generic loop made them anyway. */
interface States {
  H: tf.Tensor2D[] | null;
  Hall: tf.Tensor2D;
}

function hiddenStates(w: ForwardWeights, X: tf.Tensor2D, L: number, batch: number): States {
  if (rnnKernelsActive(w.W.shape[0], L, batch))
    return { H: null, Hall: rnnForwardKernel(X, w.W, w.A, L, batch) };
  const Wt = tf.transpose(w.W) as tf.Tensor2D;
  const inputTerm = perPositionProducts(X, tf.transpose(w.A) as tf.Tensor2D, batch); // x_l·Aᵀ, [B, m]
  const H: tf.Tensor2D[] = [];
  let h: tf.Tensor2D | null = null;
  for (let l = 0; l < L; l++) {
    h = recurrentUnit(h, Wt, inputTerm(l));
    H.push(h);
  }
  return { H, Hall: stacked(H) };
}

/** Per-position [B, m] tensors stacked position-major, [L*B, m]. */
function stacked(H: tf.Tensor2D[]): tf.Tensor2D {
  return H.length === 1 ? (H[0] as tf.Tensor2D) : (tf.concat(H, 0) as tf.Tensor2D);
}

function perPosition(s: States, L: number, batch: number): tf.Tensor2D[] {
  return s.H ?? Array.from({ length: L }, (_, l) => positionRows(s.Hall, l, batch));
}

/** Runs the RNN on a position-major batch X [L*B, d_x]. Call inside tf.tidy. */
export function forward(w: ForwardWeights, X: tf.Tensor2D, L: number, batch: number): ForwardResult {
  const s = hiddenStates(w, X, L, batch);
  return { H: perPosition(s, L, batch), Hall: s.Hall, F: outputs(w, s.Hall) };
}

/**
 * Backpropagation through time. Given output errors E = ∂loss/∂F ([L*B, d]), returns δ_l = ∂loss/∂g_l for
 * every position, stacked position-major [L*B, m]. Call inside tf.tidy.
 */
export function backward(
  w: ForwardWeights,
  H: tf.Tensor2D[],
  E: tf.Tensor2D,
  L: number,
  batch: number,
): tf.Tensor2D {
  return deltasBy(w, { stacked: () => stacked(H), perPosition: () => H }, E, L, batch);
}

function deltas(w: ForwardWeights, s: States, E: tf.Tensor2D, L: number, batch: number): tf.Tensor2D {
  return deltasBy(w, { stacked: () => s.Hall, perPosition: () => perPosition(s, L, batch) }, E, L, batch);
}

/** δ by the RNN kernel where it runs (it takes H stacked), else by the generic loop (H per position). */
function deltasBy(
  w: ForwardWeights,
  H: { stacked: () => tf.Tensor2D; perPosition: () => tf.Tensor2D[] },
  E: tf.Tensor2D,
  L: number,
  batch: number,
): tf.Tensor2D {
  if (rnnKernelsActive(w.W.shape[0], L, batch))
    return rnnBackwardKernel(E, H.stacked(), w.W, w.B, w.lambda, L, batch);
  return genericDeltas(w, H.perPosition(), E, L, batch);
}

/** δ by the generic loop: per position one fused matMul (or matMul + add) and a ReLU mask. */
function genericDeltas(
  w: ForwardWeights,
  H: tf.Tensor2D[],
  E: tf.Tensor2D,
  L: number,
  batch: number,
): tf.Tensor2D {
  const outputTerm = perPositionProducts(E, tf.mul(w.B, w.lambda) as tf.Tensor2D, batch); // λ·e_l·B, [B, m]
  const out: tf.Tensor2D[] = new Array(L);
  let next: tf.Tensor2D | null = null;
  for (let l = L - 1; l >= 0; l--) {
    const p = outputTerm(l);
    const dh = (
      next === null
        ? p
        : fusesBiasAndSlicesCheaply()
          ? tf.fused.matMul({ a: next, b: w.W, bias: p })
          : tf.add(tf.matMul(next, w.W), p)
    ) as tf.Tensor2D;
    next = tf.mul(dh, tf.step(H[l] as tf.Tensor2D)) as tf.Tensor2D;
    out[l] = next;
  }
  return stacked(out);
}

/** h_{l-1} for every position, stacked position-major (h_0 = 0), [L*B, m]. */
export function previousStates(H: tf.Tensor2D[], batch: number, m: number): tf.Tensor2D {
  const zeros = tf.zeros([batch, m]) as tf.Tensor2D;
  return tf.concat([zeros, ...H.slice(0, H.length - 1)], 0) as tf.Tensor2D;
}

/** Per-element loss G(r) and its derivative G'(r). Squared is r², absolute |r|, Huber (δ = 1). */
export function lossAndGrad(kind: LossKind, r: tf.Tensor2D): { G: tf.Tensor2D; dG: tf.Tensor2D } {
  switch (kind) {
    case 'sq':
      return { G: tf.square(r), dG: tf.mul(r, 2) };
    case 'abs':
      return { G: tf.abs(r), dG: tf.sign(r) };
    case 'huber': {
      const a = tf.abs(r);
      const G = tf.where(tf.lessEqual(a, 1), tf.mul(tf.square(r), 0.5), tf.sub(a, 0.5));
      return { G: G as tf.Tensor2D, dG: tf.clipByValue(r, -1, 1) };
    }
  }
}

/** Host-side description of a batch: X [L*B, d_x], Y [L*B, d] and a 0/1 weight per row (1 where l ∈ J). */
export interface BatchTensors {
  X: tf.Tensor2D;
  Y: tf.Tensor2D;
  /** [L*B, 1] with 1 on rows whose position has a target, 0 elsewhere. */
  rowMask: tf.Tensor2D;
  batch: number;
}

export interface Gradients {
  loss: tf.Scalar;
  dW: tf.Tensor2D;
  dA?: tf.Tensor2D;
  dB?: tf.Tensor2D;
}

/**
 * Mean loss over the batch (each sequence: mean over j ∈ J and s of G(F − y)) and its gradients for the
 * trainable set. Call inside tf.tidy.
 */
export function lossGradients(
  p: StudentParams,
  b: BatchTensors,
  L: number,
  targetCount: number,
  lossKind: LossKind,
): Gradients {
  const w: ForwardWeights = { W: p.W, A: p.A, B: p.B, lambda: p.lambda };
  const states = hiddenStates(w, b.X, L, b.batch);
  const { Hall } = states;
  const F = outputs(w, Hall);
  const norm = 1 / (targetCount * p.d * b.batch);
  const r = tf.mul(tf.sub(F, b.Y), b.rowMask) as tf.Tensor2D;
  const { G, dG } = lossAndGrad(lossKind, r);
  const loss = tf.mul(tf.sum(tf.mul(G, b.rowMask)), norm) as tf.Scalar;
  const E = tf.mul(dG, tf.mul(b.rowMask, norm)) as tf.Tensor2D;
  const delta = deltas(w, states, E, L, b.batch);
  // An explicit transpose keeps the products on wasm's fast path (no transpose flags).
  const deltaT = () => tf.transpose(delta) as tf.Tensor2D;
  const dW = rnnKernelsActive(p.m, L, b.batch)
    ? rnnWeightGradientKernel(delta, Hall, L, b.batch)
    : (tf.matMul(deltaT(), previousStates(perPosition(states, L, b.batch), b.batch, p.m)) as tf.Tensor2D);
  const out: Gradients = { loss, dW };
  if (p.trainable !== 'W') out.dA = tf.matMul(deltaT(), b.X) as tf.Tensor2D;
  if (p.trainable === 'all') out.dB = tf.mul(tf.matMul(tf.transpose(E), Hall), p.lambda) as tf.Tensor2D;
  return out;
}

/** One SGD step: W ← W − η·∇W (and A, B when trainable). Returns the batch's mean loss (a kept scalar). */
export function sgdStep(
  p: StudentParams,
  b: BatchTensors,
  L: number,
  targetCount: number,
  lossKind: LossKind,
  lr: number,
): tf.Scalar {
  return tf.tidy(() => {
    const g = lossGradients(p, b, L, targetCount, lossKind);
    p.W.assign(tf.sub(p.W, tf.mul(g.dW, lr)));
    if (g.dA) p.A.assign(tf.sub(p.A, tf.mul(g.dA, lr)));
    if (g.dB) p.B.assign(tf.sub(p.B, tf.mul(g.dB, lr)));
    return g.loss;
  });
}

/** Learning rate at step t (0-based): constant, or η / sqrt(1 + t/t0). */
export function learningRateAt(lr: number, sched: 'const' | 'sqrt', t0: number, t: number): number {
  return sched === 'const' ? lr : lr / Math.sqrt(1 + t / t0);
}
