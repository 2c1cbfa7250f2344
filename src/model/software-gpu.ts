/**
 * Whether the GPU backend that just started runs on a software rasteriser: SwiftShader (Chromium's GPU
 * emulation on the CPU), Mesa's llvmpipe, lavapipe or softpipe, or Windows' basic render driver. There the
 * step runs several times slower than on wasm (BENCHMARKS.md: SwiftShader WebGL about 4× slower on case S,
 * WebGPU 11×), so the automatic choice passes over such a GPU; a backend asked for by name still runs on it.
 */
import * as tf from '@tensorflow/tfjs-core';

const SOFTWARE = [
  { pattern: /swiftshader/i, name: 'SwiftShader' },
  { pattern: /llvmpipe/i, name: 'llvmpipe' },
  { pattern: /lavapipe/i, name: 'lavapipe' },
  { pattern: /softpipe/i, name: 'softpipe' },
  { pattern: /microsoft basic render/i, name: 'Microsoft Basic Render Driver' },
] as const;

/** The software rasteriser named in a renderer or adapter description, or null for a hardware GPU. */
export function softwareRendererName(description: string): string | null {
  return SOFTWARE.find((s) => s.pattern.test(description))?.name ?? null;
}

/** The WebGL renderer string: unmasked where the browser allows it. */
function webglRenderer(backend: unknown): string {
  const gl = (backend as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  if (!gl) return '';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer: unknown = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return typeof renderer === 'string' ? renderer : '';
}

/** What tfjs's WebGPU backend and the device know of the adapter. */
function webgpuAdapter(backend: unknown): { text: string; fallback: boolean } {
  const b = backend as {
    adapterInfo?: { vendor?: string; architecture?: string };
    device?: {
      adapterInfo?: {
        vendor?: string;
        architecture?: string;
        description?: string;
        isFallbackAdapter?: boolean;
      };
    };
  };
  const info = b.device?.adapterInfo;
  const parts = [
    b.adapterInfo?.vendor,
    b.adapterInfo?.architecture,
    info?.vendor,
    info?.architecture,
    info?.description,
  ];
  return {
    text: parts.filter((p): p is string => typeof p === 'string').join(' '),
    fallback: info?.isFallbackAdapter === true,
  };
}

/**
 * The software rasteriser under the active backend (webgpu or webgl), or null: a hardware GPU, another
 * backend, or a GPU that does not say what it is.
 */
export function activeSoftwareGpu(): string | null {
  const name = tf.getBackend();
  const backend = tf.backend();
  if (name === 'webgl') return softwareRendererName(webglRenderer(backend));
  if (name === 'webgpu') {
    const { text, fallback } = webgpuAdapter(backend);
    return softwareRendererName(text) ?? (fallback ? 'a fallback (software) adapter' : null);
  }
  return null;
}
