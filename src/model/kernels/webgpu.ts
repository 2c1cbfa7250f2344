/**
 * The RNN kernels for tfjs's WebGPU backend: the WGSL programs of webgpu-programs.ts, registered as tfjs
 * kernels. A step then needs three or four dispatches for the recurrences and dW (Wᵀ on GPUs, forward,
 * backward, dW) whatever the sequence length, instead of several per position.
 */
import * as tf from '@tensorflow/tfjs-core';
import { RNN_BACKWARD, RNN_FORWARD, RNN_WEIGHT_GRADIENT } from './names';
import {
  backwardProgram,
  forwardProgram,
  transposeProgram,
  weightGradientProgram,
  type Tiling,
  type WebGPUProgram,
} from './webgpu-programs';

/** The part of tfjs-backend-webgpu's WebGPUBackend these kernels use. */
interface WebGPUBackend {
  runWebGPUProgram(
    program: WebGPUProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    uniforms?: { type: string; data: number[] }[],
  ): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
  /** What the adapter says it is (tfjs's AdapterInfo). */
  adapterInfo?: { vendor?: string; architecture?: string };
}

/** For GPUs: many invocations, neighbouring invocations reading neighbouring addresses. */
export const GPU_TILING: Tiling = {
  sequences: 1,
  unitGroups: 1,
  forwardRows: false,
  gradientRowGroups: 1,
  gradientColumnGroups: 1,
  gradientUnroll: 1,
};

/**
 * For SwiftShader. Measured there on case M (m 1024, L 20, batch 64): forward 2.5×, backward 2.2×, dW 2.5×
 * faster than GPU_TILING; more sequences or larger tiles were slower (the tile outgrows the registers). On an
 * H200 (Dawn, Vulkan) it was the other way round: GPU_TILING's step was 1.8× faster on M and 1.5× on the
 * long case (16 sequences in 4 workgroups leave most of the GPU idle).
 */
export const CPU_TILING: Tiling = {
  sequences: 4,
  unitGroups: 2,
  forwardRows: true,
  gradientRowGroups: 2,
  gradientColumnGroups: 4,
  gradientUnroll: 4,
};

/** CPU_TILING on SwiftShader (Chromium's WebGPU without a GPU), GPU_TILING elsewhere. */
export function tilingFor(backend: WebGPUBackend): Tiling {
  return backend.adapterInfo?.architecture === 'swiftshader' ? CPU_TILING : GPU_TILING;
}

/**
 * Largest m the kernels take: a sequence's h (m floats) must fit the 16 KiB of workgroup memory every WebGPU
 * device offers, and m must be a multiple of 4 (vec4 units).
 */
export const WEBGPU_MAX_M = 4096;

/** Whether the kernels can run a model of width m. */
export function webgpuKernelsFit(m: number): boolean {
  return m % 4 === 0 && m <= WEBGPU_MAX_M;
}

function info(t: tf.TensorInfo | undefined): tf.TensorInfo {
  if (t === undefined || t.dtype !== 'float32') throw new Error('RNN kernels take float32 tensors');
  return t;
}

const int = (v: number) => ({ type: 'int32', data: [v] });
const float = (v: number) => ({ type: 'float32', data: [v] });

const kernels: tf.KernelConfig[] = [
  {
    kernelName: RNN_FORWARD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WebGPUBackend;
      const { X, W, A } = inputs as tf.NamedTensorInfoMap;
      const { L, batch } = attrs as { L: number; batch: number };
      const w = info(W);
      const m = w.shape[0] as number;
      const a = info(A);
      const tiling = tilingFor(be);
      const program = forwardProgram(tiling, m, batch, a.shape[1] as number, L);
      if (tiling.forwardRows) return be.runWebGPUProgram(program, [info(X), w, a], 'float32', [int(L)]);
      const Wt = be.runWebGPUProgram(transposeProgram(m), [w], 'float32');
      const H = be.runWebGPUProgram(program, [info(X), Wt, a], 'float32', [int(L)]);
      be.disposeData(Wt.dataId);
      return H;
    },
  },
  {
    kernelName: RNN_BACKWARD,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WebGPUBackend;
      const { E, H, W, B } = inputs as tf.NamedTensorInfoMap;
      const { L, batch, lambda } = attrs as { L: number; batch: number; lambda: number };
      const w = info(W);
      const bo = info(B);
      const program = backwardProgram(tilingFor(be), w.shape[0] as number, batch, bo.shape[0] as number, L);
      return be.runWebGPUProgram(program, [info(E), info(H), w, bo], 'float32', [int(L), float(lambda)]);
    },
  },
  {
    kernelName: RNN_WEIGHT_GRADIENT,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WebGPUBackend;
      const { delta, H } = inputs as tf.NamedTensorInfoMap;
      const { L, batch } = attrs as { L: number; batch: number };
      const h = info(H);
      const program = weightGradientProgram(tilingFor(be), h.shape[1] as number, batch);
      return be.runWebGPUProgram(program, [info(delta), h], 'float32', [int(L * batch)]);
    },
  },
];

/** Registers the WebGPU kernels once. Registering needs no GPU: they run only when WebGPU is the backend. */
export function registerWebGPUKernels(): void {
  for (const k of kernels) if (!tf.getKernel(k.kernelName, k.backendName)) tf.registerKernel(k);
}
