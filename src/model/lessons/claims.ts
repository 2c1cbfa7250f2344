/**
 * What a lesson may say about training, as data the tests check (SPEC §8): a lesson's runs are measured
 * headless (`npm run lessons`), stored with the command that made them (measured.json), and
 *  - each claim is a comparison over those measurements that holds or fails;
 *  - each figure is a number computed from them, which the card's text shows through a `{name}` placeholder,
 *    so no measured number is ever typed into a card by hand.
 * Everything here is pure: the same functions run in the CLI, in the tests and on the page.
 */

/** One lesson run, as measured: the scheduled evaluations of SPEC §6 and the run's baselines. */
export interface MeasuredRun {
  seed: number;
  /** Samples seen at each scheduled evaluation. */
  samples: number[];
  testError: (number | null)[];
  trainLoss: (number | null)[];
  /** ‖W − W_0‖_F / ‖W_0‖_F, at the evaluations that carry the heavy metrics (null elsewhere). */
  weightMovement: (number | null)[];
  patternFlips: (number | null)[];
  linearizationGap: (number | null)[];
  /** Test error per target position at the last evaluation. */
  lastByPosition: (number | null)[];
  samplesToEps: number | null;
  /** The loss or the weights stopped being finite. */
  diverged: boolean;
  /** Samples seen when the run ended (at the budget, or where it diverged). */
  samplesSeen: number;
  baselines: { linear: number; constant: number; linearByPosition: number[]; positions: number[] };
  /**
   * Gradients through time (src/model/gradient-flow.ts): ‖δ_l‖ for l = 1..L at the initial weights and at
   * the end of the run (null when it diverged). Absent in runs measured before it was recorded.
   */
  gradientFlow?: { initial: number[]; final: number[] | null };
}

/** The runs of one lesson: per variant (in the lesson's order), per seed. */
export interface LessonRuns {
  variant(index: number): VariantRuns;
}

export interface VariantRuns {
  label: string;
  eps: number;
  budget: number;
  seed(seed: number): MeasuredRun;
}

/** A value a claim reports: a number, or null for "not reached within the budget". */
export type MeasuredValue = number | boolean | null;

export interface ClaimOutcome {
  measured: Record<string, MeasuredValue>;
  holds: boolean;
}

export interface LessonClaim {
  /** The claim in one sentence, with its seeds and thresholds: what `holds` checks. */
  text: string;
  /** Seeds it is checked on (each variant is measured on the union of its lesson's seeds). */
  seeds: number[];
  check: (runs: LessonRuns) => ClaimOutcome;
}

/** How a figure is written on a card. */
export type FigureKind = 'samples' | 'error' | 'ratio' | 'percent' | 'times';

export interface LessonFigure {
  kind: FigureKind;
  /** Seeds the figure reads (seed 1 unless said). */
  seeds?: number[];
  value: (runs: LessonRuns) => number | null;
}

// ——— reading a run ———

/** Index of the last scheduled evaluation at or before `samples` (-1 when none). */
function lastIndexAt(run: MeasuredRun, samples: number): number {
  let k = -1;
  for (let i = 0; i < run.samples.length; i++) if ((run.samples[i] as number) <= samples) k = i;
  return k;
}

/**
 * ‖δ_1‖ / ‖δ_L‖: how the signal of an error at the last output compares at position 1 with its strength at L
 * (1: neither grows nor fades through time). At the start or at the end of the run; null when not recorded.
 */
export function flowRatio(run: MeasuredRun, when: 'initial' | 'final'): number | null {
  const norms = run.gradientFlow?.[when];
  if (!norms || norms.length === 0) return null;
  const first = norms[0] as number;
  const last = norms[norms.length - 1] as number;
  return last > 0 && Number.isFinite(first / last) ? first / last : null;
}

/** Test error at the last evaluation at or before `samples` (null when not finite or none). */
export function errorAt(run: MeasuredRun, samples: number): number | null {
  const k = lastIndexAt(run, samples);
  return k < 0 ? null : (run.testError[k] ?? null);
}

/** Train error (normalized like the test error) at the last evaluation at or before `samples`. */
export function trainAt(run: MeasuredRun, samples: number): number | null {
  const k = lastIndexAt(run, samples);
  return k < 0 ? null : (run.trainLoss[k] ?? null);
}

type LazyKey = 'weightMovement' | 'patternFlips' | 'linearizationGap';

/** A lazy metric at the newest evaluation at or before `samples` that has it. */
export function lazyAt(run: MeasuredRun, key: LazyKey, samples: number): number | null {
  for (let k = lastIndexAt(run, samples); k >= 0; k--) {
    const v = run[key][k];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

/** Lowest test error over the evaluations at or before `samples`. */
export function bestUpTo(run: MeasuredRun, samples: number): number | null {
  let best: number | null = null;
  for (let k = 0; k <= lastIndexAt(run, samples); k++) {
    const v = run.testError[k];
    if (v !== null && v !== undefined && (best === null || v < best)) best = v;
  }
  return best;
}

/** First evaluation with test error at or below `level` (null = never within the run). */
export function firstAtOrBelow(run: MeasuredRun, level: number): number | null {
  for (let k = 0; k < run.samples.length; k++) {
    const v = run.testError[k];
    if (v !== null && v !== undefined && v <= level) return run.samples[k] as number;
  }
  return null;
}

/** First evaluation from which every later one is at or below `level` (null = not by the end). */
export function staysAtOrBelowFrom(run: MeasuredRun, level: number): number | null {
  let from: number | null = null;
  for (let k = 0; k < run.samples.length; k++) {
    const v = run.testError[k];
    if (v !== null && v !== undefined && v <= level) from ??= run.samples[k] as number;
    else from = null;
  }
  return from;
}

/**
 * Largest ratio, over target positions, of the last evaluation's test error to that position's best linear
 * map (a non-finite error counts as +∞).
 */
export function worstOverLinear(run: MeasuredRun): number {
  return Math.max(
    ...run.baselines.linearByPosition.map(
      (lin, k) => (run.lastByPosition[k] ?? Number.POSITIVE_INFINITY) / lin,
    ),
  );
}

/** Samples to ε, with a censored run read as "more than its budget" (+∞ in comparisons). */
export function samplesOrInf(run: MeasuredRun): number {
  return run.samplesToEps ?? Number.POSITIVE_INFINITY;
}

/** A ratio a / b for samples that may be censored: null when either is. */
export function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? null : a / b;
}

/** Median of numbers (+∞ sorts last, so a censored majority gives +∞). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

/** A measured number for JSON: +∞ (censored) as null, others rounded to 4 significant digits. */
export function report(x: number | null | undefined): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(4));
}

/** Measured values per seed under one name: {`${name}.s1`: …, `${name}.s2`: …}. */
export function perSeed(
  seeds: readonly number[],
  name: string,
  f: (seed: number) => number | null,
): Record<string, number | null> {
  return Object.fromEntries(seeds.map((s) => [`${name}.s${s}`, report(f(s))]));
}

// ——— writing a figure ———

function compactCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toPrecision(2)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1).replace(/\.0$/, '')}k`;
  return String(Math.round(n));
}

/** A figure as the card writes it; a missing value says so instead of showing a number. */
export function formatFigure(kind: FigureKind, value: number | null): string {
  if (value === null || !Number.isFinite(value))
    return kind === 'samples' ? 'not reached within the measured budget' : 'n/a';
  switch (kind) {
    case 'samples':
      return compactCount(value);
    case 'error':
      return value >= 0.1 ? value.toFixed(2) : value.toPrecision(2);
    case 'ratio':
      return value.toPrecision(2);
    case 'percent':
      return `${Math.round(100 * value)}%`;
    case 'times':
      return `${value.toPrecision(2)}×`;
  }
}

/** A stored figure: its kind and value. */
export interface StoredFigure {
  kind: FigureKind;
  value: number | null;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** Names used as `{name}` in a text. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** The text with each `{name}` replaced by its formatted figure; an unknown name stays visible as `{name}`. */
export function fillFigures(
  text: string,
  figures: Readonly<Record<string, StoredFigure>> | undefined,
): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const f = figures?.[name];
    return f ? formatFigure(f.kind, f.value) : whole;
  });
}
