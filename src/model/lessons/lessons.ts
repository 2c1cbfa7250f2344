/**
 * The lessons: named, reproducible links (by seed) with a short card each — the claim, what to watch, what the
 * paper predicts — and, for every statement about training, a checked claim or a measured figure (SPEC §8).
 * Each variant starts from a preset of src/model/presets.ts. Numbers on a card are `{name}` placeholders
 * filled from measured.json, which `npm run lessons -- --write` makes by running every variant headless on
 * the wasm backend; `npm run lessons -- --verify` re-runs them and checks each claim. Plain data and pure
 * functions (no React), so the URL codec, the CLI and the tests read it.
 */
import { DEFAULT_CONFIG, resolveConfig, type Config } from '../config';
import { presetByName } from '../presets';
import {
  bestUpTo,
  errorAt,
  firstAtOrBelow,
  flowRatio,
  lazyAt,
  median,
  perSeed,
  ratio,
  report,
  samplesOrInf,
  staysAtOrBelowFrom,
  trainAt,
  worstOverLinear,
  type LessonClaim,
  type LessonFigure,
  type LessonRuns,
} from './claims';

/** One run of a lesson: a preset and the settings that differ from it. */
export interface LessonVariant {
  /** Button text, e.g. "narrow (m = 32)". */
  label: string;
  /** Name of a preset in PRESETS. */
  preset: string;
  /** Settings over the preset (and the defaults). */
  config?: Partial<Config>;
  /** Samples each measured run of this variant trains for (`npm run lessons`). */
  budget: number;
  /** Measure only until the test error reaches ε (claims about samples to ε need no more). */
  toEps?: boolean;
}

export interface Lesson {
  /** Link id: `?lesson=<id>`. */
  id: string;
  title: string;
  /** The claim in one or two sentences. */
  claim: string;
  /** What to look at, chart by chart. */
  watch: string[];
  /** What the paper's analysis predicts. */
  predicts: string;
  /** The runs to try; the first is the one the link opens. Two or more make a comparison. */
  variants: LessonVariant[];
  /** Checked comparisons: `npm run lessons -- --verify` fails when one does not hold. */
  claims: LessonClaim[];
  /** Measured numbers the texts show as `{name}`. */
  figures: Record<string, LessonFigure>;
}

// The browser lessons use a smaller test set than the default: evaluation then costs little next to training,
// so the curve moves quickly on a laptop; 512 sequences still measure the error to about ±5%.
const QUICK: Partial<Config> = { ntest: 512 };
/** The length lesson compares samples to ε = 0.1 at a step size that is stable at every length shown. */
const LENGTHS: Partial<Config> = { lr: 0.5, eps: 0.1 };
/** Seeds for comparisons where one seed could mislead. */
const SEEDS = [1, 2, 3];

const run = (r: LessonRuns, variant: number, seed: number) => r.variant(variant).seed(seed);
const all = (seeds: readonly number[], f: (seed: number) => boolean) => seeds.every(f);
const lo = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : Math.min(...(xs as number[])));
const hi = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : Math.max(...(xs as number[])));
const finiteOr = (x: number | null) => x ?? Number.POSITIVE_INFINITY;

export const LESSONS: readonly Lesson[] = [
  {
    id: 'theorem',
    title: "The theorem's setting",
    claim:
      'An additive teacher with Φ = sin is learned by plain SGD on the recurrent matrix W alone, with fresh sequences every step (online SGD).',
    watch: [
      'Loss chart: with seed 1 the test error starts at {start}, above 1.0 (the error of predicting zero: the untrained network’s outputs F(W₀) are not zero, and they add to the error), reaches ε = 0.05 after {eps} samples and is at {end} after 150k samples, where the best linear map (dotted line) gets {linear}.',
      'Lazy-training chart: by 150k samples (seed 1) W has moved {move} of its initial norm (Frobenius) and {flips} of the ReLU signs have flipped: at this width and step size the run is not in the lazy regime of the proof.',
      'Influence maps: compare the student’s map with the teacher’s, in which every earlier token feeds every later output.',
    ],
    predicts:
      'For a wide enough network, SGD on W reaches test error ε with a number of samples polynomial in L and 1/ε, and only logarithmic in the width m; the weights stay close to their random start. The lab’s setting is not the theorem’s: tokens enter at scale ε_x = 1 (the proof needs ε_x small), SGD steps on batches of 32 (the proof: one sequence), η = 1 is chosen for speed, and m = 256 is far below the proof’s width. What this card says is measured in that setting.',
    variants: [{ label: 'additive sin, W only', preset: 'theorem', config: QUICK, budget: 150_000 }],
    claims: [
      {
        text: 'The untrained network’s test error is above 1 (its outputs are not zero), on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const start = (s: number) => run(r, 0, s).testError[0] ?? null;
          return {
            measured: perSeed(SEEDS, 'start', start),
            holds: all(SEEDS, (s) => finiteOr(start(s)) > 1),
          };
        },
      },
      {
        text: 'SGD on W alone reaches ε = 0.05 within 150k samples, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: perSeed(SEEDS, 'samplesToEps', (s) => run(r, 0, s).samplesToEps),
          holds: all(SEEDS, (s) => run(r, 0, s).samplesToEps !== null),
        }),
      },
      {
        text: 'At 150k samples the test error is at least 2× below the best linear map, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const end = (s: number) => errorAt(run(r, 0, s), 150_000);
          const lin = (s: number) => run(r, 0, s).baselines.linear;
          return {
            measured: { ...perSeed(SEEDS, 'error150k', end), ...perSeed(SEEDS, 'linear', lin) },
            holds: all(SEEDS, (s) => 2 * finiteOr(end(s)) <= lin(s)),
          };
        },
      },
      {
        text: 'Not lazy at this width: at 150k samples ‖W − W₀‖_F/‖W₀‖_F is above 0.2 and more than 15% of the ReLU signs have flipped, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const move = (s: number) => lazyAt(run(r, 0, s), 'weightMovement', 150_000);
          const flips = (s: number) => lazyAt(run(r, 0, s), 'patternFlips', 150_000);
          return {
            measured: { ...perSeed(SEEDS, 'movement', move), ...perSeed(SEEDS, 'flips', flips) },
            holds: all(SEEDS, (s) => (move(s) ?? 0) > 0.2 && (flips(s) ?? 0) > 0.15),
          };
        },
      },
    ],
    figures: {
      start: { kind: 'error', value: (r) => run(r, 0, 1).testError[0] ?? null },
      eps: { kind: 'samples', value: (r) => run(r, 0, 1).samplesToEps },
      end: { kind: 'error', value: (r) => errorAt(run(r, 0, 1), 150_000) },
      linear: { kind: 'error', value: (r) => run(r, 0, 1).baselines.linear },
      move: { kind: 'percent', value: (r) => lazyAt(run(r, 0, 1), 'weightMovement', 150_000) },
      flips: { kind: 'percent', value: (r) => lazyAt(run(r, 0, 1), 'patternFlips', 150_000) },
    },
  },
  {
    id: 'beyond-linear',
    title: 'Beyond a linear map',
    claim:
      'At teacher scale R = 2.5 the sine teacher is a real curve: the best linear map of the tokens gets test error {linear}, and SGD on W takes the student below it and on to ε = 0.05. At R = 1 the same teacher is almost a straight line: a linear map already gets {linear1}, so reaching ε there shows nothing beyond linear memory.',
    watch: [
      'Loss chart: the dotted black line is the best linear map. At R = 2.5 (seed 1) the test error first dips below it after {firstBelow} samples, stays below from {staysBelow}, reaches ε after {eps} and is at {end} after 150k samples, {times} below the line.',
      'Test error by position: the black ticks mark the linear map at each position ({posLow} to {posHigh}). By 150k samples every bar ends left of its tick (at worst at {worstPosition} of it).',
      'Run R = 1: the status bar shows the best linear map at {linear1} and warns that samples to ε is not meaningful; the student is at {end1} after 60k samples, not below the linear map.',
    ],
    predicts:
      'The theorem covers smooth Φ at any scale; the samples it needs grow with the complexity C(Φ, R), so a larger R is a harder concept, learned by the same SGD. Measured on seeds 1–3 (512 test sequences): at R = 2.5 the linear map gets {linearLow} to {linearHigh} and the student reaches ε after {epsLow} to {epsHigh} samples (η = 1, m = 256: the lab’s settings, not the theorem’s width).',
    variants: [
      { label: 'R = 2.5: a curved teacher', preset: 'theorem', config: QUICK, budget: 150_000 },
      { label: 'R = 1: almost a straight line', preset: 'linear-teacher', config: QUICK, budget: 60_000 },
    ],
    claims: [
      {
        text: 'At R = 2.5 the best linear map’s test error is above 2ε = 0.1, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: perSeed(SEEDS, 'linear', (s) => run(r, 0, s).baselines.linear),
          holds: all(SEEDS, (s) => run(r, 0, s).baselines.linear > 0.1),
        }),
      },
      {
        text: 'At R = 2.5 the student stays below the best linear map from some point on and ends at least 3× below it at 150k samples, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const from = (s: number) => staysAtOrBelowFrom(run(r, 0, s), run(r, 0, s).baselines.linear);
          const end = (s: number) => errorAt(run(r, 0, s), 150_000);
          return {
            measured: { ...perSeed(SEEDS, 'staysBelowFrom', from), ...perSeed(SEEDS, 'error150k', end) },
            holds: all(
              SEEDS,
              (s) => from(s) !== null && 3 * finiteOr(end(s)) <= run(r, 0, s).baselines.linear,
            ),
          };
        },
      },
      {
        text: 'At R = 2.5, at the end of 150k samples every target position’s test error is below that position’s best linear map, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          // Below 1 means every bar ends left of its tick.
          const margin = (s: number) => worstOverLinear(run(r, 0, s));
          return {
            measured: perSeed(SEEDS, 'worstPositionOverLinear', margin),
            holds: all(SEEDS, (s) => margin(s) < 1),
          };
        },
      },
      {
        text: 'At R = 1 the best linear map is below ε = 0.05 (samples to ε is not meaningful there), on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: perSeed(SEEDS, 'linear', (s) => run(r, 1, s).baselines.linear),
          holds: all(SEEDS, (s) => run(r, 1, s).baselines.linear < r.variant(1).eps),
        }),
      },
      {
        text: 'At R = 1 the student’s test error at 60k samples is not below the best linear map, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const end = (s: number) => errorAt(run(r, 1, s), 60_000);
          return {
            measured: perSeed(SEEDS, 'error60k', end),
            holds: all(SEEDS, (s) => finiteOr(end(s)) >= run(r, 1, s).baselines.linear),
          };
        },
      },
    ],
    figures: {
      linear: { kind: 'error', value: (r) => run(r, 0, 1).baselines.linear },
      linear1: { kind: 'error', value: (r) => run(r, 1, 1).baselines.linear },
      firstBelow: {
        kind: 'samples',
        value: (r) => firstAtOrBelow(run(r, 0, 1), run(r, 0, 1).baselines.linear),
      },
      staysBelow: {
        kind: 'samples',
        value: (r) => staysAtOrBelowFrom(run(r, 0, 1), run(r, 0, 1).baselines.linear),
      },
      eps: { kind: 'samples', value: (r) => run(r, 0, 1).samplesToEps },
      end: { kind: 'error', value: (r) => errorAt(run(r, 0, 1), 150_000) },
      times: {
        kind: 'times',
        value: (r) => ratio(run(r, 0, 1).baselines.linear, errorAt(run(r, 0, 1), 150_000)),
      },
      posLow: { kind: 'error', value: (r) => lo(run(r, 0, 1).baselines.linearByPosition) },
      posHigh: { kind: 'error', value: (r) => hi(run(r, 0, 1).baselines.linearByPosition) },
      worstPosition: { kind: 'percent', value: (r) => worstOverLinear(run(r, 0, 1)) },
      end1: { kind: 'error', value: (r) => errorAt(run(r, 1, 1), 60_000) },
      linearLow: {
        kind: 'error',
        seeds: SEEDS,
        value: (r) => lo(SEEDS.map((s) => run(r, 0, s).baselines.linear)),
      },
      linearHigh: {
        kind: 'error',
        seeds: SEEDS,
        value: (r) => hi(SEEDS.map((s) => run(r, 0, s).baselines.linear)),
      },
      epsLow: {
        kind: 'samples',
        seeds: SEEDS,
        value: (r) => lo(SEEDS.map((s) => run(r, 0, s).samplesToEps)),
      },
      epsHigh: {
        kind: 'samples',
        seeds: SEEDS,
        value: (r) => hi(SEEDS.map((s) => run(r, 0, s).samplesToEps)),
      },
    },
  },
  {
    id: 'long',
    title: 'Longer sequences',
    claim:
      'Longer sequences need more samples to reach the same ε. The theorem bounds the growth by a polynomial in L, where earlier bounds for RNNs grew exponentially.',
    watch: [
      'Run L = 5, then L = 10, then L = 15; each run is kept when you pause it. Overlay them in Compare runs.',
      'Status bar: “samples to ε” (ε = 0.1 here, below the best linear map at each length: {linear5}, {linear10} and {linear15} with seed 1). With seed 1: {eps5}, {eps10} and {eps15} samples, {ratio1} more from L = 5 to L = 10 and {ratio2} more from L = 10 to L = 15.',
      'Test error by position: compare how fast early and late positions fall.',
      'Gradients through time: at the random start an error at the last output reaches the first position at {flowStart15} of its strength at L (L = 15, seed 1), so it neither explodes nor vanishes; where the run reaches ε it is {flowEnd15}.',
    ],
    predicts:
      'Samples needed grow at most polynomially in L, for a network wide enough to stay near its random initialisation. Three lengths show the trend, not the law that bounds it: for that, sweep many lengths and seeds (Experiments, npm run sweep). η = 0.5 at all three lengths, a step that is stable at each of them on seeds 1–3; the length sweep in Experiments instead picks η per length by a pilot, and says what its fits can and cannot tell apart.',
    variants: [
      {
        label: 'L = 5',
        preset: 'theorem',
        config: { ...QUICK, ...LENGTHS, L: 5 },
        budget: 60_000,
        toEps: true,
      },
      {
        label: 'L = 10',
        preset: 'theorem',
        config: { ...QUICK, ...LENGTHS, L: 10 },
        budget: 150_000,
        toEps: true,
      },
      {
        label: 'L = 15',
        preset: 'long',
        config: { ...QUICK, ...LENGTHS, L: 15 },
        budget: 300_000,
        toEps: true,
      },
    ],
    claims: [
      {
        text: 'Samples to ε = 0.1 grow with L: L = 5 needs fewer than L = 10, and L = 10 fewer than L = 15, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const n = (v: number, s: number) => samplesOrInf(run(r, v, s));
          return {
            measured: {
              ...perSeed(SEEDS, 'L5', (s) => run(r, 0, s).samplesToEps),
              ...perSeed(SEEDS, 'L10', (s) => run(r, 1, s).samplesToEps),
              ...perSeed(SEEDS, 'L15', (s) => run(r, 2, s).samplesToEps),
            },
            holds: all(SEEDS, (s) => n(0, s) < n(1, s) && n(1, s) < n(2, s) && Number.isFinite(n(1, s))),
          };
        },
      },
      {
        text: 'At every length shown the best linear map is above ε = 0.1, so reaching ε takes more than a linear map, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const measured: Record<string, number | null> = {};
          let holds = true;
          [5, 10, 15].forEach((L, v) => {
            Object.assign(
              measured,
              perSeed(SEEDS, `linearL${L}`, (s) => run(r, v, s).baselines.linear),
            );
            holds &&= all(SEEDS, (s) => run(r, v, s).baselines.linear > r.variant(v).eps);
          });
          return { measured, holds };
        },
      },
      {
        text: 'At the random start an error at the last output reaches position 1 with between 0.4× and 2.5× of its strength at position L (‖δ_1‖/‖δ_L‖), at L = 5, 10 and 15, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const measured: Record<string, number | null> = {};
          let holds = true;
          [5, 10, 15].forEach((L, v) => {
            Object.assign(
              measured,
              perSeed(SEEDS, `startL${L}`, (s) => flowRatio(run(r, v, s), 'initial')),
            );
            holds &&= all(SEEDS, (s) => {
              const x = flowRatio(run(r, v, s), 'initial');
              return x !== null && x >= 0.4 && x <= 2.5;
            });
          });
          return { measured, holds };
        },
      },
      {
        text: 'Where a run stops (at ε = 0.1) the same ratio has grown above its value at the start but stays below 3×, at L = 5, 10 and 15, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const measured: Record<string, number | null> = {};
          let holds = true;
          [5, 10, 15].forEach((L, v) => {
            Object.assign(
              measured,
              perSeed(SEEDS, `endL${L}`, (s) => flowRatio(run(r, v, s), 'final')),
            );
            holds &&= all(SEEDS, (s) => {
              const start = flowRatio(run(r, v, s), 'initial');
              const end = flowRatio(run(r, v, s), 'final');
              return start !== null && end !== null && end > start && end < 3;
            });
          });
          return { measured, holds };
        },
      },
    ],
    figures: {
      eps5: { kind: 'samples', value: (r) => run(r, 0, 1).samplesToEps },
      eps10: { kind: 'samples', value: (r) => run(r, 1, 1).samplesToEps },
      eps15: { kind: 'samples', value: (r) => run(r, 2, 1).samplesToEps },
      ratio1: { kind: 'times', value: (r) => ratio(run(r, 1, 1).samplesToEps, run(r, 0, 1).samplesToEps) },
      ratio2: { kind: 'times', value: (r) => ratio(run(r, 2, 1).samplesToEps, run(r, 1, 1).samplesToEps) },
      linear5: { kind: 'error', value: (r) => run(r, 0, 1).baselines.linear },
      linear10: { kind: 'error', value: (r) => run(r, 1, 1).baselines.linear },
      linear15: { kind: 'error', value: (r) => run(r, 2, 1).baselines.linear },
      flowStart15: { kind: 'times', value: (r) => flowRatio(run(r, 2, 1), 'initial') },
      flowEnd15: { kind: 'times', value: (r) => flowRatio(run(r, 2, 1), 'final') },
    },
  },
  {
    id: 'width',
    title: 'Narrow vs wide',
    claim:
      'A wider student moves W far less relative to its start, flips fewer ReLU patterns and stays nearer its linearization, as the lazy-regime analysis says; a narrow one must move its weights far.',
    watch: [
      'Lazy-training chart, at 60k samples (seed 1): the narrow run’s W has moved {moveNarrow} of its initial norm, the wide run’s {moveWide}; ReLU flips {flipsNarrow} against {flipsWide}; linearization gap {gapNarrow} against {gapWide}.',
      'Loss chart (Compare runs): at 60k samples the wide run is at {errWide}, below the best linear map ({linear}), while the narrow one is at {errNarrow}. The wide run does far more work per step (W is m × m).',
      'η is scaled as 1/m (η·m = 64 in both), so each SGD step changes the outputs by a similar amount and only the width differs in effect.',
    ],
    predicts:
      'The required width is polynomial in L and 1/ε; beyond it, samples depend on m only logarithmically. As m grows, ‖W − W₀‖ shrinks relative to ‖W₀‖ and the RNN approaches its first-order expansion (the “pseudo-network”). Both widths here are far below the proof’s.',
    variants: [
      { label: 'narrow (m = 64, η = 1)', preset: 'narrow', config: QUICK, budget: 60_000 },
      { label: 'wide (m = 512, η = 0.125)', preset: 'wide', config: QUICK, budget: 60_000 },
    ],
    claims: [
      {
        text: 'At 60k samples the wide run’s ‖W − W₀‖_F/‖W₀‖_F is at least 5× smaller than the narrow run’s, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const mv = (v: number, s: number) => lazyAt(run(r, v, s), 'weightMovement', 60_000);
          return {
            measured: {
              ...perSeed(SEEDS, 'narrow', (s) => mv(0, s)),
              ...perSeed(SEEDS, 'wide', (s) => mv(1, s)),
            },
            holds: all(SEEDS, (s) => 5 * finiteOr(mv(1, s)) <= (mv(0, s) ?? 0)),
          };
        },
      },
      {
        text: 'At 60k samples the wide run has fewer ReLU flips and a smaller linearization gap than the narrow run, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const f = (v: number, s: number) => lazyAt(run(r, v, s), 'patternFlips', 60_000);
          const g = (v: number, s: number) => lazyAt(run(r, v, s), 'linearizationGap', 60_000);
          return {
            measured: {
              ...perSeed(SEEDS, 'flipsNarrow', (s) => f(0, s)),
              ...perSeed(SEEDS, 'flipsWide', (s) => f(1, s)),
              ...perSeed(SEEDS, 'gapNarrow', (s) => g(0, s)),
              ...perSeed(SEEDS, 'gapWide', (s) => g(1, s)),
            },
            holds: all(
              SEEDS,
              (s) => finiteOr(f(1, s)) < (f(0, s) ?? 0) && finiteOr(g(1, s)) < (g(0, s) ?? 0),
            ),
          };
        },
      },
      {
        text: 'At 60k samples the wide run’s test error is below the best linear map and below the narrow run’s, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const e = (v: number, s: number) => errorAt(run(r, v, s), 60_000);
          return {
            measured: {
              ...perSeed(SEEDS, 'narrow', (s) => e(0, s)),
              ...perSeed(SEEDS, 'wide', (s) => e(1, s)),
            },
            holds: all(
              SEEDS,
              (s) =>
                finiteOr(e(1, s)) < run(r, 1, s).baselines.linear && finiteOr(e(1, s)) < finiteOr(e(0, s)),
            ),
          };
        },
      },
    ],
    figures: {
      moveNarrow: { kind: 'ratio', value: (r) => lazyAt(run(r, 0, 1), 'weightMovement', 60_000) },
      moveWide: { kind: 'ratio', value: (r) => lazyAt(run(r, 1, 1), 'weightMovement', 60_000) },
      flipsNarrow: { kind: 'percent', value: (r) => lazyAt(run(r, 0, 1), 'patternFlips', 60_000) },
      flipsWide: { kind: 'percent', value: (r) => lazyAt(run(r, 1, 1), 'patternFlips', 60_000) },
      gapNarrow: { kind: 'ratio', value: (r) => lazyAt(run(r, 0, 1), 'linearizationGap', 60_000) },
      gapWide: { kind: 'ratio', value: (r) => lazyAt(run(r, 1, 1), 'linearizationGap', 60_000) },
      errWide: { kind: 'error', value: (r) => errorAt(run(r, 1, 1), 60_000) },
      errNarrow: { kind: 'error', value: (r) => errorAt(run(r, 0, 1), 60_000) },
      linear: { kind: 'error', value: (r) => run(r, 1, 1).baselines.linear },
    },
  },
  {
    id: 'small-inputs',
    title: 'Small inputs, as in the proof',
    claim:
      'The proof feeds the tokens to the network at a small scale ε_x; the lab’s default is ε_x = 1. At the same η, shrinking ε_x slows learning here.',
    watch: [
      'Loss chart at 60k samples (seed 1): ε_x = 1 is at {err1}, ε_x = 0.3 at {err03}, ε_x = 0.1 at {err01}. The best linear map is {linear} for all three: it reads the teacher’s tokens, which ε_x does not change.',
      'Status bar: with seed 1, ε is reached after {eps1} samples at ε_x = 1; after 150k samples ε_x = 0.3 is at {end03} and ε_x = 0.1 at {end01}, both above ε.',
      'Lazy-training chart at 60k samples (seed 1): W has moved {move1}, {move03} and {move01} of its initial norm.',
    ],
    predicts:
      'The student sees x = ε_x·x*, so in its own inputs the teacher computes Φ((R/ε_x)·⟨w, x⟩): the concept’s complexity C(Φ, R/ε_x), and with it the theorem’s bound on samples, grows as ε_x shrinks. The proof assumes ε_x small; it does not say that ε_x = 1 fails.',
    variants: [
      { label: 'ε_x = 1 (the lab’s default)', preset: 'theorem', config: QUICK, budget: 150_000 },
      { label: 'ε_x = 0.3', preset: 'theorem', config: { ...QUICK, epsx: 0.3 }, budget: 150_000 },
      { label: 'ε_x = 0.1', preset: 'theorem', config: { ...QUICK, epsx: 0.1 }, budget: 150_000 },
    ],
    claims: [
      {
        text: 'At 150k samples the test error is lower at ε_x = 1 than at ε_x = 0.3, and lower at 0.3 than at 0.1, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const e = (v: number, s: number) => finiteOr(errorAt(run(r, v, s), 150_000));
          return {
            measured: {
              ...perSeed(SEEDS, 'epsx1', (s) => e(0, s)),
              ...perSeed(SEEDS, 'epsx0.3', (s) => e(1, s)),
              ...perSeed(SEEDS, 'epsx0.1', (s) => e(2, s)),
            },
            holds: all(SEEDS, (s) => e(0, s) < e(1, s) && e(1, s) < e(2, s)),
          };
        },
      },
      {
        text: 'At ε_x = 0.3 and at ε_x = 0.1 the test error does not reach ε = 0.05 within 150k samples, on seeds 1–3 (at ε_x = 1 it does).',
        seeds: SEEDS,
        check: (r) => ({
          measured: {
            ...perSeed(SEEDS, 'epsx1', (s) => run(r, 0, s).samplesToEps),
            ...perSeed(SEEDS, 'epsx0.3', (s) => run(r, 1, s).samplesToEps),
            ...perSeed(SEEDS, 'epsx0.1', (s) => run(r, 2, s).samplesToEps),
          },
          holds: all(
            SEEDS,
            (s) =>
              run(r, 0, s).samplesToEps !== null &&
              run(r, 1, s).samplesToEps === null &&
              run(r, 2, s).samplesToEps === null,
          ),
        }),
      },
      {
        text: 'The best linear map is the same at every ε_x (the teacher and the test set do not depend on it), on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const lin = (v: number, s: number) => run(r, v, s).baselines.linear;
          return {
            measured: perSeed(SEEDS, 'linear', (s) => lin(0, s)),
            holds: all(SEEDS, (s) => lin(1, s) === lin(0, s) && lin(2, s) === lin(0, s)),
          };
        },
      },
    ],
    figures: {
      err1: { kind: 'error', value: (r) => errorAt(run(r, 0, 1), 60_000) },
      err03: { kind: 'error', value: (r) => errorAt(run(r, 1, 1), 60_000) },
      err01: { kind: 'error', value: (r) => errorAt(run(r, 2, 1), 60_000) },
      linear: { kind: 'error', value: (r) => run(r, 0, 1).baselines.linear },
      eps1: { kind: 'samples', value: (r) => run(r, 0, 1).samplesToEps },
      end03: { kind: 'error', value: (r) => errorAt(run(r, 1, 1), 150_000) },
      end01: { kind: 'error', value: (r) => errorAt(run(r, 2, 1), 150_000) },
      move1: { kind: 'percent', value: (r) => lazyAt(run(r, 0, 1), 'weightMovement', 60_000) },
      move03: { kind: 'percent', value: (r) => lazyAt(run(r, 1, 1), 'weightMovement', 60_000) },
      move01: { kind: 'percent', value: (r) => lazyAt(run(r, 2, 1), 'weightMovement', 60_000) },
    },
  },
  {
    id: 'last-token',
    title: 'Remember the last token',
    claim:
      'With Φ = identity and window K = 1 every output is a linear projection of the token just before it: the simplest memory task.',
    watch: [
      'Influence maps: by its definition the teacher is a single band just below the diagonal (i = j − 1); compare the student’s map with it as it trains.',
      'Loss chart: with seed 1 the error reaches ε after {eps} samples.',
      'Status bar: the best linear map is zero here up to rounding (the teacher is linear), so the lab says reaching ε is not meaningful as evidence of learning beyond linear: this lesson is about memory, not about a curve.',
      'Test error by position: at 20k samples (seed 1) the whole test error is {end}, yet the positions range from {bestPosition} to {worstPosition}: not every position is learned equally fast.',
    ],
    predicts:
      'The concept class includes any sum of smooth functions of earlier tokens; a linear function of one token has the lowest complexity, so the bound on samples is smallest here.',
    variants: [{ label: 'identity, K = 1', preset: 'last-token', config: QUICK, budget: 20_000 }],
    claims: [
      {
        text: 'The student reaches ε = 0.05 within 20k samples, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: perSeed(SEEDS, 'samplesToEps', (s) => run(r, 0, s).samplesToEps),
          holds: all(SEEDS, (s) => run(r, 0, s).samplesToEps !== null),
        }),
      },
      {
        text: 'The best linear map’s test error is below 10⁻⁶ (the teacher is linear), on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: perSeed(SEEDS, 'linear', (s) => run(r, 0, s).baselines.linear),
          holds: all(SEEDS, (s) => run(r, 0, s).baselines.linear < 1e-6),
        }),
      },
    ],
    figures: {
      eps: { kind: 'samples', value: (r) => run(r, 0, 1).samplesToEps },
      end: { kind: 'error', value: (r) => errorAt(run(r, 0, 1), 20_000) },
      bestPosition: { kind: 'error', value: (r) => Math.min(...run(r, 0, 1).lastByPosition.map(finiteOr)) },
      worstPosition: { kind: 'error', value: (r) => Math.max(...run(r, 0, 1).lastByPosition.map(finiteOr)) },
    },
  },
  {
    id: 'concept',
    title: 'Additive vs joint concept',
    claim:
      'The theorem covers outputs that add up separate functions of single tokens. A joint teacher — one network over the whole window — is outside that class.',
    watch: [
      'Run the additive teacher, keep it, then the joint one, and compare the test-error curves.',
      'Influence maps: the joint teacher mixes tokens inside one nonlinearity; see whether the student’s map matches it.',
      'With seed 1 the joint run is at {joint} after 150k samples against the additive run’s {additive}, and it needs {times} the samples to first reach 0.1 ({jointTo} against {additiveTo}). Its best linear map is {linearJoint} (additive: {linearAdditive}), so both runs learn far beyond a linear map.',
    ],
    predicts:
      'Sample complexity is polynomial for the additive class. The joint class is not covered by the main theorem; nothing guarantees the same rate.',
    variants: [
      { label: 'additive', preset: 'theorem', config: QUICK, budget: 150_000 },
      { label: 'joint', preset: 'joint', config: QUICK, budget: 150_000 },
    ],
    claims: [
      {
        text: 'The joint teacher’s best linear map is at least 2.5× the additive teacher’s, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: {
            ...perSeed(SEEDS, 'additive', (s) => run(r, 0, s).baselines.linear),
            ...perSeed(SEEDS, 'joint', (s) => run(r, 1, s).baselines.linear),
          },
          holds: all(SEEDS, (s) => run(r, 1, s).baselines.linear >= 2.5 * run(r, 0, s).baselines.linear),
        }),
      },
      {
        text: 'At 150k samples the joint run’s test error is at least 1.5× the additive run’s, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const e = (v: number, s: number) => errorAt(run(r, v, s), 150_000);
          return {
            measured: {
              ...perSeed(SEEDS, 'additive', (s) => e(0, s)),
              ...perSeed(SEEDS, 'joint', (s) => e(1, s)),
            },
            holds: all(SEEDS, (s) => finiteOr(e(1, s)) >= 1.5 * finiteOr(e(0, s))),
          };
        },
      },
      {
        text: 'The joint run needs at least 1.5× the samples of the additive run to first reach test error 0.1, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const t = (v: number, s: number) => firstAtOrBelow(run(r, v, s), 0.1);
          return {
            measured: {
              ...perSeed(SEEDS, 'additive', (s) => t(0, s)),
              ...perSeed(SEEDS, 'joint', (s) => t(1, s)),
            },
            holds: all(SEEDS, (s) => t(0, s) !== null && finiteOr(t(1, s)) >= 1.5 * (t(0, s) as number)),
          };
        },
      },
      {
        text: 'At 150k samples the joint run is below its best linear map, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const e = (s: number) => errorAt(run(r, 1, s), 150_000);
          return {
            measured: perSeed(SEEDS, 'joint', e),
            holds: all(SEEDS, (s) => finiteOr(e(s)) < run(r, 1, s).baselines.linear),
          };
        },
      },
    ],
    figures: {
      joint: { kind: 'error', value: (r) => errorAt(run(r, 1, 1), 150_000) },
      additive: { kind: 'error', value: (r) => errorAt(run(r, 0, 1), 150_000) },
      jointTo: { kind: 'samples', value: (r) => firstAtOrBelow(run(r, 1, 1), 0.1) },
      additiveTo: { kind: 'samples', value: (r) => firstAtOrBelow(run(r, 0, 1), 0.1) },
      times: {
        kind: 'times',
        value: (r) => ratio(firstAtOrBelow(run(r, 1, 1), 0.1), firstAtOrBelow(run(r, 0, 1), 0.1)),
      },
      linearJoint: { kind: 'error', value: (r) => run(r, 1, 1).baselines.linear },
      linearAdditive: { kind: 'error', value: (r) => run(r, 0, 1).baselines.linear },
    },
  },
  {
    id: 'formula',
    title: 'Outside the class: a product and a sign pattern',
    claim:
      'The theorem’s class adds up smooth functions of single earlier tokens. Write your own teacher to leave it: a product of two tokens is not such a sum, and a sign pattern is not even smooth.',
    watch: [
      'The formula sits in Settings → Teacher (concept = formula); x[j-1] is the token one position back and u, v are unit directions drawn from the seed.',
      'Baselines: no linear map helps here — the best one is at {linearProduct} for the product and {linearSign} for the sign pattern (1.0 = predicting zero).',
      'Loss chart: with seed 1 the product run first reaches 0.1 at {productTo} samples and is at {product} at 150k; the sign run does not reach 0.1 by 150k and ends at {sign}, {times} the product run’s error.',
      'Prediction chart: the sign teacher’s targets are only −1 and +1; set them beside the student’s outputs.',
    ],
    predicts:
      'Neither teacher is in the class the theorem covers, so it promises nothing here. The product is smooth and the student learns it anyway in these runs; a sign pattern has a jump, which no smooth function of the tokens matches exactly.',
    variants: [
      { label: 'product', preset: 'product', config: QUICK, budget: 150_000 },
      { label: 'sign pattern', preset: 'sign-pattern', config: QUICK, budget: 150_000 },
    ],
    claims: [
      {
        text: 'For both teachers the best linear map of the tokens is at 0.95 or above, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: {
            ...perSeed(SEEDS, 'product', (s) => run(r, 0, s).baselines.linear),
            ...perSeed(SEEDS, 'sign', (s) => run(r, 1, s).baselines.linear),
          },
          holds: all(
            SEEDS,
            (s) => run(r, 0, s).baselines.linear >= 0.95 && run(r, 1, s).baselines.linear >= 0.95,
          ),
        }),
      },
      {
        text: 'The product run reaches test error 0.1 within 150k samples, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const t = (s: number) => firstAtOrBelow(run(r, 0, s), 0.1);
          return {
            measured: perSeed(SEEDS, 'product', t),
            holds: all(SEEDS, (s) => t(s) !== null && (t(s) as number) <= 150_000),
          };
        },
      },
      {
        text: 'The sign run does not reach test error 0.1 within 150k samples, and at 150k its error is at least 10× the product run’s, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const e = (v: number, s: number) => errorAt(run(r, v, s), 150_000);
          return {
            measured: {
              ...perSeed(SEEDS, 'signTo', (s) => firstAtOrBelow(run(r, 1, s), 0.1)),
              ...perSeed(SEEDS, 'product', (s) => e(0, s)),
              ...perSeed(SEEDS, 'sign', (s) => e(1, s)),
            },
            holds: all(
              SEEDS,
              (s) =>
                firstAtOrBelow(run(r, 1, s), 0.1) === null &&
                finiteOr(e(1, s)) >= 10 * finiteOr(e(0, s)),
            ),
          };
        },
      },
    ],
    figures: {
      linearProduct: { kind: 'error', value: (r) => run(r, 0, 1).baselines.linear },
      linearSign: { kind: 'error', value: (r) => run(r, 1, 1).baselines.linear },
      product: { kind: 'error', value: (r) => errorAt(run(r, 0, 1), 150_000) },
      productTo: { kind: 'samples', value: (r) => firstAtOrBelow(run(r, 0, 1), 0.1) },
      sign: { kind: 'error', value: (r) => errorAt(run(r, 1, 1), 150_000) },
      times: {
        kind: 'times',
        value: (r) => ratio(errorAt(run(r, 1, 1), 150_000), errorAt(run(r, 0, 1), 150_000)),
      },
    },
  },
  {
    id: 'finite-data',
    title: 'Finite data and the generalization gap',
    claim:
      'With a fixed training set of 200 sequences reused every epoch, the training loss keeps falling while the test error levels off: the network fits the set, not the concept.',
    watch: [
      'Loss chart: with seed 1 the train error falls from {train4k} at 4k samples to {train35k} at 35k, while the test error is at {test35k} at 35k (its best so far {bestTest}), above even the best linear map ({linear}). Both are normalized the same way (1.0 = predicting zero), so the gap between them is the generalization gap.',
      'Compare runs: keep this run and overlay the first lesson’s online run, whose test error goes on falling towards ε.',
    ],
    predicts:
      'The theorem is about online SGD: each sample is seen once, so the training loss estimates the test error. Reusing a small set breaks that: the network can fit the set, and generalization then depends on N.',
    variants: [{ label: 'fixed set, N = 200', preset: 'finite-data', config: QUICK, budget: 40_000 }],
    claims: [
      {
        text: 'Between 4k and 35k samples the train error falls at least 2×, and at 35k it is at most half the test error, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const tr = (s: number, n: number) => trainAt(run(r, 0, s), n);
          const te = (s: number) => errorAt(run(r, 0, s), 35_000);
          return {
            measured: {
              ...perSeed(SEEDS, 'train4k', (s) => tr(s, 4_000)),
              ...perSeed(SEEDS, 'train35k', (s) => tr(s, 35_000)),
              ...perSeed(SEEDS, 'test35k', te),
            },
            holds: all(
              SEEDS,
              (s) =>
                2 * finiteOr(tr(s, 35_000)) <= (tr(s, 4_000) ?? 0) &&
                2 * finiteOr(tr(s, 35_000)) <= finiteOr(te(s)),
            ),
          };
        },
      },
      {
        text: 'The test error never gets below the best linear map within 40k samples, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => {
          const best = (s: number) => bestUpTo(run(r, 0, s), 40_000);
          return {
            measured: perSeed(SEEDS, 'bestTest', best),
            holds: all(SEEDS, (s) => finiteOr(best(s)) > run(r, 0, s).baselines.linear),
          };
        },
      },
    ],
    figures: {
      train4k: { kind: 'error', value: (r) => trainAt(run(r, 0, 1), 4_000) },
      train35k: { kind: 'error', value: (r) => trainAt(run(r, 0, 1), 35_000) },
      test35k: { kind: 'error', value: (r) => errorAt(run(r, 0, 1), 35_000) },
      bestTest: { kind: 'error', value: (r) => bestUpTo(run(r, 0, 1), 35_000) },
      linear: { kind: 'error', value: (r) => run(r, 0, 1).baselines.linear },
    },
  },
  {
    id: 'train-all',
    title: 'Train W only vs everything',
    claim:
      'The paper trains only the recurrent matrix W; A and B stay at their random values. Training all three also works, but it is not what the theorem describes.',
    watch: [
      'Run W only, keep it, then train all (W, A, B) and compare the test-error curves: with seed 1, training all reaches ε after {epsAll} samples, W only after {epsW} ({ratio} of the samples).',
      'Lazy-training chart: W’s movement for each run (A and B are not part of that measure).',
    ],
    predicts:
      'Training W alone is enough for the theorem: the random A and B already provide the features. The analysis does not cover training A and B; here, training them too reaches ε in fewer samples, on each of seeds 1–3 (median ratio {medianRatio}).',
    variants: [
      { label: 'W only', preset: 'theorem', config: QUICK, budget: 150_000 },
      { label: 'W, A and B', preset: 'train-all', config: QUICK, budget: 150_000 },
    ],
    claims: [
      {
        text: 'Training W, A and B reaches ε = 0.05 in fewer samples than training W only, on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: {
            ...perSeed(SEEDS, 'W', (s) => run(r, 0, s).samplesToEps),
            ...perSeed(SEEDS, 'all', (s) => run(r, 1, s).samplesToEps),
          },
          holds: all(SEEDS, (s) => samplesOrInf(run(r, 1, s)) < samplesOrInf(run(r, 0, s))),
        }),
      },
    ],
    figures: {
      epsAll: { kind: 'samples', value: (r) => run(r, 1, 1).samplesToEps },
      epsW: { kind: 'samples', value: (r) => run(r, 0, 1).samplesToEps },
      ratio: { kind: 'ratio', value: (r) => ratio(run(r, 1, 1).samplesToEps, run(r, 0, 1).samplesToEps) },
      medianRatio: {
        kind: 'ratio',
        seeds: SEEDS,
        value: (r) =>
          report(median(SEEDS.map((s) => samplesOrInf(run(r, 1, s)) / samplesOrInf(run(r, 0, s))))),
      },
    },
  },
  {
    id: 'too-large-lr',
    title: 'Too large a learning rate',
    claim:
      'Past a critical learning rate SGD overshoots: each step makes the loss larger instead of smaller, and within a few steps it explodes to Inf or NaN.',
    watch: [
      'The run stops with a message after {diverged} samples (seed 1): the loss or the weights are no longer finite.',
      'Take the smaller learning rate the message offers, or open the first lesson (η = 1, the same seed), which reaches ε.',
    ],
    predicts:
      'The analysis needs a small step size, so that W stays in the neighbourhood of W₀ where the network is nearly linear in W; it says nothing about a step far larger, which here leaves that neighbourhood in the first steps.',
    variants: [{ label: 'η = 200', preset: 'too-large-lr', config: QUICK, budget: 5_000 }],
    claims: [
      {
        text: 'The run diverges (loss or weights not finite) within 10 SGD steps (320 samples), on seeds 1–3.',
        seeds: SEEDS,
        check: (r) => ({
          measured: perSeed(SEEDS, 'divergedAt', (s) =>
            run(r, 0, s).diverged ? run(r, 0, s).samplesSeen : null,
          ),
          holds: all(SEEDS, (s) => run(r, 0, s).diverged && run(r, 0, s).samplesSeen <= 320),
        }),
      },
    ],
    figures: {
      diverged: { kind: 'samples', value: (r) => (run(r, 0, 1).diverged ? run(r, 0, 1).samplesSeen : null) },
    },
  },
];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The full config of a lesson variant: defaults, then the preset, then the variant's own settings. */
export function variantConfig(variant: LessonVariant): Config {
  const preset = presetByName(variant.preset);
  if (!preset) throw new Error(`lesson variant ${variant.label}: no preset named ${variant.preset}`);
  const r = resolveConfig({ ...preset.config, ...variant.config }, DEFAULT_CONFIG);
  if (!r.ok) throw new Error(`lesson variant ${variant.label}: ${r.errors.join(' ')}`);
  return r.config;
}

/** The config a lesson link opens (its first variant); the defaults for an unknown id. */
export function lessonConfig(id: string): Config {
  const first = findLesson(id)?.variants[0];
  return first ? variantConfig(first) : { ...DEFAULT_CONFIG };
}

/** Index of the variant whose config equals `config` apart from the backend, or -1. */
export function activeVariant(lesson: Lesson, config: Config): number {
  return lesson.variants.findIndex((v) => {
    const c = variantConfig(v);
    return Object.keys(c).every((k) => k === 'backend' || c[k as keyof Config] === config[k as keyof Config]);
  });
}
