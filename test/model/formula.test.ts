/**
 * The formula teacher: parsing and checking (messages that point at the problem), evaluation against the
 * same expression written out by hand, the set J and the windows it implies, determinism, influence by
 * differences against the closed form, the affine baseline against least squares, and the checkpoint.
 */
import { describe, expect, it } from 'vitest';
import { computeBaselines, formulaAffineMap } from '../../src/model/baselines';
import { DEFAULT_CONFIG, resolveConfig, validateConfig, type Config } from '../../src/model/config';
import { makeSequence } from '../../src/model/data';
import {
  compileFormula,
  DEFAULT_FORMULA,
  formulaProblem,
  formulaReads,
  formulaTargets,
  type FormulaProgram,
} from '../../src/model/formula';
import { accumulateTeacherInfluence, createTeacher, evaluateTeacher } from '../../src/model/teacher';

function program(text: string, dIn = 3): FormulaProgram {
  const r = compileFormula(text, dIn);
  if (!r.ok) throw new Error(r.error);
  return r.program;
}

function error(text: string, dIn = 3): string {
  const r = compileFormula(text, dIn);
  expect(r.ok, text).toBe(false);
  return r.ok ? '' : r.error;
}

function formulaConfig(formula: string, over: Partial<Config> = {}): Config {
  const r = resolveConfig({ concept: 'formula', formula, dIn: 3, L: 8, ...over });
  if (!r.ok) throw new Error(r.errors.join(' '));
  return r.config;
}

/** Tokens of length L·dIn with a fixed pattern (row 0 unused). */
function someTokens(L: number, dIn: number): Float64Array {
  const x = new Float64Array(L * dIn);
  for (let k = dIn; k < x.length; k++) x[k] = Math.sin(1.7 * k + 0.3);
  return x;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>, bOffset = 0) => {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += (a[t] as number) * (b[bOffset + t] as number);
  return s;
};

describe('formula parsing and checks', () => {
  it('compiles the examples of the field help and reports what they read', () => {
    const p = program('sin(3*dot(u, x[j-1])) * dot(v, x[j-2])');
    expect(p.directions).toEqual(['u', 'v']);
    expect(p.offsets).toEqual([1, 2]);
    expect(p.positions).toEqual([]);
    const q = program('relu(dot(u, x[j-1])) - relu(dot(u, x[j-3]))');
    expect(q.directions).toEqual(['u']);
    expect(q.offsets).toEqual([1, 3]);
    expect(program('x[2][1] * dot(w2, x[j-1]) + 2pi').positions).toEqual([2]);
  });

  it('evaluates to the same number as the expression written out by hand', () => {
    const dIn = 3;
    const x = someTokens(8, dIn);
    const u = [0.6, 0, 0.8];
    const v = [0, 1, 0];
    const j = 6;
    const xi = (i: number) => (i - 1) * dIn;
    const cases: [string, number][] = [
      ['sin(3*dot(u, x[j-1])) * dot(v, x[j-2])', Math.sin(3 * dot(u, x, xi(5))) * dot(v, x, xi(4))],
      [
        'relu(dot(u, x[j-1])) - relu(dot(u, x[j-3]))',
        Math.max(dot(u, x, xi(5)), 0) - Math.max(dot(u, x, xi(3)), 0),
      ],
      ['sign(dot(u, x[j-1]) * dot(v, x[j-2]))', Math.sign(dot(u, x, xi(5)) * dot(v, x, xi(4)))],
      ['x[j-1][2]^3 - x[3][1]/2', (x[xi(5) + 1] as number) ** 3 - (x[xi(3)] as number) / 2],
      [
        'norm(x[j-1] - 2*x[j-2])',
        Math.hypot(...[0, 1, 2].map((t) => (x[xi(5) + t] as number) - 2 * (x[xi(4) + t] as number))),
      ],
      ['max(dot(u, x[j-1]), -dot(v, x[j-4]), 0.1)', Math.max(dot(u, x, xi(5)), -dot(v, x, xi(2)), 0.1)],
      ['tanh(dot(u + v, x[j-1]))', Math.tanh(dot([0.6, 1, 0.8], x, xi(5)))],
    ];
    for (const [text, expected] of cases) {
      const p = program(text, dIn);
      const dirs = p.directions.map((n) => (n === 'u' ? u : v));
      expect(p.evaluate(x, j, dirs), text).toBeCloseTo(expected, 12);
    }
  });

  it('refuses what a teacher cannot be, with a message that quotes the problem', () => {
    expect(error('sin(3*dot(u, x[j-1])')).toMatch(/character 21: Parenthesis \) expected \(“sin\(3\*dot\(u, x\[j-1\]\)⟨here⟩”\)/);
    expect(error('x[j]')).toMatch(/“x\[j\]” reads a token the output cannot see/);
    expect(error('dot(u, x[j+1])')).toMatch(/cannot see/);
    expect(error('dot(u, x[1])')).toMatch(/start token/);
    expect(error('dot(u, x[j-0])')).toMatch(/cannot see/);
    expect(error('dot(u, x[2*j])')).toMatch(/j minus a whole number/);
    expect(error('sn(dot(u, x[j-1]))')).toMatch(/unknown function “sn”/);
    expect(error('eval("1+1")')).toMatch(/unknown function “eval”/);
    expect(error('import("fs")')).toMatch(/unknown function/);
    expect(error('sin(x[j-1])')).toMatch(/sin needs a number, but “x\[j - 1\]” is a vector/);
    expect(error('x[j-1] * x[j-2]')).toMatch(/multiplies two vectors; write dot/);
    expect(error('dot(u, x[j-1]) / dot(v, x[j-2])')).toMatch(/divide only by a number/);
    expect(error('dot(u, x[j-1]) / 0')).toMatch(/divides by 0/);
    expect(error('dot(u, x[j-1])^0.5')).toMatch(/whole number 0\.\.10/);
    expect(error('dot(u, x[j-1]) > 0')).toMatch(/operator “>”/);
    expect(error('a = 1')).toMatch(/not something a formula can contain/);
    expect(error('dot(q, x[j-1])')).toMatch(/unknown name “q”/);
    expect(error('x[j-1][4]', 3)).toMatch(/d_in = 3/);
    expect(error('1 + pi')).toMatch(/reads no token/);
    expect(error('')).toMatch(/empty/);
    expect(error('x'.repeat(500))).toMatch(/at most 400/);
  });

  it('J holds the outputs whose every read lies in 2..j-1, and the windows are those reads', () => {
    const p = program('dot(u, x[j-1]) * dot(v, x[j-3])');
    expect(formulaTargets(p, 8)).toEqual([5, 6, 7, 8]);
    expect(formulaReads(p, 5)).toEqual([2, 4]);
    expect(formulaTargets(program('dot(u, x[4]) + dot(v, x[j-1])'), 6)).toEqual([5, 6]);
    expect(formulaProblem('dot(u, x[j-9])', 3, 11)).toBeNull();
    expect(formulaProblem('dot(u, x[j-9])', 3, 10)).toMatch(/x\[j-9\].*L ≥ 11/);
  });

  it('the schema checks the formula of a formula config and names the field', () => {
    expect(validateConfig({ ...DEFAULT_CONFIG, concept: 'formula' }).ok).toBe(true);
    const bad = validateConfig({ ...DEFAULT_CONFIG, concept: 'formula', formula: 'x[j]' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^formula: /);
    // Another concept does not read it, so it is only held to its length.
    expect(validateConfig({ ...DEFAULT_CONFIG, formula: 'x[j]' }).ok).toBe(true);
    // A file from before the field existed means the default formula.
    const { formula: _f, ...old } = DEFAULT_CONFIG;
    const r = validateConfig(old);
    expect(r.ok && r.config.formula).toBe(DEFAULT_FORMULA);
  });
});

describe('the formula teacher', () => {
  it('draws unit directions from the seed, the same every time and different for another seed', () => {
    const c = formulaConfig('sin(3*dot(u, x[j-1])) * dot(v, x[j-2])', { d: 2 });
    const a = createTeacher(c);
    const b = createTeacher(c);
    const other = createTeacher({ ...c, seed: 2 });
    expect(a.formula?.directions.length).toBe(2);
    expect(a.formula?.directions).toEqual(b.formula?.directions);
    expect(a.formula?.directions[0]).not.toEqual(other.formula?.directions[0]);
    for (const dir of a.formula?.directions ?? []) {
      for (let s = 0; s < 2; s++) expect(Math.hypot(...dir.subarray(s * 3, s * 3 + 3))).toBeCloseTo(1, 6);
    }
    expect(a.targets).toEqual([4, 5, 6, 7, 8]);
    expect(a.windowOf[5]).toEqual([3, 4]);
  });

  it('y_j,s is the formula with output s’s directions, at the positions in J only', () => {
    const c = formulaConfig('dot(u, x[j-1]) * dot(v, x[j-2])', { d: 2 });
    const t = createTeacher(c);
    const seq = makeSequence(c, t, 'testData', 0);
    const u = t.formula?.directions[0] as Float32Array;
    const v = t.formula?.directions[1] as Float32Array;
    for (let j = 1; j <= 8; j++) {
      for (let s = 0; s < 2; s++) {
        const y = seq.targets[(j - 1) * 2 + s] as number;
        if (j < 3) expect(y).toBe(0);
        else {
          const want =
            dot(u.subarray(s * 3, s * 3 + 3), seq.tokens, (j - 2) * 3) *
            dot(v.subarray(s * 3, s * 3 + 3), seq.tokens, (j - 3) * 3);
          expect(y).toBeCloseTo(want, 6);
        }
      }
    }
  });

  it('crosses threads: a structured clone of the teacher gives the same targets', () => {
    const c = formulaConfig('sin(3*dot(u, x[j-1])) * dot(v, x[j-2])', { d: 2 });
    const t = createTeacher(c);
    const copy = structuredClone(t);
    const a = makeSequence(c, t, 'testData', 7);
    const b = makeSequence(c, copy, 'testData', 7);
    expect(b.targets).toEqual(a.targets);
    expect(copy.formula?.text).toBe(c.formula);
  });

  it('influence by differences matches the closed-form Jacobian of a product', () => {
    const c = formulaConfig('dot(u, x[j-1]) * dot(v, x[j-2])');
    const t = createTeacher(c);
    const seq = makeSequence(c, t, 'testData', 3);
    const infl = new Float64Array(8 * 8);
    accumulateTeacherInfluence(t, seq.tokens, infl);
    const u = t.formula?.directions[0] as Float32Array;
    const v = t.formula?.directions[1] as Float32Array;
    const j = 6;
    // ∂y/∂x_{j-1} = u·<v, x_{j-2}>, ∂y/∂x_{j-2} = v·<u, x_{j-1}>; u, v unit (to float32 rounding, ~1e-8).
    expect(infl[(j - 2) * 8 + (j - 1)]).toBeCloseTo(Math.abs(dot(v, seq.tokens, (j - 3) * 3)), 6);
    expect(infl[(j - 3) * 8 + (j - 1)]).toBeCloseTo(Math.abs(dot(u, seq.tokens, (j - 2) * 3)), 6);
    expect(infl[(j - 4) * 8 + (j - 1)]).toBe(0);
  });

  it('the affine baseline: nearly exact for a linear formula (below 0.001), no better than zero for a product', () => {
    const lin = formulaConfig('2*dot(u, x[j-1]) - dot(v, x[j-3]) + 0.5');
    const tl = createTeacher(lin);
    const seqs = Array.from({ length: 512 }, (_, k) => makeSequence(lin, tl, 'testData', k));
    const bl = computeBaselines(tl, seqs, lin.seed);
    // Means over 16k sequences estimate the slopes to about 1%, so the error is ~1e-4, not 0.
    expect(bl.linear).toBeLessThan(1e-3);
    const prod = formulaConfig('dot(u, x[j-1]) * dot(v, x[j-2])');
    const tp = createTeacher(prod);
    const ps = Array.from({ length: 512 }, (_, k) => makeSequence(prod, tp, 'testData', k));
    const bp = computeBaselines(tp, ps, prod.seed);
    expect(bp.linear).toBeGreaterThan(0.95);
    expect(bp.constant).toBeGreaterThan(0.95);
    const map = formulaAffineMap(tl, lin.seed);
    // The intercept is a mean of 16k values of standard deviation 1.3: 0.5 to about ±0.03.
    expect(Math.abs((map.intercept[4] as number) - 0.5)).toBeLessThan(0.04);
  });

  it('gives the same outputs on a second pass (the evaluator reuses its buffers between calls)', () => {
    const c = formulaConfig(DEFAULT_FORMULA);
    const t = createTeacher(c);
    const x = someTokens(8, 3);
    const a = new Float64Array(8);
    const b = new Float64Array(8);
    evaluateTeacher(t, x, a);
    evaluateTeacher(t, x, b);
    expect(b).toEqual(a);
  });
});
