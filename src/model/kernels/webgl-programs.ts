/**
 * The three heavy passes of the RNN kernels on WebGL, as raw GLSL ES 3.00 fragment programs with four (dW:
 * up to eight) render targets (drawn by webgl-draw.ts). Layouts, all in tfjs's packed form (one texel = a 2×2 block of rows ×
 * columns):
 *
 * - Padded rows: a position-major [L·B, c] matrix is read as [L·Bp, c] with Bp = B rounded up to 4 and zero
 *   padding rows (webgl-layout.ts makes it from the engine's tensor; when B is a multiple of 4 the tensor is
 *   read as it is). An odd column count leaves a padding channel the programs ignore.
 * - Quadrants: a pass writes its result split into four textures, target (r, c) holding row half r and
 *   column half c. For the recurrences the row halves are taken per position (sequences b < Bp/2 and the
 *   rest), so position l occupies texel rows [l·bq, (l+1)·bq) of every target, bq = Bp/4; dW splits its
 *   [m, m] result into row halves × two or four column parts (see weightGradientProgram).
 *
 * Each pixel computes one texel in each of the four targets: rows from both row halves times columns from
 * both column halves, so per step of the inner loop it fetches four texels and does 32 multiply-adds. The
 * sizes are compiled in; the position and the loop length are uniforms, so one program serves every position.
 * Texture coordinates are recomputed from integer indices at every step (accumulated float offsets drift by a
 * texel on tall textures).
 */
import type { RawProgram } from './webgl-draw';

/** Sizes of one step: width m (a multiple of 4), batch, positions L and the narrow dimension (dx or d). */
export interface StepSizes {
  m: number;
  batch: number;
  L: number;
  /** Columns of the thin operand: dx for the forward pass, d for the backward pass. */
  thin: number;
}

/** Rows per position once padded for the quadrant split. */
export const paddedBatch = (batch: number): number => Math.ceil(batch / 4) * 4;
export const roundEven = (n: number): number => Math.ceil(n / 2) * 2;

/** Texel-grid constants shared by the programs. */
function grid(s: StepSizes) {
  const bp = paddedBatch(s.batch);
  return {
    mq: s.m / 4, // column pairs per column half
    m2: s.m / 2, // column pairs of an [·, m] matrix
    bq: bp / 4, // row pairs per row half of one position
    bp2: bp / 2, // row pairs per position
    rows2: (s.L * bp) / 2, // row pairs of a padded [L·Bp, ·] matrix
    quadH: (s.L * bp) / 4, // texel rows of a recurrence target
    thin2: roundEven(s.thin) / 2, // texel columns of the thin operand
  };
}

/** A number as a GLSL float literal. */
const f = (n: number): string => (Number.isInteger(n) ? `${n}.0` : String(n));

/** The program's preamble: precisions and one output per render target, o{rowPart}{columnPart}. */
const preamble = (outs: string[]): string => `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2D;
${outs.map((o, i) => `layout(location = ${i}) out vec4 ${o};`).join('\n')}
`;

const HEADER = `${preamble(['o00', 'o01', 'o10', 'o11'])}
// Packed 2x2 blocks: c += a·b for A texel a (rows r, r+1 x k, k+1) and B texel b (k, k+1 x cols j, j+1).
#define MAC(c, a, b) c += a.xxzz * b.xyxy; c += a.yyww * b.zwzw;
#define BLOCK(a0, a1, b0, b1) MAC(c00, a0, b0) MAC(c01, a0, b1) MAC(c10, a1, b0) MAC(c11, a1, b1)
#define THIN_BLOCK(a0, a1, b0, b1) MAC(e00, a0, b0) MAC(e01, a0, b1) MAC(e10, a1, b0) MAC(e11, a1, b1)
`;

// c: the recurrent product; e: the thin term, summed separately and added last so that every value is
// rounded as tfjs's fused matMul + bias rounds it (another order flips ReLUs near 0 on large models).
const ACCUMULATORS = `vec4 c00 = vec4(0.0), c01 = vec4(0.0), c10 = vec4(0.0), c11 = vec4(0.0);
  vec4 e00 = vec4(0.0), e01 = vec4(0.0), e10 = vec4(0.0), e11 = vec4(0.0);`;

/** Texture coordinate of texel centre `index` along an axis of `size` texels. */
const centre = (index: number, size: number): string => f((index + 0.5) / size);

/**
 * The thin term, unrolled over the `thin` columns in pairs: rows of `a` (texel x = pair, y = ra0 / ra1;
 * aWidth texels wide) times `b` (bSize texels along the pair axis: x, or y when bAlongY; columns at cb0 / cb1),
 * with `swizzle` applied to b's texels. With an odd thin dimension the last pair's second half is padding,
 * zeroed here by selection, not by multiplying: tfjs leaves padding channels undefined, possibly NaN.
 */
function thinTerm(
  a: string,
  aWidth: number,
  b: string,
  bSize: number,
  thin: number,
  swizzle: string,
  bAlongY: boolean,
): string {
  const pairs = Math.ceil(thin / 2);
  const lines: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const ka = centre(i, aWidth);
    const kb = centre(i, bSize);
    const bAt = (col: string) => (bAlongY ? `vec2(${col}, ${kb})` : `vec2(${kb}, ${col})`);
    const odd = thin % 2 === 1 && i === pairs - 1;
    lines.push(`{
    vec4 a0 = texture(${a}, vec2(${ka}, ra0)); vec4 a1 = texture(${a}, vec2(${ka}, ra1));
    vec4 b0 = texture(${b}, ${bAt('cb0')})${swizzle}; vec4 b1 = texture(${b}, ${bAt('cb1')})${swizzle};
    ${odd ? 'a0 = vec4(a0.x, 0.0, a0.z, 0.0); a1 = vec4(a1.x, 0.0, a1.z, 0.0); b0 = vec4(b0.xy, 0.0, 0.0); b1 = vec4(b1.xy, 0.0, 0.0);' : ''}
    THIN_BLOCK(a0, a1, b0, b1)
  }`);
  }
  return lines.join('\n  ');
}

/**
 * `for` over texel centres 0.5, 1.5, … below the uniform bound nkf, with `body(centre)`; unrolled four times
 * (or twice) when `count` (the bound whenever it is not 0) allows: on SwiftShader unrolling twice saves about
 * a tenth of the loop's time and four times a few percent more (eight times no more).
 */
function loop(count: number, name: string, body: (centre: string) => string): string {
  const unroll = [4, 2].find((u) => count % u === 0) ?? 1;
  const bodies = Array.from({ length: unroll }, (_, i) => body(i === 0 ? name : `(${name} + ${i}.0)`));
  return `for (float ${name} = 0.5; ${name} < nkf; ${name} += ${unroll}.0) {
    ${bodies.join('\n    ')}
  }`;
}

/**
 * Σ_k A_k·W over one half of k (second: k + m/4 in texels), unrolled by `loop`: A's texels from the quadrant
 * samplers q0 (rows r) and q1 (rows r + 1) at texture row y, W's texels from `wAt(v, column)`.
 */
function halfProduct(
  g: ReturnType<typeof grid>,
  second: boolean,
  q0: string,
  q1: string,
  y: string,
  wAt: (v: string, column: string) => string,
): string {
  return loop(
    g.mq,
    'k',
    (k) => `{
    float u = ${k} * ${f(1 / g.mq)}, v = ${second ? '0.5 + 0.5 * u' : '0.5 * u'};
    vec4 a0 = texture(${q0}, vec2(u, ${y})); vec4 a1 = texture(${q1}, vec2(u, ${y}));
    vec4 b0 = ${wAt('v', 'cb0')}; vec4 b1 = ${wAt('v', 'cb1')};
    BLOCK(a0, a1, b0, b1)
  }`,
  );
}

/**
 * The start of a recurrence pass's main(): the pixel p, its texel row t within the position, zeroed
 * accumulators, the texture rows ra0 / ra1 of its two row halves in the padded-rows layout and the columns
 * cb0 / cb1 of its two column halves.
 */
function pixelSetup(g: ReturnType<typeof grid>): string {
  return `ivec2 p = ivec2(gl_FragCoord.xy);
  int t = p.y - pos * ${g.bq};
  ${ACCUMULATORS}
  float ra0 = (float(pos * ${g.bp2} + t) + 0.5) / ${f(g.rows2)}, ra1 = ra0 + ${f(g.bq / g.rows2)};
  float cb0 = (float(p.x) + 0.5) / ${f(g.m2)}, cb1 = cb0 + 0.5;`;
}

/**
 * h_l = ReLU(h_{l-1}·Wᵀ + x_l·Aᵀ) for one position (uniform pos), into the quadrants of the rows of pos.
 * Samplers: the four quadrants of h_{l-1} (position pos-1; nk = 0 at pos 0 skips them), W [m, m], X in the
 * padded-rows layout [L·Bp, dx] and A [m, dx]. W and A are read transposed by swizzling their texels.
 */
export function forwardProgram(s: StepSizes): RawProgram {
  const g = grid(s);
  const source = `${HEADER}
uniform sampler2D hq00; uniform sampler2D hq01; uniform sampler2D hq10; uniform sampler2D hq11;
uniform sampler2D w; uniform sampler2D xs; uniform sampler2D as;
uniform int pos; uniform int nk;
// ReLU that keeps NaN (as tfjs's packed relu does: NaN times 0 is NaN).
vec4 relu(vec4 v) { return v * vec4(greaterThanEqual(v, vec4(0.0))); }
void main() {
  ${pixelSetup(g)}
  ${thinTerm('xs', g.thin2, 'as', g.thin2, s.thin, '.xzyw', false)}
  // h_{l-1}: column k of a quadrant is column k (first half) or k + m/4 (second) of W's transposed texels.
  float hy = (float((pos - 1) * ${g.bq} + t) + 0.5) / ${f(g.quadH)};
  float nkf = float(nk);
  ${halfProduct(g, false, 'hq00', 'hq10', 'hy', (v, c) => `texture(w, vec2(${v}, ${c})).xzyw`)}
  ${halfProduct(g, true, 'hq01', 'hq11', 'hy', (v, c) => `texture(w, vec2(${v}, ${c})).xzyw`)}
  o00 = relu(c00 + e00); o01 = relu(c01 + e01); o10 = relu(c10 + e10); o11 = relu(c11 + e11);
}`;
  return {
    source,
    samplers: ['hq00', 'hq01', 'hq10', 'hq11', 'w', 'xs', 'as'],
    ints: ['pos', 'nk'],
    floats: [],
  };
}

/**
 * δ_l = (δ_{l+1}·W + e_l·(λB)) ⊙ 1[h_l > 0] for one position (uniform pos), into the quadrants of the rows of
 * pos. Samplers: the quadrants of δ_{l+1} (nk = 0 at the last position skips them), W [m, m], E in the
 * padded-rows layout [L·Bp, d], B [d, m] (times the uniform lambda here, as the engine's tf.mul(B, λ) rounds)
 * and H in the padded-rows layout [L·Bp, m].
 */
export function backwardProgram(s: StepSizes): RawProgram {
  const g = grid(s);
  const source = `${HEADER}
uniform sampler2D dq00; uniform sampler2D dq01; uniform sampler2D dq10; uniform sampler2D dq11;
uniform sampler2D w; uniform sampler2D es; uniform sampler2D bo; uniform sampler2D hs;
uniform int pos; uniform int nk; uniform float lambda;
// tf.step: 1 where h > 0, 0 where h <= 0, NaN where h is NaN.
vec4 onMask(vec4 h) {
  vec4 s = vec4(greaterThan(h, vec4(0.0)));
  bvec4 n = isnan(h);
  return vec4(n.x ? h.x : s.x, n.y ? h.y : s.y, n.z ? h.z : s.z, n.w ? h.w : s.w);
}
void main() {
  ${pixelSetup(g)}
  ${thinTerm('es', g.thin2, 'bo', g.thin2, s.thin, ' * lambda', true)}
  float dy = (float((pos + 1) * ${g.bq} + t) + 0.5) / ${f(g.quadH)};
  float nkf = float(nk);
  ${halfProduct(g, false, 'dq00', 'dq10', 'dy', (v, c) => `texture(w, vec2(${c}, ${v}))`)}
  ${halfProduct(g, true, 'dq01', 'dq11', 'dy', (v, c) => `texture(w, vec2(${c}, ${v}))`)}
  o00 = (c00 + e00) * onMask(texture(hs, vec2(cb0, ra0)));
  o01 = (c01 + e01) * onMask(texture(hs, vec2(cb1, ra0)));
  o10 = (c10 + e10) * onMask(texture(hs, vec2(cb0, ra1)));
  o11 = (c11 + e11) * onMask(texture(hs, vec2(cb1, ra1)));
}`;
  return {
    source,
    samplers: ['dq00', 'dq01', 'dq10', 'dq11', 'w', 'es', 'bo', 'hs'],
    ints: ['pos', 'nk'],
    floats: ['lambda'],
  };
}

/**
 * dW = Σ_l δ_lᵀ·h_{l-1} over positions l ≥ 1, from Δ and H in the padded-rows layout ([L·Bp, m]), into
 * 2 × parts targets of [m, m] (row half × column part, in that order; parts = 4 needs eight draw buffers and
 * m a multiple of 8). With four parts a pixel computes a 2×4 block of texels: six fetches per 64
 * multiply-adds instead of four per 32, about a tenth faster on SwiftShader, where fetches dominate.
 * Uniform nk: row pairs to sum, (L-1)·Bp/2. Δ is read transposed by swizzling.
 */
export function weightGradientProgram(s: StepSizes, parts: 2 | 4): RawProgram {
  const g = grid(s);
  const cols = Array.from({ length: parts }, (_, c) => c);
  const outs = [0, 1].flatMap((r) => cols.map((c) => `o${r}${c}`));
  const source = `${preamble(outs)}
#define MAC(c, a, b) c += a.xxzz * b.xyxy; c += a.yyww * b.zwzw;
uniform sampler2D dl; uniform sampler2D hs;
uniform int nk;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  float i0 = (float(p.y) + 0.5) / ${f(g.m2)}, i1 = i0 + 0.5;
  float j0 = (float(p.x) + 0.5) / ${f(g.m2)};
  ${outs.map((o) => `vec4 ${o.replace('o', 'c')} = vec4(0.0);`).join(' ')}
  float nkf = float(nk);
  ${loop(
    (s.L - 1) * g.bp2,
    'u',
    (u) => `{
    float yh = ${u} * ${f(1 / g.rows2)}, yd = yh + ${f(g.bp2 / g.rows2)};
    vec4 a0 = texture(dl, vec2(i0, yd)).xzyw; vec4 a1 = texture(dl, vec2(i1, yd)).xzyw;
    ${cols.map((c) => `vec4 b${c} = texture(hs, vec2(j0 + ${f(c / parts)}, yh));`).join(' ')}
    ${outs.map((o) => `MAC(${o.replace('o', 'c')}, a${o[1]}, b${o[2]})`).join(' ')}
  }`,
  )}
  ${outs.map((o) => `${o} = ${o.replace('o', 'c')};`).join(' ')}
}`;
  return { source, samplers: ['dl', 'hs'], ints: ['nk'], floats: [] };
}

/** Texel sizes [height, width] of the quadrant targets: recurrences (all positions) and dW. */
export function recurrenceTargetTexels(s: StepSizes): [number, number] {
  const g = grid(s);
  return [g.quadH, g.mq];
}
export function weightGradientTargetTexels(m: number, parts: 2 | 4): [number, number] {
  return [m / 4, m / (2 * parts)];
}
