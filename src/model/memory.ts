/**
 * Memory a configuration needs, estimated before a run starts, so an extreme but valid config (m = 4096,
 * L = 200, batch 256) is refused up front with a message instead of crashing a tab or a GPU device.
 */
import type { Config } from './config';
import { teacherPairCount } from './config';
import { INFLUENCE_MAX_ROWS } from './influence';
import { TEST_CHUNK } from './testset';

const F32 = 4;

export interface MemoryEstimate {
  /** Device bytes (weights, activations of one step, the resident test set). */
  deviceBytes: number;
  /** The largest single tensor, which must fit one GPU buffer. */
  largestTensorBytes: number;
  /** Host (JavaScript heap) bytes: teacher weights, host copies of the test set and batches. */
  hostBytes: number;
}

/** Estimates the memory of a run of `config` (a conservative upper bound, within about 2x). */
export function estimateMemory(config: Config): MemoryEstimate {
  const { m, L, batch, d, dIn, ntest } = config;
  const dx = dIn + 1;
  // W, W0, A, A0, B, B0, plus Wᵀ, dW, the update's temporaries and the power-iteration/lazy copies.
  const weights = (7 * m * m + 2 * m * dx + 2 * d * m) * F32;
  // One step keeps every h_l, the backward deltas, the P = λ·e·B product and their concatenations alive.
  const rowsStep = L * batch;
  const stepActivations = 6 * rowsStep * m * F32;
  const evalRows = L * Math.min(TEST_CHUNK, ntest);
  const evalActivations = 4 * evalRows * m * F32;
  const influenceRows = L * Math.min(INFLUENCE_MAX_ROWS, Math.max(1, L * d));
  const influenceActivations = 4 * influenceRows * m * F32;
  const testSet = ntest * L * (dx + d + 1) * F32;
  const deviceBytes = weights + Math.max(stepActivations, evalActivations, influenceActivations) + testSet;
  const largestTensorBytes = Math.max(m * m, rowsStep * m, evalRows * m, influenceRows * m) * F32;
  const teacher = teacherPairCount(config) * d * config.p * (dIn + 1) * F32;
  const hostBytes =
    teacher + testSet + 2 * rowsStep * (dx + d) * F32 + (config.data === 'fixed' ? config.N * F32 : 0);
  return { deviceBytes, largestTensorBytes, hostBytes };
}

export interface MemoryLimits {
  /** Memory the device can give a run, in bytes (null when unknown). */
  deviceBytes: number | null;
  /** Largest single buffer the device allows (WebGPU maxBufferSize / maxStorageBufferBindingSize), or null. */
  maxBufferBytes: number | null;
  /** JavaScript heap a run may use (from navigator.deviceMemory in a browser), or null when unknown. */
  hostBytes?: number | null;
}

function gib(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GiB`
    : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/**
 * Returns null when the config fits the limits, or a plain message saying what it needs, what is available
 * and what to lower.
 */
export function checkMemory(config: Config, limits: MemoryLimits): string | null {
  const e = estimateMemory(config);
  if (limits.maxBufferBytes !== null && e.largestTensorBytes > limits.maxBufferBytes) {
    const hidden = config.L * config.batch * config.m;
    const what =
      hidden * F32 === e.largestTensorBytes
        ? `the hidden states of one step, L × batch × m = ${config.L} × ${config.batch} × ${config.m} values`
        : `for m = ${config.m}`;
    return (
      `This configuration needs a single buffer of about ${gib(e.largestTensorBytes)} (${what}), more than ` +
      `this device allows in one buffer (${gib(limits.maxBufferBytes)}). Lower the batch, L or m.`
    );
  }
  if (limits.deviceBytes !== null && e.deviceBytes > limits.deviceBytes) {
    return (
      `This configuration needs about ${gib(e.deviceBytes)} of memory, more than the ${gib(limits.deviceBytes)} ` +
      `available here. Lower m (weights grow with m²), or L and the batch (activations grow with L × batch × m).`
    );
  }
  const host = limits.hostBytes ?? null;
  if (host !== null && e.hostBytes > host) {
    return (
      `This configuration needs about ${gib(e.hostBytes)} of main memory for the teacher and the data, more ` +
      `than the ${gib(host)} this device can spare. Lower L, ntest or the batch (or N for a fixed training set).`
    );
  }
  return null;
}
