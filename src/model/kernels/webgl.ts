/**
 * The RNN kernels for tfjs's WebGL backend. Each recurrence is one raw pass per position (webgl-programs.ts,
 * four render targets, drawn by webgl-draw.ts) with the input term x_l·Aᵀ or the output term λ·e_l·B folded
 * into the same pass, and dW is one pass; small tfjs programs (webgl-layout.ts) pad the engine's inputs where
 * needed and assemble the results into ordinary packed tensors.
 *
 * The passes of a recurrence write position l's rows into textures that hold every position, alternating
 * between two sets so that no pass reads the textures it writes (WebGL forbids that even for disjoint
 * regions); no slices, copies or concatenations. Where the padded matrices would exceed the maximum texture
 * size, webglKernelsFit says no and the engine runs its generic tfjs ops (no GPU read inside the step).
 */
import * as tf from '@tensorflow/tfjs-core';
import { RNN_BACKWARD, RNN_FORWARD, RNN_WEIGHT_GRADIENT } from './names';
import { allocateTexels, draw, isStandardPacked, textureOf, type WebGLBackend } from './webgl-draw';
import { assembleRowsProgram, assembleSquareProgram, padProgram } from './webgl-layout';
import {
  backwardProgram,
  forwardProgram,
  paddedBatch,
  recurrenceTargetTexels,
  roundEven,
  weightGradientProgram,
  weightGradientTargetTexels,
  type StepSizes,
} from './webgl-programs';

/**
 * Whether the kernels take a step of this size: m a multiple of 4 (four columns per pixel block), and every
 * padded matrix of the step within the maximum texture size.
 */
export function webglKernelsFit(m: number, L: number, batch: number): boolean {
  return m % 4 === 0 && fitsTextures(L, batch, m);
}

type Info = tf.TensorInfo;

function info(t: Info | undefined): Info {
  if (t === undefined || t.dtype !== 'float32') throw new Error('RNN kernels take float32 tensors');
  return t;
}

/** Whether every padded matrix of the step fits a texture. */
function fitsTextures(L: number, batch: number, m: number): boolean {
  const max = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  return (L * paddedBatch(batch)) / 2 <= max && m / 2 <= max;
}

/** Temporaries of one kernel call, freed together. */
class Scratch {
  private readonly list: Info[] = [];
  constructor(private readonly be: WebGLBackend) {}
  keep(t: Info): Info {
    this.list.push(t);
    return t;
  }
  free(): void {
    for (const t of this.list) this.be.disposeData(t.dataId);
  }
}

/** Runs a tfjs program on packed inputs; the output stays packed whatever WEBGL_PACK says. */
function run(be: WebGLBackend, program: Parameters<WebGLBackend['runWebGLProgram']>[0], inputs: Info[]) {
  return be.runWebGLProgram(program, inputs, 'float32', undefined, true);
}

/**
 * An engine [L·B, c] tensor in the padded-rows layout ([L·Bp, c], Bp rows per position): itself when the
 * batch needs no padding and the texture is laid out as the raw programs read it.
 */
function paddedRows(be: WebGLBackend, x: Info, L: number, batch: number, s: Scratch): Info {
  const cols = x.shape[1] as number;
  const bp = paddedBatch(batch);
  if (bp === batch && isStandardPacked(be, x, L * batch, cols)) return x;
  return s.keep(run(be, padProgram(L, batch, bp, cols, roundEven(cols)), [x]));
}

/** A matrix as the raw programs read it: itself, or a packed copy when its texture is laid out otherwise. */
function standardMatrix(be: WebGLBackend, x: Info, s: Scratch): Info {
  const [rows, cols] = x.shape as [number, number];
  if (isStandardPacked(be, x, rows, cols)) return x;
  return s.keep(run(be, padProgram(1, rows, roundEven(rows), cols, roundEven(cols)), [x]));
}

/** The two alternating sets of four quadrant textures of a recurrence. */
function targetSets(be: WebGLBackend, sizes: StepSizes, s: Scratch): Info[][] {
  const [h, w] = recurrenceTargetTexels(sizes);
  return [0, 1].map(() => [0, 1, 2, 3].map(() => s.keep(allocateTexels(be, h, w))));
}

/**
 * Runs one recurrence: a pass per position, in `order`, each reading the other set's rows of the previous
 * position in that order (none for the first), and assembles the result [L·B, m].
 */
function recurrence(
  be: WebGLBackend,
  sizes: StepSizes,
  program: ReturnType<typeof forwardProgram>,
  fixed: Info[],
  order: number[],
  s: Scratch,
  uniforms: Record<string, number> = {},
): Info {
  const { m, batch, L } = sizes;
  const bq = paddedBatch(batch) / 4;
  const sets = targetSets(be, sizes, s);
  const tex = (t: Info) => textureOf(be, t);
  const fixedTex = fixed.map(tex);
  order.forEach((l, step) => {
    const out = sets[l % 2] as Info[];
    const prev = sets[(l + 1) % 2] as Info[];
    draw(be, program, [...prev.map(tex), ...fixedTex], out.map(tex), [0, l * bq, m / 4, bq], {
      ...uniforms,
      pos: l,
      nk: step === 0 ? 0 : m / 4,
    });
  });
  return run(be, assembleRowsProgram(L, batch, m, bq), [...(sets[0] as Info[]), ...(sets[1] as Info[])]);
}

function forward(be: WebGLBackend, X: Info, W: Info, A: Info, L: number, batch: number): Info {
  const m = W.shape[0] as number;
  const dx = A.shape[1] as number;
  const sizes: StepSizes = { m, batch, L, thin: dx };
  const s = new Scratch(be);
  try {
    const fixed = [standardMatrix(be, W, s), paddedRows(be, X, L, batch, s), standardMatrix(be, A, s)];
    const order = Array.from({ length: L }, (_, l) => l);
    return recurrence(be, sizes, forwardProgram(sizes), fixed, order, s);
  } finally {
    s.free();
  }
}

function backward(
  be: WebGLBackend,
  inputs: { E: Info; H: Info; W: Info; B: Info },
  lambda: number,
  L: number,
  batch: number,
): Info {
  const { E, H, W, B } = inputs;
  const m = W.shape[0] as number;
  const d = B.shape[0] as number;
  const sizes: StepSizes = { m, batch, L, thin: d };
  const s = new Scratch(be);
  try {
    const fixed = [
      standardMatrix(be, W, s),
      paddedRows(be, E, L, batch, s),
      standardMatrix(be, B, s),
      paddedRows(be, H, L, batch, s),
    ];
    const order = Array.from({ length: L }, (_, i) => L - 1 - i);
    return recurrence(be, sizes, backwardProgram(sizes), fixed, order, s, { lambda });
  } finally {
    s.free();
  }
}

/** Column parts of the dW targets: four (eight render targets) where m and the context allow. */
function weightGradientParts(be: WebGLBackend, m: number): 2 | 4 {
  const gl = be.gpgpu.gl;
  const targets = Math.min(
    gl.getParameter(gl.MAX_DRAW_BUFFERS) as number,
    gl.getParameter(gl.MAX_COLOR_ATTACHMENTS) as number,
  );
  return m % 8 === 0 && targets >= 8 ? 4 : 2;
}

function weightGradient(be: WebGLBackend, delta: Info, H: Info, L: number, batch: number): Info {
  const m = H.shape[1] as number;
  const sizes: StepSizes = { m, batch, L, thin: 1 };
  const s = new Scratch(be);
  try {
    const dl = paddedRows(be, delta, L, batch, s);
    const hs = paddedRows(be, H, L, batch, s);
    const parts = weightGradientParts(be, m);
    const [h, w] = weightGradientTargetTexels(m, parts);
    const targets = Array.from({ length: 2 * parts }, () => s.keep(allocateTexels(be, h, w)));
    const tex = (t: Info) => textureOf(be, t);
    draw(be, weightGradientProgram(sizes, parts), [tex(dl), tex(hs)], targets.map(tex), [0, 0, w, h], {
      nk: ((L - 1) * paddedBatch(batch)) / 2,
    });
    return run(be, assembleSquareProgram(m, parts), targets);
  } finally {
    s.free();
  }
}

const kernels: tf.KernelConfig[] = [
  {
    kernelName: RNN_FORWARD,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { X, W, A } = inputs as tf.NamedTensorInfoMap;
      const { L, batch } = attrs as { L: number; batch: number };
      return forward(backend as unknown as WebGLBackend, info(X), info(W), info(A), L, batch);
    },
  },
  {
    kernelName: RNN_BACKWARD,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { E, H, W, B } = inputs as tf.NamedTensorInfoMap;
      const { L, batch, lambda } = attrs as { L: number; batch: number; lambda: number };
      const ins = { E: info(E), H: info(H), W: info(W), B: info(B) };
      return backward(backend as unknown as WebGLBackend, ins, lambda, L, batch);
    },
  },
  {
    kernelName: RNN_WEIGHT_GRADIENT,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { delta, H } = inputs as tf.NamedTensorInfoMap;
      const { L, batch } = attrs as { L: number; batch: number };
      return weightGradient(backend as unknown as WebGLBackend, info(delta), info(H), L, batch);
    },
  },
];

/** Registers the WebGL kernels once. Registering needs no GPU: they run only when WebGL is the backend. */
export function registerWebGLKernels(): void {
  for (const k of kernels) if (!tf.getKernel(k.kernelName, k.backendName)) tf.registerKernel(k);
}
