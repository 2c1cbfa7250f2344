/**
 * Data and options of the two sweep charts (samples needed vs the swept variable, final test error vs the
 * swept variable). Both charts read the same `SweepChartData`, built by the Experiments view from a sweep
 * result (src/model/sweep-result.ts); the charts know nothing of the model layer.
 */
import type { BaseChartOptions } from './types';

/** A value of the swept field (or of the series field): a number, or a name for categorical fields. */
export type SweepChartValue = number | string;

/** One run of the sweep. */
export interface SweepChartRun {
  value: SweepChartValue;
  /** The series value, or null in a sweep with one curve. */
  series: SweepChartValue | null;
  seed: number;
  /** First samples-seen count with testError <= ε; null = censored (missed ε within the budget). */
  samplesToEps: number | null;
  /** testError at the run's last evaluation; null when it was not finite. */
  finalTestError: number | null;
  /** The loss became Inf or NaN (the run counts as censored). */
  diverged: boolean;
}

/** The per-point summary of the runs of one value (of one series). */
export interface SweepChartPoint {
  value: SweepChartValue;
  series: SweepChartValue | null;
  runs: number;
  censored: number;
  /** Median samplesToEps; when `medianCensored` the true median lies above this value (the budget). */
  median: number;
  medianCensored: boolean;
  q1: number;
  q1Censored: boolean;
  q3: number;
  q3Censored: boolean;
  /** Median finalTestError over the runs with a finite one, or null. */
  finalTestErrorMedian: number | null;
}

/** samples ≈ exp(logCoefficient) · value^exponent. */
export interface SweepPowerLaw {
  exponent: number;
  /** 95% interval of the exponent (NaN bounds with too few points). */
  interval: [number, number];
  logCoefficient: number;
  r2: number;
}

/** samples ≈ exp(logCoefficient + rate · value). */
export interface SweepExponential {
  rate: number;
  interval: [number, number];
  logCoefficient: number;
  r2: number;
}

/** The curve fits of one series (null series: the only curve). */
export interface SweepChartFit {
  series: SweepChartValue | null;
  powerLaw: SweepPowerLaw | null;
  exponential: SweepExponential | null;
  /** Values left out of the fit (censored median, or not positive); the fit line spans the others. */
  excluded: SweepChartValue[];
}

export interface SweepChartData {
  /** The swept config key, e.g. "L". */
  variable: string;
  /** The x-axis title, e.g. "L: sequence length (positions)". */
  variableLabel: string;
  /** Every planned value in sweep order: the axis shows them before their runs arrive. */
  values: SweepChartValue[];
  /** The series field, or null for one curve. */
  seriesVariable: string | null;
  /** The series values in order ([null] for one curve). */
  series: (SweepChartValue | null)[];
  runs: SweepChartRun[];
  points: SweepChartPoint[];
  fits: SweepChartFit[];
  /** Sample budget per run: censored runs are drawn at this level. */
  budget: number;
  eps: number;
  /** Also draw the exponential fit (the view asks for it when the variable is L). */
  showExponential: boolean;
}

export type SweepChartOptions = BaseChartOptions;

export const SWEEP_CHART_TITLES = {
  samples: 'Samples needed to reach ε',
  error: 'Final test error',
} as const;

export const SWEEP_CHART_CAPTIONS = {
  samples:
    'Notice the slope: on log-log axes a power law is a straight line. Each dot is one seed; hollow triangles on the budget line are runs that missed ε — shown, never dropped.',
  error:
    'Notice whether runs stopped at ε (just under the green line) or ran out of budget above it; censored runs are the triangles.',
} as const;
