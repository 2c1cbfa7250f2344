/**
 * Custom kernels for the RNN step, used by engine.ts where the active backend has them. Each replaces a loop of
 * generic tfjs ops (one or more dispatches per position) by one kernel call for all positions. The tfjs flag
 * RNN_LAB_KERNELS (default true) turns them off, to compare with the generic path:
 * `tf.env().set('RNN_LAB_KERNELS', false)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerCpuKernels } from './cpu';
import { RNN_BACKWARD, RNN_FORWARD, RNN_WEIGHT_GRADIENT } from './names';
import { registerWebGLKernels, webglKernelsFit } from './webgl';
import { registerWebGPUKernels, webgpuKernelsFit } from './webgpu';

export const KERNELS_FLAG = 'RNN_LAB_KERNELS';

tf.env().registerFlag(KERNELS_FLAG, () => true);
registerCpuKernels();
registerWebGPUKernels();
registerWebGLKernels();

/**
 * Whether the custom kernels run on the active backend for a step of this size (width m, L positions, batch
 * sequences): registered there, not turned off, and the size suits them (WebGPU: h fits workgroup memory;
 * WebGL: m a multiple of 4 and the step's matrices within the texture size). Every call of one step gets
 * the same answer, so its forward, backward and dW agree on the layout.
 */
export function rnnKernelsActive(m: number, L: number, batch: number): boolean {
  const backend = tf.getBackend();
  if (!tf.env().getBool(KERNELS_FLAG) || tf.getKernel(RNN_FORWARD, backend) === undefined) return false;
  if (backend === 'webgpu') return webgpuKernelsFit(m);
  if (backend === 'webgl') return webglKernelsFit(m, L, batch);
  return true;
}

/** H [L·B, m]: h_l = ReLU(h_{l-1}·Wᵀ + x_l·Aᵀ) for every position, from X [L·B, dx]. */
export function rnnForwardKernel(
  X: tf.Tensor2D,
  W: tf.Tensor2D,
  A: tf.Tensor2D,
  L: number,
  batch: number,
): tf.Tensor2D {
  return tf.engine().runKernel(RNN_FORWARD, { X, W, A }, { L, batch }) as tf.Tensor2D;
}

/** Δ [L·B, m]: δ_l = (δ_{l+1}·W + λ·e_l·B) ⊙ 1[h_l > 0], from output errors E [L·B, d] and H. */
export function rnnBackwardKernel(
  E: tf.Tensor2D,
  H: tf.Tensor2D,
  W: tf.Tensor2D,
  B: tf.Tensor2D,
  lambda: number,
  L: number,
  batch: number,
): tf.Tensor2D {
  return tf.engine().runKernel(RNN_BACKWARD, { E, H, W, B }, { L, batch, lambda }) as tf.Tensor2D;
}

/** dW = Σ_l δ_lᵀ·h_{l-1} with h_0 = 0, [m, m]. */
export function rnnWeightGradientKernel(
  delta: tf.Tensor2D,
  H: tf.Tensor2D,
  L: number,
  batch: number,
): tf.Tensor2D {
  return tf.engine().runKernel(RNN_WEIGHT_GRADIENT, { delta, H }, { L, batch }) as tf.Tensor2D;
}
