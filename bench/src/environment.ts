/**
 * The runtime in words for a benchmark row, read from the backend that actually runs: the WebGPU adapter, the
 * WebGL renderer, the wasm build's SIMD and thread count, and whether the page is cross-origin isolated (the
 * condition for wasm threads).
 */
import * as tf from '@tensorflow/tfjs-core';

interface WebGPULike {
  adapterInfo?: { vendor?: string; architecture?: string };
}
interface WebGLLike {
  gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

function webgpuDetails(): string {
  const info = (tf.backend() as unknown as WebGPULike).adapterInfo;
  const words = [info?.vendor, info?.architecture].filter((w) => w !== undefined && w !== '');
  return `adapter ${words.length > 0 ? words.join(' ') : 'unknown'}`;
}

function webglDetails(): string {
  const gl = (tf.backend() as unknown as WebGLLike).gpgpu?.gl;
  if (!gl) return 'renderer unknown';
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}, renderer ${String(renderer)}`;
}

async function wasmDetails(): Promise<string> {
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `SIMD ${simd ? 'on' : 'off'}, ${getThreadsCount()} thread(s)`;
}

/** Details of the active backend, for example "SIMD on, 2 thread(s)". */
export async function backendDetails(): Promise<string> {
  switch (tf.getBackend()) {
    case 'webgpu':
      return webgpuDetails();
    case 'webgl':
      return webglDetails();
    case 'wasm':
      return wasmDetails();
    default:
      return 'plain JavaScript';
  }
}
