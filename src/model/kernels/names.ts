/**
 * Names of the custom RNN kernels, the same for every backend that implements them (cpu.ts, webgpu.ts, webgl.ts; a backend without
 * them runs engine.ts's generic tfjs ops). Inputs and attributes:
 *
 *   RnnReluForward     X [L·B, dx], W [m, m], A [m, dx]; L, batch          → H [L·B, m]
 *   RnnReluBackward    E [L·B, d], H, W, B [d, m]; L, batch, lambda        → Δ [L·B, m]
 *   RnnWeightGradient  delta [L·B, m], H [L·B, m]; L, batch                → dW [m, m]
 */
export const RNN_FORWARD = 'RnnReluForward';
export const RNN_BACKWARD = 'RnnReluBackward';
export const RNN_WEIGHT_GRADIENT = 'RnnWeightGradient';
