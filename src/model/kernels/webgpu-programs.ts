/**
 * WGSL programs for the RNN kernels on tfjs's WebGPU backend (run through `backend.runWebGPUProgram`, which
 * adds the bindings, the uniforms and `fn _start`; see tfjs-backend-webgpu's webgpu_program.ts).
 *
 * The recurrences use one workgroup per sequence: sequences are independent, so a workgroup can hold its
 * sequence's h_{l-1} (or δ_{l+1}) in workgroup memory and loop over all positions with only workgroup
 * barriers; one dispatch does every position. Each invocation owns units in groups of four (vec4) and walks
 * the inner index four at a time, skipping a group of four whose h (or δ) entries are all zero: ReLU turns off
 * about half the units, and the branch is uniform across the workgroup, so it really skips the work.
 *
 * Sizes (m, batch) are compiled in; the shader key names them, as tfjs's own key holds only ranks and types.
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

/** Invocations per workgroup: up to 64, one per four units (fewer when m is small). */
function lanes(m: number): number {
  return Math.min(64, m / 4);
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

/**
 * H [L·B, m] from X [L·B, dx], Wᵀ [m, m] (from transposeProgram) and A [m, dx]: h_l = ReLU(h_{l-1}·Wᵀ + x_l·Aᵀ).
 * Uniform L: positions.
 */
export function forwardProgram(m: number, batch: number, dx: number, L: number): WebGPUProgram {
  const m4 = m / 4;
  const wg = lanes(m);
  const per = Math.ceil(m4 / wg);
  return {
    variableNames: ['xs', 'wt', 'a'],
    variableComponents: [1, 4, 1],
    outputComponent: 4,
    outputShape: [L * batch, m],
    shaderKey: `rnnForward_${m}_${batch}_${dx}`,
    dispatchLayout: { x: [0], y: [1] },
    dispatch: [batch, 1, 1],
    workgroupSize: [wg, 1, 1],
    uniforms: 'positions : i32,',
    getUserCode: () => `
      var<workgroup> hp: array<vec4<f32>, ${m4}>;
      ${RELU4}
      fn main() {
        let b = i32(workgroupId.x);
        let t = i32(localIndex);
        for (var j4 = t; j4 < ${m4}; j4 += ${wg}) { hp[j4] = vec4<f32>(0.0); }
        workgroupBarrier();
        for (var l = 0; l < uniforms.positions; l++) {
          let row = l * ${batch} + b;
          var out: array<vec4<f32>, ${per}>;
          for (var u = 0; u < ${per}; u++) {
            let j4 = t + u * ${wg};
            if (j4 >= ${m4}) { break; }
            // x_l·Aᵀ for units 4·j4 .. 4·j4+3 (A is [m, dx]).
            var acc = vec4<f32>(0.0);
            for (var q = 0; q < ${dx}; q++) {
              let x = xs[row * ${dx} + q];
              let o = 4 * j4 * ${dx} + q;
              acc += x * vec4<f32>(a[o], a[o + ${dx}], a[o + ${2 * dx}], a[o + ${3 * dx}]);
            }
            for (var k4 = 0; k4 < ${m4}; k4++) {
              let h4 = hp[k4];
              if (any(h4 != vec4<f32>(0.0))) {
                let o = k4 * ${m} + j4;
                acc += h4.x * wt[o] + h4.y * wt[o + ${m4}] + h4.z * wt[o + ${2 * m4}] + h4.w * wt[o + ${3 * m4}];
              }
            }
            out[u] = relu4(acc);
            result[row * ${m4} + j4] = out[u];
          }
          workgroupBarrier();
          for (var u = 0; u < ${per}; u++) {
            let j4 = t + u * ${wg};
            if (j4 < ${m4}) { hp[j4] = out[u]; }
          }
          workgroupBarrier();
        }
      }`,
  };
}

/**
 * Δ [L·B, m] from E [L·B, d], H, W [m, m] and B [d, m]: δ_l = (δ_{l+1}·W + λ·e_l·B) ⊙ 1[h_l > 0], from the last
 * position back. Uniforms: positions, lambda.
 */
export function backwardProgram(m: number, batch: number, d: number, L: number): WebGPUProgram {
  const m4 = m / 4;
  const wg = lanes(m);
  const per = Math.ceil(m4 / wg);
  return {
    variableNames: ['e', 'h', 'w', 'bo'],
    variableComponents: [1, 4, 4, 4],
    outputComponent: 4,
    outputShape: [L * batch, m],
    shaderKey: `rnnBackward_${m}_${batch}_${d}`,
    dispatchLayout: { x: [0], y: [1] },
    dispatch: [batch, 1, 1],
    workgroupSize: [wg, 1, 1],
    uniforms: 'positions : i32, lambda : f32,',
    getUserCode: () => `
      var<workgroup> dn: array<vec4<f32>, ${m4}>;
      fn main() {
        let b = i32(workgroupId.x);
        let t = i32(localIndex);
        for (var j4 = t; j4 < ${m4}; j4 += ${wg}) { dn[j4] = vec4<f32>(0.0); }
        workgroupBarrier();
        for (var l = uniforms.positions - 1; l >= 0; l--) {
          let row = l * ${batch} + b;
          var out: array<vec4<f32>, ${per}>;
          for (var u = 0; u < ${per}; u++) {
            let j4 = t + u * ${wg};
            if (j4 >= ${m4}) { break; }
            var acc = vec4<f32>(0.0);
            for (var s = 0; s < ${d}; s++) { acc += (uniforms.lambda * e[row * ${d} + s]) * bo[s * ${m4} + j4]; }
            for (var i4 = 0; i4 < ${m4}; i4++) {
              let d4 = dn[i4];
              if (any(d4 != vec4<f32>(0.0))) {
                let o = i4 * ${m} + j4;
                acc += d4.x * w[o] + d4.y * w[o + ${m4}] + d4.z * w[o + ${2 * m4}] + d4.w * w[o + ${3 * m4}];
              }
            }
            // tf.step: 1 where h > 0, 0 where h <= 0, NaN where h is NaN.
            let hv = h[row * ${m4} + j4];
            let masked = select(vec4<f32>(0.0), acc, hv > vec4<f32>(0.0));
            out[u] = select(masked, vec4<f32>(uniforms.NAN), isnanVec4(hv));
            result[row * ${m4} + j4] = out[u];
          }
          workgroupBarrier();
          for (var u = 0; u < ${per}; u++) {
            let j4 = t + u * ${wg};
            if (j4 < ${m4}) { dn[j4] = out[u]; }
          }
          workgroupBarrier();
        }
      }`,
  };
}

/**
 * dW [m, m] = Σ_l δ_lᵀ·h_{l-1} (h_0 = 0) from Δ and H: a workgroup computes four rows of dW and, per invocation,
 * four columns, over rows r ≥ batch of Δ paired with rows r − batch of H.
 */
export function weightGradientProgram(m: number, batch: number, L: number): WebGPUProgram {
  const m4 = m / 4;
  const wg = lanes(m);
  return {
    variableNames: ['dl', 'h'],
    variableComponents: [4, 4],
    outputComponent: 4,
    outputShape: [m, m],
    shaderKey: `rnnWeightGradient_${m}_${batch}`,
    dispatchLayout: { x: [0], y: [1] },
    dispatch: [m4, Math.ceil(m4 / wg), 1],
    workgroupSize: [wg, 1, 1],
    uniforms: 'rows : i32,',
    getUserCode: () => `
      fn main() {
        let i4 = i32(workgroupId.x);
        let j4 = i32(workgroupId.y) * ${wg} + i32(localIndex);
        if (j4 >= ${m4}) { return; }
        var a0 = vec4<f32>(0.0);
        var a1 = vec4<f32>(0.0);
        var a2 = vec4<f32>(0.0);
        var a3 = vec4<f32>(0.0);
        for (var r = ${batch}; r < uniforms.rows; r++) {
          let d4 = dl[r * ${m4} + i4];
          if (any(d4 != vec4<f32>(0.0))) {
            let hv = h[(r - ${batch}) * ${m4} + j4];
            a0 += d4.x * hv;
            a1 += d4.y * hv;
            a2 += d4.z * hv;
            a3 += d4.w * hv;
          }
        }
        let o = 4 * i4 * ${m4} + j4;
        result[o] = a0;
        result[o + ${m4}] = a1;
        result[o + ${2 * m4}] = a2;
        result[o + ${3 * m4}] = a3;
      }`,
  };
}
