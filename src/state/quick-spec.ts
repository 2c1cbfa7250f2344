/**
 * A reduced version of a built-in sweep that a class can watch finish in about a minute: three seeds and
 * the cheapest values (as timed by the shipped result), never fewer than a fit needs. Values keep the
 * sweep's order; the budget stays, since runs stop at ε anyway and a smaller one would only censor more.
 */
import { MIN_FIT_POINTS } from '../model/fits';
import type { SweepResult } from '../model/sweep-result';
import { type SweepSpec, type SweepValue } from '../model/sweep-spec';

/** Seeds of a quick run: the fewest the view allows, enough for a median and a spread. */
export const QUICK_SEEDS = 3;
/** What "about a minute" allows in the shipped result's seconds (browsers run about as fast as Node's wasm). */
export const QUICK_TARGET_SECONDS = 45;

export interface QuickPlan {
  spec: SweepSpec;
  /** Expected seconds, from the shipped runs' times. */
  estimateSeconds: number;
  /** What was left out, in words: "L = 24, 32; seeds 4, 5". */
  dropped: string;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/** Seconds one seed of `value` cost in the shipped result, summed over the series. */
export function secondsPerSeed(result: SweepResult, value: SweepValue): number {
  const series: (SweepValue | undefined)[] = result.series ? result.series.values : [undefined];
  return series.reduce<number>(
    (sum, s) =>
      sum + mean(result.runs.filter((r) => r.value === value && r.series === s).map((r) => r.seconds)),
    0,
  );
}

/**
 * Seconds the η pilots of `value` take (sweeps with an lrRule): the grid's pilots, each `pilotSamples`
 * long, at the rate (seconds per sample) the point's shipped runs trained at, summed over the series.
 */
export function pilotSeconds(result: SweepResult, value: SweepValue): number {
  const rule = result.lrRule;
  if (!rule) return 0;
  const series: (SweepValue | undefined)[] = result.series ? result.series.values : [undefined];
  return series.reduce<number>((sum, s) => {
    const runs = result.runs.filter((r) => r.value === value && r.series === s && r.samplesSeen > 0);
    return sum + rule.grid.length * rule.pilotSamples * mean(runs.map((r) => r.seconds / r.samplesSeen));
  }, 0);
}

/**
 * The quick version of `spec` given its shipped `result`, or null when the sweep is already that small.
 * Values are taken cheapest first while the estimate stays within `targetSeconds`.
 */
export function quickPlan(
  spec: SweepSpec,
  result: SweepResult,
  targetSeconds = QUICK_TARGET_SECONDS,
): QuickPlan | null {
  const seeds = spec.seeds.slice(0, QUICK_SEEDS);
  const cost = new Map(
    spec.values.map((v) => [v, secondsPerSeed(result, v) * seeds.length + pilotSeconds(result, v)]),
  );
  const byCost = [...spec.values].sort((a, b) => (cost.get(a) ?? 0) - (cost.get(b) ?? 0));
  // A fit needs MIN_FIT_POINTS values; a comparison of settings (W, WA, all) needs as many of them to say much.
  const minimum = Math.min(MIN_FIT_POINTS, spec.values.length);
  const kept = new Set<SweepValue>();
  let total = 0;
  for (const v of byCost) {
    const c = cost.get(v) ?? 0;
    if (kept.size >= minimum && total + c > targetSeconds) break;
    kept.add(v);
    total += c;
  }
  const values = spec.values.filter((v) => kept.has(v));
  if (values.length === spec.values.length && seeds.length === spec.seeds.length) return null;
  const droppedValues = spec.values.filter((v) => !kept.has(v));
  const droppedSeeds = spec.seeds.slice(QUICK_SEEDS);
  const dropped = [
    droppedValues.length ? `${spec.variable} = ${droppedValues.join(', ')}` : '',
    droppedSeeds.length ? `seed${droppedSeeds.length === 1 ? '' : 's'} ${droppedSeeds.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return {
    spec: { ...spec, experiment: `${spec.experiment}-quick`, values, seeds },
    estimateSeconds: total,
    dropped,
  };
}

/** Seconds the whole shipped sweep took: its runs' times added up, and its η pilots' estimated times. */
export function totalSeconds(result: SweepResult): number {
  const runs = result.runs.reduce((sum, r) => sum + r.seconds, 0);
  return runs + result.values.reduce<number>((sum, v) => sum + pilotSeconds(result, v), 0);
}
