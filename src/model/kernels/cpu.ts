/**
 * The RNN kernels for tfjs's cpu backend: plain JavaScript over the backend's own arrays (rnn-cpu.ts), run as
 * registered tfjs kernels so they take part in tf.tidy and memory accounting like any op.
 */
import * as tf from '@tensorflow/tfjs-core';
import { rnnBackward, rnnForward, rnnWeightGradient, type RnnShape } from './rnn-cpu';
import { RNN_BACKWARD, RNN_FORWARD, RNN_WEIGHT_GRADIENT } from './names';

/** The part of tfjs-backend-cpu's MathBackendCPU these kernels use (typed here: src/model never imports it). */
interface CpuBackend {
  readSync(dataId: tf.DataId): unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

type Inputs = tf.NamedTensorInfoMap;

function values(backend: CpuBackend, t: tf.TensorInfo | undefined): Float32Array {
  if (t === undefined || t.dtype !== 'float32') throw new Error('RNN kernels take float32 tensors');
  return backend.readSync(t.dataId) as Float32Array;
}

function shapeOf(attrs: tf.NamedAttrMap, m: number): RnnShape {
  return { L: attrs.L as number, batch: attrs.batch as number, m };
}

const kernels: tf.KernelConfig[] = [
  {
    kernelName: RNN_FORWARD,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as CpuBackend;
      const { X, W, A } = inputs as Inputs;
      const m = (W as tf.TensorInfo).shape[0] as number;
      const dx = (A as tf.TensorInfo).shape[1] as number;
      const s = shapeOf(attrs as tf.NamedAttrMap, m);
      const H = rnnForward(values(b, X), values(b, W), values(b, A), dx, s);
      return b.makeTensorInfo([s.L * s.batch, m], 'float32', H);
    },
  },
  {
    kernelName: RNN_BACKWARD,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as CpuBackend;
      const { E, H, W, B } = inputs as Inputs;
      const m = (W as tf.TensorInfo).shape[0] as number;
      const d = (B as tf.TensorInfo).shape[0] as number;
      const a = attrs as tf.NamedAttrMap;
      const s = shapeOf(a, m);
      const delta = rnnBackward(
        values(b, E),
        values(b, H),
        values(b, W),
        values(b, B),
        a.lambda as number,
        d,
        s,
      );
      return b.makeTensorInfo([s.L * s.batch, m], 'float32', delta);
    },
  },
  {
    kernelName: RNN_WEIGHT_GRADIENT,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as CpuBackend;
      const { delta, H } = inputs as Inputs;
      const m = (H as tf.TensorInfo).shape[1] as number;
      const dW = rnnWeightGradient(values(b, delta), values(b, H), shapeOf(attrs as tf.NamedAttrMap, m));
      return b.makeTensorInfo([m, m], 'float32', dW);
    },
  },
];

/** Registers the cpu kernels once (tfjs warns on a second registration). */
export function registerCpuKernels(): void {
  for (const k of kernels) if (!tf.getKernel(k.kernelName, k.backendName)) tf.registerKernel(k);
}
