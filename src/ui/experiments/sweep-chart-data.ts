/**
 * What the two sweep charts show, built from a sweep result (complete or partial): every run, the per-value
 * summary, and the fits of each series. The charts know nothing of the model layer; this is the bridge.
 */
import type { SweepChartData, SweepChartFit } from '../../charts/sweep-types';
import { fieldByKey } from '../../model/fields';
import type { SweepResult, SweepResultFits } from '../../model/sweep-result';
import { isNumericVariable, type SweepValue } from '../../model/sweep-spec';

/** Axis titles of the variables a class sweeps most; others use the field's label and unit. */
const AXIS_TITLES: Record<string, string> = {
  L: 'sequence length L',
  m: 'student width m',
  p: 'teacher width p',
  K: 'teacher window K (0 = all earlier tokens)',
  N: 'training-set size N',
  concept: 'concept class',
  train: 'trainable weights',
  lr: 'learning rate η',
  batch: 'batch size',
  dIn: 'input dimension d_in',
};

/** The x-axis title of a swept variable. */
export function variableLabel(variable: string): string {
  const title = AXIS_TITLES[variable];
  if (title) return title;
  const field = fieldByKey(variable);
  if (!field) return variable;
  return 'unit' in field && field.unit ? `${field.label} (${field.unit})` : field.label;
}

function chartFit(series: SweepValue | null, fits: SweepResultFits): SweepChartFit {
  return {
    series,
    powerLaw: fits.powerLaw,
    exponential: fits.exponential,
    excluded: fits.excluded,
  };
}

/** The chart data of `result`. */
export function sweepChartData(result: SweepResult): SweepChartData {
  const series: (SweepValue | null)[] = result.series ? [...result.series.values] : [null];
  let fits: SweepChartFit[] = [];
  if (isNumericVariable(result.variable)) {
    if (result.seriesFits) fits = result.seriesFits.map((f) => chartFit(f.series, f.fits));
    else if (result.fits) fits = [chartFit(null, result.fits)];
  }
  return {
    variable: result.variable,
    variableLabel: variableLabel(result.variable),
    values: [...result.values],
    seriesVariable: result.series?.variable ?? null,
    series,
    runs: result.runs.map((r) => ({
      value: r.value,
      series: r.series ?? null,
      seed: r.seed,
      samplesToEps: r.samplesToEps,
      finalTestError: r.finalTestError,
      diverged: r.diverged,
    })),
    points: result.summary.map((row) => ({
      value: row.value,
      series: row.series ?? null,
      runs: row.runs,
      censored: row.censored,
      median: row.median,
      medianCensored: row.medianCensored,
      q1: row.q1,
      q1Censored: row.q1Censored,
      q3: row.q3,
      q3Censored: row.q3Censored,
      finalTestErrorMedian: row.finalTestErrorMedian,
    })),
    fits,
    budget: result.budget,
    eps: result.eps,
    // The axes where the conclusion compares both fits: length and teacher scale.
    showExponential: result.variable === 'L' || result.variable === 'R',
  };
}
