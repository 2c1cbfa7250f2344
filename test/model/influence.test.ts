/**
 * Influence maps (SPEC §6): the student map equals the mean over probes of ‖∂F_j/∂x*_i‖ taken by central
 * differences of the float64 reference (with the ε_x chain factor), and the teacher map the mean of the
 * teacher's Jacobian norms on the same probes.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { makeBatch } from '../../src/model/data';
import { INFLUENCE_MAX_ROWS, influenceProbeCount } from '../../src/model/influence';
import { PROBE_COUNT, Run } from '../../src/model/run';
import { readStudentWeights } from '../../src/model/student';
import { evaluateTeacher } from '../../src/model/teacher';
import { maxAbs, maxAbsDiff } from '../helpers/arrays';
import { useBackend } from '../helpers/backend';
import { minAbsPreactivation, refForward, refSequences, toRefStudent } from './reference';

let open: Run[] = [];

/** Mean over probes of the Frobenius norm of the Jacobian of f (outputs [L, d]) w.r.t. token i, [L, L]. */
function fdInfluence(
  L: number,
  dIn: number,
  d: number,
  probes: Float64Array[],
  f: (tokens: Float64Array) => Float64Array,
): Float64Array {
  const map = new Float64Array(L * L);
  const h = 1e-7;
  for (const tokens of probes) {
    for (let i = 1; i <= L; i++) {
      const jac2 = new Float64Array(L);
      for (let t = 0; t < dIn; t++) {
        const k = (i - 1) * dIn + t;
        const keep = tokens[k] as number;
        tokens[k] = keep + h;
        const up = f(tokens);
        tokens[k] = keep - h;
        const down = f(tokens);
        tokens[k] = keep;
        for (let j = 1; j <= L; j++)
          for (let s = 0; s < d; s++)
            jac2[j - 1] =
              (jac2[j - 1] as number) +
              (((up[(j - 1) * d + s] as number) - (down[(j - 1) * d + s] as number)) / (2 * h)) ** 2;
      }
      for (let j = 1; j <= L; j++)
        map[(i - 1) * L + (j - 1)] =
          (map[(i - 1) * L + (j - 1)] as number) + Math.sqrt(jac2[j - 1] as number) / probes.length;
    }
  }
  return map;
}

describe('influence on wasm', () => {
  beforeAll(() => useBackend('wasm'));
  afterEach(() => {
    for (const r of open) r.dispose();
    open = [];
  });

  it.each([
    { d: 2, epsx: 0.7, concept: 'additive' as const, K: 0 },
    { d: 1, epsx: 2, concept: 'joint' as const, K: 2 },
  ])('d=$d ε_x=$epsx $concept K=$K: student and teacher maps equal finite differences', async (c) => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      L: 5,
      dIn: 3,
      p: 3,
      m: 32,
      ntest: 64,
      batch: 8,
      seed: 41,
      ...c,
    };
    const run = Run.create(config);
    open.push(run);
    for (let k = 0; k < 20; k++) run.step();
    const maps = await run.influence();
    const J = run.teacher.targets;
    const nP = Math.min(PROBE_COUNT, Math.floor(INFLUENCE_MAX_ROWS / (J.length * config.d)));
    expect(maps.probes).toBe(nP);
    expect(influenceProbeCount(config, J.length, PROBE_COUNT)).toBe(nP);
    expect(maps.L).toBe(5);

    const { L, dIn, d, epsx } = config;
    const { current } = await readStudentWeights(run.params);
    const ref = toRefStudent(current, config.lambda);
    const host = makeBatch(
      config,
      run.teacher,
      'probe',
      Array.from({ length: nP }, (_, k) => k),
    );
    expect(minAbsPreactivation(ref, refSequences(host, L, dIn, d, epsx), L)).toBeGreaterThan(1e-5);
    const probes = Array.from({ length: nP }, (_, q) =>
      Float64Array.from(host.tokens.subarray(q * L * dIn, (q + 1) * L * dIn)),
    );

    // The student reads x_i = (ε_x·x*_i, 0) and x_1 = e_{d_x}: build that here and differentiate in x*.
    const student = (tokens: Float64Array) => {
      const x = new Float64Array(L * (dIn + 1));
      x[dIn] = 1;
      for (let i = 2; i <= L; i++)
        for (let t = 0; t < dIn; t++)
          x[(i - 1) * (dIn + 1) + t] = epsx * (tokens[(i - 1) * dIn + t] as number);
      const F = refForward(ref, x, L).F;
      // Only outputs with a target are mapped.
      for (let j = 1; j <= L; j++) if (!J.includes(j)) F.fill(0, (j - 1) * d, j * d);
      return F;
    };
    const teacher = (tokens: Float64Array) => {
      const y = new Float64Array(L * d);
      evaluateTeacher(run.teacher, tokens, y);
      return y;
    };
    const fdStudent = fdInfluence(L, dIn, d, probes, student);
    const fdTeacher = fdInfluence(L, dIn, d, probes, teacher);
    expect(maxAbs(fdStudent)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(maps.student, fdStudent)).toBeLessThan(1e-4 * maxAbs(fdStudent));
    expect(maxAbsDiff(maps.teacher, fdTeacher)).toBeLessThan(1e-5 * maxAbs(fdTeacher));
    // Causality: no influence from position 1 (no token) or from a token after the output.
    for (let i = 1; i <= L; i++)
      for (let j = 1; j <= L; j++) if (i === 1 || i > j) expect(maps.student[(i - 1) * L + (j - 1)]).toBe(0);
  });
});
