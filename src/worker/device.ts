/** What the active tfjs backend can hold, and notice of a lost WebGPU device (tfjs itself ignores it). */
import * as tf from '@tensorflow/tfjs-core';
import type { MemoryLimits } from '../model/memory';
import type { BackendName } from './protocol';

interface WebGpuBackendLike {
  device?: {
    limits?: { maxStorageBufferBindingSize?: number };
    lost?: Promise<{ message: string; reason?: string }>;
  };
}

/** Limits for the up-front memory check (null where the backend does not say). */
export function deviceLimits(backend: BackendName): MemoryLimits {
  if (backend === 'webgpu') {
    const b = tf.backend() as unknown as WebGpuBackendLike;
    return { deviceBytes: null, maxBufferBytes: b.device?.limits?.maxStorageBufferBindingSize ?? null };
  }
  // The wasm heap grows to at most 4 GiB (the build's getHeapMax); leave room for the runtime itself.
  if (backend === 'wasm') return { deviceBytes: 3.5 * 1024 ** 3, maxBufferBytes: null };
  return { deviceBytes: null, maxBufferBytes: null };
}

/** Calls `onLost` with a sentence when the active WebGPU device is lost (not when it is destroyed on purpose). */
export function watchDeviceLoss(onLost: (what: string) => void): void {
  const b = tf.backend() as unknown as WebGpuBackendLike;
  void b.device?.lost?.then((info) => {
    if (info.reason !== 'destroyed')
      onLost(`the GPU device was lost (${info.message || 'no reason given'}).`);
  });
}
