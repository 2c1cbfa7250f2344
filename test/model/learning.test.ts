/**
 * SGD learns (SPEC §1, §5): the default configuration and a two-token identity teacher reach a small test
 * error within a fixed sample budget on wasm, and samplesToEps records the first evaluation at or below ε.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { learningRateAt } from '../../src/model/engine';
import { Run } from '../../src/model/run';
import { useBackend } from '../helpers/backend';

interface Curve {
  samples: number[];
  testError: number[];
  trainLoss: number[];
  samplesToEps: number | null;
}

/** Trains until `budget` samples, evaluating every `every` samples. */
async function train(config: Config, budget: number, every: number): Promise<Curve> {
  const run = Run.create(config);
  const curve: Curve = { samples: [], testError: [], trainLoss: [], samplesToEps: null };
  try {
    const first = await run.evaluate();
    curve.samples.push(0);
    curve.testError.push(first.testError);
    curve.trainLoss.push(Number.NaN);
    while (run.state.samplesSeen < budget) {
      const target = Math.min(budget, run.state.samplesSeen + every);
      while (run.state.samplesSeen < target) run.step();
      curve.trainLoss.push(await run.readTrainLoss());
      const e = await run.evaluate();
      curve.samples.push(e.samples);
      curve.testError.push(e.testError);
    }
    curve.samplesToEps = run.state.samplesToEps;
  } finally {
    run.dispose();
  }
  return curve;
}

function describeCurve(c: Curve): string {
  return c.samples.map((s, k) => `${s}: ${(c.testError[k] as number).toFixed(4)}`).join(', ');
}

describe('learning on wasm', () => {
  beforeAll(() => useBackend('wasm'));

  it('the default configuration reaches testError <= 0.1 within 64k samples', async () => {
    const curve = await train({ ...DEFAULT_CONFIG }, 64_000, 8_000);
    const best = Math.min(...curve.testError);
    expect(curve.testError[0], describeCurve(curve)).toBeGreaterThan(0.5);
    expect(best, describeCurve(curve)).toBeLessThanOrEqual(0.1);
    expect(curve.testError.at(-1), describeCurve(curve)).toBeLessThanOrEqual(0.1);
    // samplesToEps is the first evaluation at or below ε (or null when none was).
    const firstBelow = curve.samples.find((_, k) => (curve.testError[k] as number) <= DEFAULT_CONFIG.eps);
    expect(curve.samplesToEps).toBe(firstBelow ?? null);
  });

  it.each([
    { L: 3, K: 1, what: 'one pair 2→3' },
    { L: 6, K: 1, what: 'remember the last token' },
  ])('an identity teacher with L=$L, K=$K ($what) is learned to testError <= 0.05', async ({ L, K }) => {
    const config: Config = { ...DEFAULT_CONFIG, L, K, act: 'identity', ntest: 256 };
    const curve = await train(config, 32_000, 4_000);
    expect(curve.testError[0], describeCurve(curve)).toBeGreaterThan(0.5);
    expect(curve.testError.at(-1), describeCurve(curve)).toBeLessThanOrEqual(0.05);
    expect(curve.samplesToEps).not.toBeNull();
  });
});

describe('learning-rate schedule', () => {
  it('const keeps η, sqrt follows η / sqrt(1 + t/t0)', () => {
    for (const t of [0, 1, 10, 999, 1e6]) {
      expect(learningRateAt(0.7, 'const', 50, t)).toBe(0.7);
      expect(learningRateAt(0.7, 'sqrt', 50, t)).toBeCloseTo(0.7 / Math.sqrt(1 + t / 50), 14);
    }
  });
});
