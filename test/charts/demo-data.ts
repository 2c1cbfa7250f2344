/**
 * Fixed, realistic-looking data for every chart (a default run: L = 10, d = 1, m = 256, ε = 0.05), for a
 * gallery, screenshots and tests. Shapes follow what the model layer reports; the numbers are synthetic but
 * behave as measured runs do: power-law error decay, later learning of far positions, small weight movement.
 * Deterministic: a small linear congruential generator, no global randomness.
 */
import type {
  HiddenData,
  InfluenceData,
  LazyData,
  LossData,
  OverlaySeries,
  PositionData,
  PredictionData,
} from '../../src/charts/types';

/** A seeded uniform generator in [0, 1) (Park–Miller), so the demo is the same on every load. */
function generator(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** A standard normal draw from two uniforms (Box–Muller). */
function normal(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

const DEMO_L = 10;
const DEMO_EPS = 0.05;

function curve(
  samples: number[],
  scale: number,
  power: number,
  floor: number,
  noise: number,
  seed: number,
): number[] {
  const u = generator(seed);
  return samples.map((s) => (1 / (1 + (s / scale) ** power) + floor) * Math.exp(noise * normal(u)));
}

function firstBelow(
  samples: ArrayLike<number>,
  values: ArrayLike<number | null>,
  eps: number,
): number | null {
  for (let i = 0; i < samples.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && v <= eps) return samples[i] as number;
  }
  return null;
}

function demoLoss(): LossData {
  const samples = Array.from({ length: 240 }, (_, k) => (k + 1) * 320);
  const trainLoss = curve(samples, 5200, 1.5, 0.004, 0.28, 7).map((v) => 0.42 * v);
  const exact = curve(samples, 5600, 1.5, 0.004, 0.02, 11);
  // The test set is evaluated every 4th report; the others carry no test error.
  const testError = exact.map((v, k) => (k % 4 === 3 ? v : Number.NaN));
  const overlaySamples = samples.filter((_, k) => k % 4 === 3);
  const overlays: OverlaySeries[] = [
    {
      label: 'm = 64 (saved run)',
      samples: overlaySamples,
      testError: curve(overlaySamples, 11000, 1.3, 0.01, 0.02, 13),
    },
  ];
  return {
    samples,
    trainLoss,
    testError,
    eps: DEMO_EPS,
    noiseFloor: null,
    samplesToEps: firstBelow(samples, testError, DEMO_EPS),
    overlays,
  };
}

/** Learning curve: 240 reports up to 76.8k samples, test error every 4th report, one overlay run. */
export const demoLossData: LossData = demoLoss();

/** The same run with label noise σ = 0.1: a noise floor the test error cannot go below. */
export const demoNoisyLossData: LossData = (() => {
  const base = demoLoss();
  const floor = 0.03;
  const lift = (xs: ArrayLike<number | null>): number[] =>
    Array.from(xs, (v) => (v === null || !Number.isFinite(v) ? Number.NaN : v + floor));
  const testError = lift(base.testError);
  return {
    ...base,
    trainLoss: lift(base.trainLoss),
    testError,
    noiseFloor: floor,
    samplesToEps: firstBelow(base.samples as number[], testError, DEMO_EPS),
    overlays: [],
  };
})();

/** Test error by position for j = 3..10, evaluated every 1280 samples; far positions learn later. */
export const demoPositionData: PositionData = (() => {
  const positions = Array.from({ length: DEMO_L - 2 }, (_, k) => k + 3);
  const samples = Array.from({ length: 60 }, (_, k) => k * 1280);
  const u = generator(17);
  const errorByPosition = samples.map((s) =>
    positions.map(
      (j) => (1 / (1 + (s / (1400 * (j - 1) ** 0.9)) ** 1.6) + 0.003) * Math.exp(0.05 * normal(u)),
    ),
  );
  return { positions, samples, errorByPosition };
})();

/**
 * Token memory (an invented example, not a measurement): tokens 2, 4, 6 and 8 of L = 10, each line starting
 * at 1 where its token arrives and decaying slowly; the thin reference decays a little faster.
 */
export const demoHiddenData: HiddenData = (() => {
  const tokens = [2, 4, 6, 8];
  const line = (rate: number) => {
    const out = new Float64Array(tokens.length * DEMO_L).fill(Number.NaN);
    tokens.forEach((i, t) => {
      for (let l = i; l <= DEMO_L; l++) out[t * DEMO_L + (l - 1)] = Math.exp(-rate * (l - i));
    });
    return out;
  };
  return { probes: 8, L: DEMO_L, tokens, memory: line(0.05), memoryAtInit: line(0.07), samples: 60000 };
})();

/** Prediction vs target of probe 1 at j = 3..10 midway through training. */
export const demoPredictionData: PredictionData = (() => {
  const positions = Array.from({ length: DEMO_L - 2 }, (_, k) => k + 3);
  const u = generator(29);
  const target = positions.map(() => 0.55 * normal(u));
  const predicted = target.map((t, k) => t * (0.92 - 0.05 * k) + 0.07 * normal(u));
  return { positions, d: 1, predicted, target, probe: 0, samples: 24000 };
})();

/** Influence maps for L = 10: the teacher reads every earlier token (K = 0); the student nearly matches. */
export const demoInfluenceData: InfluenceData = (() => {
  const L = DEMO_L;
  const teacher = new Float64Array(L * L);
  const student = new Float64Array(L * L);
  const u = generator(31);
  for (let j = 3; j <= L; j++) {
    const c = 1 / Math.sqrt(4 * (j - 2));
    for (let i = 2; i <= j - 1; i++) {
      const t = c * (0.4 + 0.8 * u());
      teacher[(i - 1) * L + (j - 1)] = t;
      student[(i - 1) * L + (j - 1)] = Math.max(0, t * (0.85 + 0.2 * u()) - 0.01 * (j - i));
    }
    // The student's own token leaks a little into its output (the teacher never reads x_j for y_j).
    student[(j - 1) * L + (j - 1)] = 0.04 + 0.03 * u();
  }
  return { L, teacher, student, probes: 64, samples: 60000 };
})();

/** Lazy-training metrics every 2560 samples up to 61.4k. */
export const demoLazyData: LazyData = (() => {
  const samples = Array.from({ length: 25 }, (_, k) => k * 2560);
  const u = generator(37);
  const rise = (s: number, tau: number): number => 1 - Math.exp(-s / tau);
  return {
    samples,
    weightMovementFrobenius: samples.map((s) => 0.062 * rise(s, 14000)),
    weightMovementSpectral: samples.map((s) => 1.9 * rise(s, 12000)),
    patternFlips: samples.map((s) => 0.031 * rise(s, 18000) * (1 + 0.02 * normal(u))),
    linearizationGap: samples.map((s, k) => (k === 0 ? Number.NaN : 0.012 + 0.09 * rise(s, 30000))),
  };
})();
