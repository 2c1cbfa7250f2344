/**
 * Raw WebGL2 draws with several render targets, for the RNN kernels on tfjs's WebGL backend.
 *
 * tfjs's own programs (GPGPUProgram) write one vec4 texel per pixel. The heavy passes here write four (one
 * per render target), so each pixel computes a 2×2 block of packed texels and every texel it fetches feeds
 * twice as many products; on SwiftShader, where texture fetches dominate, that runs about 1.5× faster than
 * tfjs's packed matMul. Textures are still allocated by the backend (tfjs counts, pools and frees them).
 *
 * GL state: before each of its own draws tfjs sets the program, vertex array, framebuffer, viewport,
 * scissor box and the texture units it uses, so a draw here only has to set its own and to rebind tfjs's
 * framebuffer afterwards. tfjs keeps SCISSOR_TEST enabled: the scissor box must be set with the viewport.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-webgl's MathBackendWebGL these kernels use (src/model never imports it). */
export interface WebGLBackend {
  gpgpu: { gl: WebGL2RenderingContext; framebuffer: WebGLFramebuffer };
  texData: { get(dataId: tf.DataId): TexData };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
  uploadToGPU(dataId: tf.DataId): void;
  disposeData(dataId: tf.DataId): boolean;
  readSync(dataId: tf.DataId): unknown;
  runWebGLProgram(
    program: GPGPUProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    customUniformValues?: number[][],
    preventEagerUnpackingOfOutput?: boolean,
  ): tf.TensorInfo;
}

/** What the backend stores per tensor (tfjs-backend-webgl's TextureData, the fields read here). */
export interface TexData {
  shape: number[];
  isPacked?: boolean;
  texShape?: number[] | null;
  /** texShape here is [height, width] in texels. */
  texture?: { texture: WebGLTexture; texShape: number[] } | null;
  /** Values still on the CPU (not uploaded yet). */
  values?: unknown;
  slice?: unknown;
}

/** Structural copy of tfjs-backend-webgl's GPGPUProgram (the fields these kernels set). */
export interface GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs?: boolean;
  packedOutput?: boolean;
  customUniforms?: { name: string; type: 'float' | 'int' }[];
}

/** A compiled raw program: the GL program and where its samplers and scalar uniforms live. */
interface Compiled {
  program: WebGLProgram;
  samplers: (WebGLUniformLocation | null)[];
  ints: Map<string, WebGLUniformLocation | null>;
  floats: Map<string, WebGLUniformLocation | null>;
}

/** Per GL context: compiled programs by source, one empty vertex array and one framebuffer. */
interface ContextState {
  programs: Map<string, Compiled>;
  vao: WebGLVertexArrayObject;
  fbo: WebGLFramebuffer;
}

const contexts = new WeakMap<WebGL2RenderingContext, ContextState>();

/** One triangle covering the viewport, from gl_VertexID alone (no vertex buffers). */
const VERTEX_SHADER = `#version 300 es
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}`;

function stateOf(gl: WebGL2RenderingContext): ContextState {
  let s = contexts.get(gl);
  if (s === undefined) {
    const vao = gl.createVertexArray();
    const fbo = gl.createFramebuffer();
    if (vao === null || fbo === null) throw new Error('RNN WebGL kernels: cannot create GL objects');
    s = { programs: new Map(), vao, fbo };
    contexts.set(gl, s);
  }
  return s;
}

function shader(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const sh = gl.createShader(type);
  if (sh === null) throw new Error('RNN WebGL kernels: cannot create a shader');
  gl.shaderSource(sh, source);
  gl.compileShader(sh);
  if (!gl.getShaderParameter(sh, gl.COMPILE_STATUS))
    throw new Error(`RNN WebGL kernels: shader does not compile: ${gl.getShaderInfoLog(sh) ?? ''}`);
  return sh;
}

function compile(gl: WebGL2RenderingContext, p: RawProgram): Compiled {
  const program = gl.createProgram();
  if (program === null) throw new Error('RNN WebGL kernels: cannot create a program');
  gl.attachShader(program, shader(gl, gl.VERTEX_SHADER, VERTEX_SHADER));
  gl.attachShader(program, shader(gl, gl.FRAGMENT_SHADER, p.source));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(`RNN WebGL kernels: program does not link: ${gl.getProgramInfoLog(program) ?? ''}`);
  const where = (names: string[]) => new Map(names.map((n) => [n, gl.getUniformLocation(program, n)]));
  return {
    program,
    samplers: p.samplers.map((n) => gl.getUniformLocation(program, n)),
    ints: where(p.ints),
    floats: where(p.floats),
  };
}

/** A raw fragment program: its source, sampler names (in input order) and scalar uniform names. */
export interface RawProgram {
  source: string;
  samplers: string[];
  ints: string[];
  floats: string[];
}

/** Texel rectangle [x, y, width, height] a draw writes; the rest of each target is left as it was. */
export type Region = [number, number, number, number];

/**
 * Draws `p` once over `region` of every target texture (all the same size), reading `inputs` (bound in the
 * order of p.samplers) and setting the scalar uniforms. Inputs must not be among the targets.
 */
export function draw(
  backend: WebGLBackend,
  p: RawProgram,
  inputs: WebGLTexture[],
  targets: WebGLTexture[],
  region: Region,
  uniforms: Record<string, number>,
): void {
  const gl = backend.gpgpu.gl;
  const s = stateOf(gl);
  let c = s.programs.get(p.source);
  if (c === undefined) {
    c = compile(gl, p);
    s.programs.set(p.source, c);
  }
  gl.bindFramebuffer(gl.FRAMEBUFFER, s.fbo);
  targets.forEach((t, i) =>
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + i, gl.TEXTURE_2D, t, 0),
  );
  gl.drawBuffers(targets.map((_, i) => gl.COLOR_ATTACHMENT0 + i));
  gl.viewport(...region);
  gl.scissor(...region);
  gl.useProgram(c.program);
  gl.bindVertexArray(s.vao);
  const { samplers } = c;
  inputs.forEach((t, i) => {
    gl.activeTexture(gl.TEXTURE0 + i);
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.uniform1i(samplers[i] ?? null, i);
  });
  for (const [name, value] of Object.entries(uniforms)) {
    if (c.ints.has(name)) gl.uniform1i(c.ints.get(name) ?? null, value);
    else gl.uniform1f(c.floats.get(name) ?? null, value);
  }
  gl.drawArrays(gl.TRIANGLES, 0, 3);
  // Detached, so a texture tfjs frees or reuses is never still attached here.
  targets.forEach((_, i) =>
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0 + i, gl.TEXTURE_2D, null, 0),
  );
  gl.bindFramebuffer(gl.FRAMEBUFFER, backend.gpgpu.framebuffer);
}

/**
 * A packed float texture of `height` × `width` texels, allocated by the backend as a packed tensor of
 * logical shape [2·height, 2·width] (which tfjs lays out one 2×2 block per texel). Free it with
 * backend.disposeData.
 */
export function allocateTexels(backend: WebGLBackend, height: number, width: number): tf.TensorInfo {
  const info = backend.makeTensorInfo([2 * height, 2 * width], 'float32');
  const td = backend.texData.get(info.dataId);
  td.isPacked = true;
  backend.uploadToGPU(info.dataId);
  const got = td.texture?.texShape;
  if (got?.[0] !== height || got[1] !== width)
    throw new Error(`RNN WebGL kernels: expected a ${height}×${width} texture, got ${String(got)}`);
  return info;
}

/** The GL texture of a tensor already on the GPU. */
export function textureOf(backend: WebGLBackend, info: tf.TensorInfo): WebGLTexture {
  const t = backend.texData.get(info.dataId).texture;
  if (t == null) throw new Error('RNN WebGL kernels: tensor is not on the GPU');
  return t.texture;
}

const even = (n: number) => Math.ceil(n / 2) * 2;
const same = (a: number[] | null | undefined, b: number[]) =>
  a?.length === 2 && a[0] === b[0] && a[1] === b[1];

/**
 * Whether a [rows, cols] tensor is stored the way the raw programs read it: packed into its own texture (not
 * a slice), one 2×2 block per texel, the texture ⌈rows/2⌉ × ⌈cols/2⌉ texels. A tensor still on the CPU is
 * uploaded that way first. Padding channels (odd rows or columns) hold no defined values.
 */
export function isStandardPacked(
  backend: WebGLBackend,
  info: tf.TensorInfo,
  rows: number,
  cols: number,
): boolean {
  const td = backend.texData.get(info.dataId);
  if (!same(td.shape, [rows, cols]) || td.slice != null) return false;
  if (td.texture == null && td.values != null) {
    // As runWebGLProgram uploads the input of a packed program.
    td.isPacked = true;
    backend.uploadToGPU(info.dataId);
  }
  return td.isPacked === true && td.texture != null && same(td.texShape, [even(rows), even(cols)]);
}
