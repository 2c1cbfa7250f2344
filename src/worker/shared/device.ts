/**
 * What the active tfjs backend can hold, and handles on its GPU objects: the WebGPU device (tfjs itself
 * ignores `device.lost`) and the WebGL context (lost contexts make reads hang or return zeros).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MemoryLimits } from '../../model/memory';
import type { BackendName } from '../protocol/training-protocol';

/** The parts of a GPUDevice this file uses (the WebGPU types are not in the project's lib). */
export interface GpuDeviceLike {
  limits?: { maxStorageBufferBindingSize?: number; maxBufferSize?: number };
  lost?: Promise<{ message: string; reason?: string }>;
  destroy?: () => void;
}

/** The parts of a WebGL context this file uses. */
export interface GlLike {
  canvas: {
    addEventListener(type: string, listener: () => void): void;
    removeEventListener(type: string, listener: () => void): void;
  };
  isContextLost(): boolean;
  getExtension(name: string): unknown;
}

export function gpuDevice(): GpuDeviceLike | null {
  return (tf.backend() as unknown as { device?: GpuDeviceLike }).device ?? null;
}

export function glContext(): GlLike | null {
  return (tf.backend() as unknown as { gpgpu?: { gl?: GlLike } }).gpgpu?.gl ?? null;
}

const GIB = 1024 ** 3;

/** Half of the device's memory (navigator.deviceMemory, in GiB, rounded down by the browser), or null. */
function hostBudget(): number | null {
  const gb = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return typeof gb === 'number' && gb > 0 ? (gb * GIB) / 2 : null;
}

function minOrNull(...values: (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number' && v > 0);
  return known.length ? Math.min(...known) : null;
}

/** Limits for the up-front memory check (null where nothing says). */
export function deviceLimits(backend: BackendName): MemoryLimits {
  const host = hostBudget();
  if (backend === 'webgpu') {
    const limits = gpuDevice()?.limits;
    return {
      // A browser that shares memory with its GPU cannot give it more than the machine has.
      deviceBytes: host,
      maxBufferBytes: minOrNull(limits?.maxStorageBufferBindingSize, limits?.maxBufferSize),
      hostBytes: host,
    };
  }
  if (backend === 'webgl') {
    // Unpacked float32 textures hold one value per texel: a tensor must fit maxTextureSize² values.
    const size = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    return { deviceBytes: host, maxBufferBytes: size > 0 ? size * size * 4 : null, hostBytes: host };
  }
  // The wasm heap grows to at most 4 GiB (the build's getHeapMax); leave room for the runtime itself.
  if (backend === 'wasm')
    return { deviceBytes: minOrNull(3.5 * GIB, host), maxBufferBytes: null, hostBytes: host };
  return { deviceBytes: host, maxBufferBytes: null, hostBytes: host };
}
