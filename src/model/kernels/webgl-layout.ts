/**
 * tfjs programs that move the RNN kernels' data between the engine's tensors and the layouts the raw passes
 * read and write (see webgl-programs.ts): padding a position-major matrix to Bp rows per position and even
 * columns, and assembling quadrant textures back into one packed tensor. They run through
 * backend.runWebGLProgram, so tfjs packs or uploads the engine's inputs as needed and lays out the outputs;
 * each costs one pass over its data, small beside the products.
 */
import type { GPGPUProgram } from './webgl-draw';

const f = (n: number): string => `${n}.0`;

/**
 * [groups·groupRowsP, colsP] from x [groups·groupRows, cols]: row b of group g goes to row g·groupRowsP + b;
 * the padding rows and columns are zero.
 */
export function padProgram(
  groups: number,
  groupRows: number,
  groupRowsP: number,
  cols: number,
  colsP: number,
): GPGPUProgram {
  return {
    variableNames: ['x'],
    outputShape: [groups * groupRowsP, colsP],
    packedInputs: true,
    packedOutput: true,
    userCode: `
      vec2 rowPair(int row, int col) {
        int g = row / ${groupRowsP};
        int b = row - g * ${groupRowsP};
        if (b >= ${groupRows} || col >= ${cols}) return vec2(0.0);
        int r = g * ${groupRows} + b;
        vec4 v = getX(r, col);
        vec2 pair = (r - 2 * (r / 2)) == 0 ? v.xy : v.zw;
        if (col + 1 >= ${cols}) pair.y = 0.0;
        return pair;
      }
      void main() {
        ivec2 rc = getOutputCoords();
        setOutput(vec4(rowPair(rc.x, rc.y), rowPair(rc.x + 1, rc.y)));
      }`,
  };
}

/**
 * The position-major [L·B, m] result of a recurrence from its two quadrant sets: positions alternate between
 * set 0 (even) and set 1 (odd), four quadrant textures each (row half × column half, quadH × mq texels).
 * Inputs q0..q7 in the order set·4 + rowHalf·2 + colHalf.
 */
export function assembleRowsProgram(L: number, batch: number, m: number, bq: number): GPGPUProgram {
  const mq = m / 4;
  const rows = L * batch;
  const pick = Array.from({ length: 8 }, (_, i) => `if (q == ${i}) v = texture(q${i}, uv);`).join(' else ');
  // With an even batch both rows of an output texel are rows of one internal texel.
  const main =
    batch % 2 === 0
      ? 'setOutput(internal(rc.x, rc.y));'
      : `vec4 top = internal(rc.x, rc.y);
         vec2 second = vec2(0.0);
         if (rc.x + 1 < ${rows}) second = rowOf(internal(rc.x + 1, rc.y), rc.x + 1);
         setOutput(vec4(rowOf(top, rc.x), second));`;
  return {
    variableNames: ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'],
    outputShape: [rows, m],
    packedInputs: true,
    packedOutput: true,
    userCode: `
      const vec2 INV_Q = 1.0 / vec2(${f(mq)}, ${f(L * bq)});
      // The internal texel holding engine row r (sequence b at position l), columns c and c+1.
      vec4 internal(int r, int c) {
        int l = r / ${batch};
        int b = r - l * ${batch};
        int t = b / 2;
        int rh = t >= ${bq} ? 1 : 0;
        int cp = c / 2;
        int colHalf = cp >= ${mq} ? 1 : 0;
        int q = (l - 2 * (l / 2)) * 4 + rh * 2 + colHalf;
        vec2 uv = (vec2(float(cp - colHalf * ${mq}), float(l * ${bq} + t - rh * ${bq})) + 0.5) * INV_Q;
        vec4 v = vec4(0.0);
        ${pick}
        return v;
      }
      vec2 rowOf(vec4 v, int r) {
        int b = r - (r / ${batch}) * ${batch};
        return (b - 2 * (b / 2)) == 0 ? v.xy : v.zw;
      }
      void main() {
        ivec2 rc = getOutputCoords();
        ${main}
      }`,
  };
}

/** [m, m] from its 2 × parts target textures (m/4 × m/(2·parts) texels each), inputs g0.. row half-major. */
export function assembleSquareProgram(m: number, parts: number): GPGPUProgram {
  const mq = m / 4;
  const mc = m / (2 * parts);
  const n = 2 * parts;
  const pick = Array.from({ length: n }, (_, i) => `if (q == ${i}) v = texture(g${i}, uv);`).join(' else ');
  return {
    variableNames: Array.from({ length: n }, (_, i) => `g${i}`),
    outputShape: [m, m],
    packedInputs: true,
    packedOutput: true,
    userCode: `
      const vec2 INV = 1.0 / vec2(${f(mc)}, ${f(mq)});
      void main() {
        ivec2 rc = getOutputCoords();
        int ip = rc.x / 2;
        int jp = rc.y / 2;
        int r = ip >= ${mq} ? 1 : 0;
        int c = jp / ${mc};
        int q = r * ${parts} + c;
        vec2 uv = (vec2(float(jp - c * ${mc}), float(ip - r * ${mq})) + 0.5) * INV;
        vec4 v = vec4(0.0);
        ${pick}
        setOutput(v);
      }`,
  };
}
