/**
 * testError, testErrorByPosition and predictions (SPEC §6) against a host-side float64 evaluation of the
 * reference student with the weights read back from the device.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { makeBatch } from '../../src/model/data';
import { PROBE_COUNT, Run } from '../../src/model/run';
import { readStudentWeights } from '../../src/model/student';
import { useBackend } from '../helpers/backend';
import { refForward, refSequences, toRefStudent } from './reference';

// ntest = 300 spans two device chunks (256 + 44), so the chunk sums are exercised too.
const CONFIG: Config = {
  ...DEFAULT_CONFIG,
  L: 5,
  dIn: 3,
  d: 2,
  p: 3,
  m: 32,
  ntest: 300,
  batch: 16,
  seed: 21,
};

let open: Run[] = [];
function track(run: Run): Run {
  open.push(run);
  return run;
}

async function hostTestError(run: Run) {
  const { L, d, ntest, dIn, epsx } = run.config;
  const { current } = await readStudentWeights(run.params);
  const ref = toRefStudent(current, run.config.lambda);
  const host = makeBatch(
    run.config,
    run.teacher,
    'testData',
    Array.from({ length: ntest }, (_, k) => k),
  );
  const J = run.teacher.targets;
  const err = new Float64Array(L + 1);
  const sq = new Float64Array(L + 1);
  for (const q of refSequences(host, L, dIn, d, epsx)) {
    const { F } = refForward(ref, q.x, L);
    for (const j of J)
      for (let s = 0; s < d; s++) {
        const y = q.y[(j - 1) * d + s] as number;
        err[j] = (err[j] as number) + ((F[(j - 1) * d + s] as number) - y) ** 2;
        sq[j] = (sq[j] as number) + y * y;
      }
  }
  const total = (a: Float64Array) => J.reduce((acc, j) => acc + (a[j] as number), 0);
  return {
    testError: total(err) / total(sq),
    byPosition: J.map((j) => (err[j] as number) / (sq[j] as number)),
    meanTargetSquare: total(sq) / (ntest * J.length * d),
  };
}

describe('evaluate and predictions on wasm', () => {
  beforeAll(() => useBackend('wasm'));
  afterEach(() => {
    for (const r of open) r.dispose();
    open = [];
  });

  it('testError and testErrorByPosition equal the normalized MSE of the float64 reference', async () => {
    const run = track(Run.create({ ...CONFIG, lr: 0.5 }));
    for (let k = 0; k < 30; k++) run.step();
    const e = await run.evaluate();
    const host = await hostTestError(run);
    expect(e.step).toBe(30);
    expect(e.samples).toBe(30 * 16);
    expect(e.testError).toBeCloseTo(host.testError, 4);
    expect(Math.abs(e.testError / host.testError - 1)).toBeLessThan(1e-4);
    expect(e.testErrorByPosition).toHaveLength(3);
    e.testErrorByPosition.forEach((v, k) =>
      expect(Math.abs(v / (host.byPosition[k] as number) - 1)).toBeLessThan(1e-4),
    );
    expect(Math.abs(e.meanTargetSquare / host.meanTargetSquare - 1)).toBeLessThan(1e-5);
  });

  it('a zero-output student scores exactly 1 (B = 0) and about 1 (λ tiny)', async () => {
    const base = Run.create(CONFIG);
    const { current, initial } = await readStudentWeights(base.params);
    base.dispose();
    const zeroB = { ...current, B: new Float32Array(current.B.length) };
    const run = track(Run.restore(CONFIG, zeroB, initial, { step: 0, samplesSeen: 0, samplesToEps: null }));
    const e = await run.evaluate();
    expect(e.testError).toBe(1);
    e.testErrorByPosition.forEach((v) => expect(v).toBe(1));

    const tiny = track(Run.create({ ...CONFIG, lambda: 1e-6 }));
    expect(Math.abs((await tiny.evaluate()).testError - 1)).toBeLessThan(1e-4);
  });

  it('samplesToEps is set by the first evaluation at or below ε and then kept', async () => {
    const run = track(Run.create({ ...CONFIG, eps: 0.99 }));
    const first = await run.evaluate();
    expect(first.testError).toBeGreaterThan(0.99); // the untrained student is worse than zero output here
    expect(run.state.samplesToEps).toBeNull();
    let seen: number | null = null;
    for (let k = 0; k < 40 && seen === null; k++) {
      for (let s = 0; s < 5; s++) run.step();
      const e = await run.evaluate();
      if (e.testError <= 0.99) seen = e.samples;
    }
    expect(seen).not.toBeNull();
    expect(run.state.samplesToEps).toBe(seen);
    run.step();
    await run.evaluate();
    expect(run.state.samplesToEps).toBe(seen);
  });

  it('predictions(probe) are the reference outputs and the targets of that probe at every j in J', async () => {
    const run = track(Run.create({ ...CONFIG, lr: 0.5 }));
    for (let k = 0; k < 10; k++) run.step();
    const { current } = await readStudentWeights(run.params);
    const ref = toRefStudent(current, CONFIG.lambda);
    const probes = makeBatch(
      CONFIG,
      run.teacher,
      'probe',
      Array.from({ length: PROBE_COUNT }, (_, k) => k),
    );
    const seqs = refSequences(probes, CONFIG.L, CONFIG.dIn, CONFIG.d, CONFIG.epsx);
    for (const probe of [0, 5]) {
      const p = await run.predictions(probe);
      const q = seqs[probe] as (typeof seqs)[number];
      const { F } = refForward(ref, q.x, CONFIG.L);
      expect(p.probe).toBe(probe);
      expect(p.positions).toEqual([3, 4, 5]);
      p.positions.forEach((j, k) => {
        for (let s = 0; s < CONFIG.d; s++) {
          expect(p.predicted[k * CONFIG.d + s]).toBeCloseTo(F[(j - 1) * CONFIG.d + s] as number, 5);
          expect(p.target[k * CONFIG.d + s]).toBe(q.y[(j - 1) * CONFIG.d + s]);
        }
      });
    }
  });
});
