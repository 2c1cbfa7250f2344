/**
 * WGSL programs for the RNN kernels on tfjs's WebGPU backend (run through `backend.runWebGPUProgram`, which
 * adds the bindings, the uniforms and `fn _start`; see tfjs-backend-webgpu's webgpu_program.ts).
 *
 * The recurrences run one or a few sequences per workgroup: sequences are independent, so a workgroup can
 * hold its sequences' h_{l-1} (or δ_{l+1}) in workgroup memory and loop over all positions with only
 * workgroup barriers; one dispatch does every position. Each invocation owns a tile of units × sequences and
 * walks the inner index four at a time. How large the tiles are depends on the device (see `Tiling`).
 *
 * Every product is computed, as generic matMul does, so a NaN anywhere spreads as it would there; only the
 * first position of each recurrence, whose previous state is zero by definition, skips the product. (Skipping
 * groups of four zero states did not pay: at most a few percent of the groups are all zero, and on SwiftShader
 * the test cost more than it saved.)
 *
 * Sizes (m, batch, tiles) are compiled in; the shader key names them, as tfjs's own key holds only ranks and
 * types.
 */

/** Structural copy of tfjs-backend-webgpu's WebGPUProgram (src/model never imports the backend package). */
export interface WebGPUProgram {
  dispatch: [number, number, number];
  dispatchLayout: { x: number[]; y?: number[] };
  outputComponent?: number;
  outputShape: number[];
  shaderKey: string;
  size?: boolean;
  uniforms?: string;
  variableNames: string[];
  variableComponents?: number[];
  workgroupSize: [number, number, number];
  getUserCode: () => string;
}

/** Workgroup memory every WebGPU device offers (maxComputeWorkgroupStorageSize's default). */
export const WORKGROUP_BYTES = 16384;

/**
 * How the kernels split the work. A GPU wants many invocations: one sequence per workgroup and one group of
 * four units per invocation, reading weights where neighbouring invocations read neighbouring addresses. A CPU
 * emulation (SwiftShader) runs a workgroup's invocations four at a time on one core and turns every indexed
 * load into a gather, so there larger tiles pay: each weight loaded serves several sequences, each state
 * loaded several units, and each dW loop turn several rows. The two tilings are in webgpu.ts. Each size is
 * the most wanted: a smaller one is used where the shape needs it.
 */
export interface Tiling {
  /** Sequences per recurrence workgroup (their states must fit WORKGROUP_BYTES). */
  sequences: number;
  /** Groups of four units per invocation in the recurrences. */
  unitGroups: number;
  /** The forward reads W by rows (dot products along a row), else Wᵀ (transposeProgram) by columns. */
  forwardRows: boolean;
  /** dW: groups of four rows and of four columns per invocation, and rows of Δ per loop turn. */
  gradientRowGroups: number;
  gradientColumnGroups: number;
  gradientUnroll: number;
}

/** The largest of want, want/2, …, 1 that divides n (want a power of two). */
function fit(want: number, n: number): number {
  let k = want;
  while (n % k !== 0) k /= 2;
  return k;
}

/** `n` copies of `f(i)`, joined: the generated code unrolls over compile-time tile sizes. */
function each(n: number, f: (i: number) => string, sep = '\n'): string {
  return Array.from({ length: n }, (_, i) => f(i)).join(sep);
}

/** Sequences per recurrence workgroup: the tiling's, where the batch allows it and the states fit. */
export function sequencesPerGroup(tiling: Tiling, m: number, batch: number): number {
  let s = fit(tiling.sequences, batch);
  while (s > 1 && s * m * 4 > WORKGROUP_BYTES) s = fit(s / 2, batch);
  return s;
}

/** ReLU that keeps NaN (so a diverged run stays visibly diverged, as with tf.relu). */
const RELU4 = `
  fn relu4(v: vec4<f32>) -> vec4<f32> {
    return select(vec4<f32>(0.0), v, (v > vec4<f32>(0.0)) | isnanVec4(v));
  }`;

/** Wᵀ, plain (tfjs's tiled transpose is slow on SwiftShader's WebGPU). */
export function transposeProgram(m: number): WebGPUProgram {
  const wg = 64;
  return {
    variableNames: ['w'],
    outputShape: [m, m],
    shaderKey: `rnnTranspose_${m}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil((m * m) / wg), 1, 1],
    workgroupSize: [wg, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index: i32) {
        if (index < uniforms.size) {
          result[index] = w[(index % ${m}) * ${m} + index / ${m}];
        }
      }`,
  };
}

/** What distinguishes the two recurrences; the shared skeleton is `recurrence`. */
interface Recurrence {
  tiling: Tiling;
  m: number;
  batch: number;
  L: number;
  key: string;
  variableNames: string[];
  variableComponents: number[];
  uniforms: string;
  /** The recurrent weights (unit j's weights are its row j or its column j) and the inner index. */
  matrix: string;
  weights: 'rows' | 'columns';
  /** Position loop header, and the condition for the position whose previous state is zero. */
  loop: string;
  first: string;
  /** Width n of the per-position input term Σ_q v_q(s)·c_q(j). */
  n: number;
  /** WGSL vec4 c_q for unit group `j4` (q is in scope). */
  unitTerm: (j4: string) => string;
  /** WGSL f32 v_q for the sequence at row `row` (q is in scope). */
  sequenceTerm: (row: string) => string;
  /** WGSL expression for the output of unit group `j4` of the sequence at `row` from its sum `acc`. */
  finish: (acc: string, row: string, j4: string) => string;
  extraCode?: string;
}

/**
 * The recurrence skeleton: S sequences per workgroup, each invocation a tile of U4 unit groups (4 units each)
 * × S sequences; state[s·m/4 + k4] holds the previous state of sequence s.
 */
function recurrence(r: Recurrence): WebGPUProgram {
  const { m, batch } = r;
  const m4 = m / 4;
  const S = sequencesPerGroup(r.tiling, m, batch);
  const U4 = fit(r.tiling.unitGroups, m4);
  const wg = Math.min(64, m4 / U4);
  const passes = Math.ceil(m4 / (wg * U4));
  const tile = U4 * S;
  // Accumulator i = u·S + s: unit group jb + u of sequence b0 + s.
  const seq = (i: number) => i % S;
  const unit = (i: number) => Math.floor(i / S);
  // w{4u + c}: rows: units 4(jb+u)..+3 at inner group k4, one vec4 per unit (c = unit); columns: inner index
  // 4·k4 + c at unit group jb + u (c = inner index). Either way the same four products per unit, in order.
  const product = () =>
    r.weights === 'rows'
      ? `${each(4 * U4, (c) => `let w${c} = ${r.matrix}[(4 * jb + ${c}) * ${m4} + k4];`)}
         ${each(tile, (i) => {
           const w = (c: number) => `dot(w${4 * unit(i) + c}, h${seq(i)})`;
           return `acc${i} += vec4<f32>(${w(0)}, ${w(1)}, ${w(2)}, ${w(3)});`;
         })}`
      : `${each(4 * U4, (n) => `let w${n} = ${r.matrix}[(4 * k4 + ${n % 4}) * ${m4} + jb + ${Math.floor(n / 4)}];`)}
         ${each(tile, (i) => {
           const [h, w] = [`h${seq(i)}`, (c: number) => `w${4 * unit(i) + c}`];
           return `acc${i} += ${h}.x * ${w(0)} + ${h}.y * ${w(1)} + ${h}.z * ${w(2)} + ${h}.w * ${w(3)};`;
         })}`;
  return {
    variableNames: r.variableNames,
    variableComponents: r.variableComponents,
    outputComponent: 4,
    outputShape: [r.L * batch, m],
    shaderKey: `${r.key}_${m}_${batch}_${r.n}_${S}_${U4}`,
    dispatchLayout: { x: [0], y: [1] },
    dispatch: [batch / S, 1, 1],
    workgroupSize: [wg, 1, 1],
    uniforms: r.uniforms,
    getUserCode: () => `
      var<workgroup> state: array<vec4<f32>, ${S * m4}>;
      ${r.extraCode ?? ''}
      fn main() {
        let b0 = i32(workgroupId.x) * ${S};
        let t = i32(localIndex);
        for (var k4 = t; k4 < ${S * m4}; k4 += ${wg}) { state[k4] = vec4<f32>(0.0); }
        workgroupBarrier();
        ${r.loop} {
          let row = l * ${batch} + b0;
          var out: array<vec4<f32>, ${passes * tile}>;
          for (var p = 0; p < ${passes}; p++) {
            let jb = (p * ${wg} + t) * ${U4};
            if (jb >= ${m4}) { break; }
            ${each(tile, (i) => `var acc${i} = vec4<f32>(0.0);`)}
            for (var q = 0; q < ${r.n}; q++) {
              ${each(U4, (u) => `let c${u} = ${r.unitTerm(`jb + ${u}`)};`)}
              ${each(S, (s) => `let v${s} = ${r.sequenceTerm(`row + ${s}`)};`)}
              ${each(tile, (i) => `acc${i} += v${seq(i)} * c${unit(i)};`)}
            }
            if (!(${r.first})) {
              for (var k4 = 0; k4 < ${m4}; k4++) {
                ${each(S, (s) => `let h${s} = state[${s * m4} + k4];`)}
                ${product()}
              }
            }
            ${each(tile, (i) => {
              const row = `row + ${seq(i)}`;
              const j4 = `jb + ${unit(i)}`;
              return `out[p * ${tile} + ${i}] = ${r.finish(`acc${i}`, row, j4)};
              result[(${row}) * ${m4} + ${j4}] = out[p * ${tile} + ${i}];`;
            })}
          }
          workgroupBarrier();
          for (var p = 0; p < ${passes}; p++) {
            let jb = (p * ${wg} + t) * ${U4};
            if (jb < ${m4}) {
              ${each(tile, (i) => `state[${seq(i) * m4} + jb + ${unit(i)}] = out[p * ${tile} + ${i}];`)}
            }
          }
          workgroupBarrier();
        }
      }`,
  };
}

/**
 * H [L·B, m] from X [L·B, dx], W [m, m] (or Wᵀ from transposeProgram where the tiling reads columns) and
 * A [m, dx]: h_l = ReLU(W·h_{l-1} + A·x_l). Uniform L: positions.
 */
export function forwardProgram(
  tiling: Tiling,
  m: number,
  batch: number,
  dx: number,
  L: number,
): WebGPUProgram {
  return recurrence({
    tiling,
    m,
    batch,
    L,
    key: tiling.forwardRows ? 'rnnForwardRows' : 'rnnForwardColumns',
    variableNames: ['xs', 'w', 'a'],
    variableComponents: [1, 4, 1],
    uniforms: 'positions : i32,',
    matrix: 'w',
    weights: tiling.forwardRows ? 'rows' : 'columns',
    loop: 'for (var l = 0; l < uniforms.positions; l++)',
    first: 'l == 0',
    n: dx,
    // Column q of A for units 4·j4 .. 4·j4+3 (A is [m, dx]).
    unitTerm: (j4) => `vec4<f32>(${each(4, (c) => `a[(4 * (${j4}) + ${c}) * ${dx} + q]`, ', ')})`,
    sequenceTerm: (row) => `xs[(${row}) * ${dx} + q]`,
    finish: (acc) => `relu4(${acc})`,
    extraCode: RELU4,
  });
}

/**
 * Δ [L·B, m] from E [L·B, d], H, W [m, m] and B [d, m]: δ_l = (Wᵀ·δ_{l+1} + λ·Bᵀ·e_l) ⊙ 1[h_l > 0], from the
 * last position back. Uniforms: positions, lambda.
 */
export function backwardProgram(
  tiling: Tiling,
  m: number,
  batch: number,
  d: number,
  L: number,
): WebGPUProgram {
  const m4 = m / 4;
  return recurrence({
    tiling,
    m,
    batch,
    L,
    key: 'rnnBackward',
    variableNames: ['e', 'h', 'w', 'bo'],
    variableComponents: [1, 4, 4, 4],
    uniforms: 'positions : i32, lambda : f32,',
    matrix: 'w',
    weights: 'columns',
    loop: 'for (var l = uniforms.positions - 1; l >= 0; l--)',
    first: 'l == uniforms.positions - 1',
    n: d,
    unitTerm: (j4) => `bo[q * ${m4} + ${j4}]`,
    sequenceTerm: (row) => `uniforms.lambda * e[(${row}) * ${d} + q]`,
    finish: (acc, row, j4) => `${acc} * step4(h[(${row}) * ${m4} + ${j4}])`,
    // tf.step: 1 where h > 0, 0 where h <= 0, NaN where h is NaN; multiplied, as the generic ops do, so that a
    // NaN sum stays NaN even where the unit is off.
    extraCode: `
      fn step4(h: vec4<f32>) -> vec4<f32> {
        let s = select(vec4<f32>(0.0), vec4<f32>(1.0), h > vec4<f32>(0.0));
        return select(s, vec4<f32>(uniforms.NAN), isnanVec4(h));
      }`,
  });
}

/**
 * dW [m, m] = Σ_l δ_lᵀ·h_{l-1} (h_0 = 0) from Δ and H, over rows r ≥ batch of Δ paired with rows r − batch of
 * H. Each invocation owns a tile of 4·I4 rows × 4·J4 columns of dW and takes R rows of Δ per loop turn
 * (SwiftShader's loop bookkeeping costs per turn and live accumulator).
 */
export function weightGradientProgram(tiling: Tiling, m: number, batch: number): WebGPUProgram {
  const m4 = m / 4;
  const I4 = fit(tiling.gradientRowGroups, m4);
  const J4 = fit(tiling.gradientColumnGroups, m4);
  const R = fit(tiling.gradientUnroll, batch);
  const lanes = m4 / J4;
  const wg = Math.min(64, lanes);
  // Accumulator n: row 4·(i4 + i) + c, column group j4 + j.
  const [n4, row, col] = [4 * I4 * J4, (n: number) => Math.floor(n / J4), (n: number) => n % J4];
  return {
    variableNames: ['dl', 'h'],
    variableComponents: [4, 4],
    outputComponent: 4,
    outputShape: [m, m],
    shaderKey: `rnnWeightGradient_${m}_${batch}_${I4}_${J4}_${R}`,
    dispatchLayout: { x: [0], y: [1] },
    dispatch: [m4 / I4, Math.ceil(lanes / wg), 1],
    workgroupSize: [wg, 1, 1],
    uniforms: 'rows : i32,',
    getUserCode: () => `
      fn main() {
        let i4 = i32(workgroupId.x) * ${I4};
        let j4 = (i32(workgroupId.y) * ${wg} + i32(localIndex)) * ${J4};
        if (j4 >= ${m4}) { return; }
        ${each(n4, (n) => `var a${n} = vec4<f32>(0.0);`)}
        // (L − 1)·batch rows, a multiple of R.
        for (var r0 = ${batch}; r0 < uniforms.rows; r0 += ${R}) {
          ${each(
            R,
            (k) => `{
            let r = r0 + ${k};
            ${each(I4, (i) => `let d${i} = dl[r * ${m4} + i4 + ${i}];`)}
            ${each(J4, (j) => `let h${j} = h[(r - ${batch}) * ${m4} + j4 + ${j}];`)}
            ${each(n4, (n) => `a${n} += d${Math.floor(row(n) / 4)}.${'xyzw'[row(n) % 4]} * h${col(n)};`)}
          }`,
          )}
        }
        ${each(n4, (n) => `result[(4 * i4 + ${row(n)}) * ${m4} + j4 + ${col(n)}] = a${n};`)}
      }`,
  };
}
