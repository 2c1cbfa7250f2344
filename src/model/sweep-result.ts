/**
 * The sweep result file (`rnn-learnability-lab/sweep@1`): the runs (censored ones kept, samplesToEps null),
 * a per-point summary with censoring, the curve fits with their sentence, and the CSV table of the runs.
 * Built from whatever records exist, so partial results can be shown and saved as they arrive.
 */
import type { StoredConfig } from './config';
import { appliedConfig } from './fields';
import {
  isNumericVariable,
  type LrRule,
  type SweepSeries,
  type SweepSpec,
  type SweepValue,
} from './sweep-spec';
import { describeFits, fitSweep, summarizeSamples, type SweepFits } from './fits';
import type { PilotRecord, SweepRunRecord } from './sweep';

export const SWEEP_FORMAT = 'rnn-learnability-lab/sweep@1';

/** One point's row of the results table: a value (of one series, when there are several). */
export interface ValueRow {
  value: SweepValue;
  series?: SweepValue;
  runs: number;
  /** Runs that missed ε within the budget (diverged runs included). */
  censored: number;
  /** Median samplesToEps; when `medianCensored`, the true median is above this (the budget). */
  median: number;
  medianCensored: boolean;
  q1: number;
  q1Censored: boolean;
  q3: number;
  q3Censored: boolean;
  /** Median finalTestError over the runs with a finite one (null if none). */
  finalTestErrorMedian: number | null;
  /** The learning rate the point's runs used, when the sweep's lrRule chose it. */
  lr?: number;
  /** Median test error of the best linear map over the point's runs (absent in older files). */
  linearMedian?: number;
}

export interface SweepResultFits extends SweepFits {
  /** The fits in plain sentences. */
  sentence: string;
}

/**
 * The result file. The fields the issue names come first. `fits` is null for a categorical variable
 * (concept, train: no curve to fit); in a sweep with series it holds the first series' curve, and
 * `seriesFits` holds every series' curve.
 */
export interface SweepResult {
  format: typeof SWEEP_FORMAT;
  experiment: string;
  variable: string;
  /** The base config, without the keys it does not read (a non-formula concept stores no formula). */
  config: StoredConfig;
  runs: SweepRunRecord[];
  fits: SweepResultFits | null;
  seriesFits?: { series: SweepValue; fits: SweepResultFits }[];
  title: string;
  claim: string;
  values: SweepValue[];
  series?: SweepSeries;
  /** Fields scaled with the swept value (field = base · (value / base value)^power). */
  scale?: Record<string, number>;
  seeds: number[];
  eps: number;
  budget: number;
  stopAtEps: boolean;
  /** How η was chosen per point, and the pilots that chose it (sweeps with an lrRule). */
  lrRule?: LrRule;
  pilots?: PilotRecord[];
  summary: ValueRow[];
  /** Plain sentences on what the numbers say (the fits, or the categorical comparison). */
  conclusion: string;
  /** True when every planned run is in `runs`. */
  complete: boolean;
  /** The command that made this file, when, and on which backend (set by the CLI). */
  command?: string;
  date?: string;
  backend?: string;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return ((s[Math.floor(mid)] as number) + (s[Math.ceil(mid)] as number)) / 2;
}

/** Per-point summary of the records, in the spec's order (points without runs yet are left out). */
export function summarizeSweep(spec: SweepSpec, records: readonly SweepRunRecord[]): ValueRow[] {
  const rows: ValueRow[] = [];
  const seriesValues: (SweepValue | undefined)[] = spec.series ? spec.series.values : [undefined];
  for (const series of seriesValues) {
    for (const value of spec.values) {
      const mine = records.filter((r) => r.value === value && r.series === series);
      if (!mine.length) continue;
      const s = summarizeSamples(
        mine.map((r) => r.samplesToEps),
        spec.budget,
      );
      const finals = mine.map((r) => r.finalTestError).filter((e): e is number => e !== null);
      const lr = mine.find((r) => r.lr !== undefined)?.lr;
      const linear = median(mine.map((r) => r.linearBaseline).filter((x): x is number => x !== undefined));
      rows.push({
        value,
        ...(series !== undefined ? { series } : {}),
        runs: s.runs,
        censored: s.censored,
        median: s.median.value,
        medianCensored: s.median.censored,
        q1: s.q1.value,
        q1Censored: s.q1.censored,
        q3: s.q3.value,
        q3Censored: s.q3.censored,
        finalTestErrorMedian: median(finals),
        ...(lr !== undefined ? { lr } : {}),
        ...(linear !== null ? { linearMedian: linear } : {}),
      });
    }
  }
  return rows;
}

/** "1h 02m", "3m 05s", "42s"; "—" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Samples in a short readable form: 950, 12.3k, 1.25M. */
export function compactSamples(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)}k`;
  return String(Math.round(n));
}

/** The median as a reader sees it: "12.3k", or "> 400k" when censored at the budget. */
export function describeMedian(row: Pick<ValueRow, 'median' | 'medianCensored'>): string {
  return row.medianCensored ? `> ${compactSamples(row.median)}` : compactSamples(row.median);
}

/** The η rule and what it chose per point, in one sentence. */
export function describeLrRule(spec: SweepSpec, rows: readonly ValueRow[]): string {
  const rule = spec.lrRule;
  if (!rule) return '';
  const chosen = rows
    .filter((row) => row.lr !== undefined)
    .map(
      (row) =>
        `${row.series !== undefined ? `${row.series}, ` : ''}${spec.variable} = ${row.value}: η = ${row.lr}`,
    );
  return `η per point: the best of ${rule.grid.join(', ')} after a ${compactSamples(rule.pilotSamples)}-sample pilot with seed ${rule.pilotSeed}${chosen.length ? ` (${chosen.join('; ')})` : ''}.`;
}

/** For a categorical variable: each value's median and how it compares with the first value. */
export function describeCategories(variable: string, rows: readonly ValueRow[]): string {
  const first = rows[0];
  if (!first) return '';
  const parts = rows.map((row) => {
    const reached = `${row.runs - row.censored} of ${row.runs} runs reached ε`;
    let text = `${variable} = ${row.value}: median ${describeMedian(row)} samples (${reached})`;
    if (row !== first && !row.medianCensored && !first.medianCensored) {
      text += `, ${(row.median / first.median).toFixed(2)}× the samples of ${variable} = ${first.value}`;
    }
    return text;
  });
  return `${parts.join('; ')}.`;
}

function fitsOf(spec: SweepSpec, rows: readonly ValueRow[]): SweepResultFits {
  const f = fitSweep(
    rows.map((row) => ({
      value: row.value as number,
      median: { value: row.median, censored: row.medianCensored },
      trivial: row.linearMedian !== undefined && row.linearMedian <= spec.eps,
    })),
  );
  const sentence = describeFits(f, spec.variable, {
    // The theorem's two axes: length, and the teacher's scale (whose complexity grows fast in R).
    compareExponential: spec.variable === 'L' || spec.variable === 'R',
    totalValues: rows.length,
  });
  return { ...f, sentence };
}

/** The result of a sweep so far: runs, summary, fits (numeric variables only) and the spec that made it. */
export function buildSweepResult(
  spec: SweepSpec,
  records: readonly SweepRunRecord[],
  meta: { command?: string; date?: string; backend?: string } = {},
  pilots: readonly PilotRecord[] = [],
): SweepResult {
  const summary = summarizeSweep(spec, records);
  const seriesValues: (SweepValue | undefined)[] = spec.series ? spec.series.values : [undefined];
  const groups = seriesValues.map((series) => ({
    series,
    rows: summary.filter((row) => row.series === series),
  }));
  let fits: SweepResultFits | null = null;
  let seriesFits: SweepResult['seriesFits'];
  let conclusion: string;
  if (isNumericVariable(spec.variable)) {
    const all = groups.map((g) => ({ series: g.series, fits: fitsOf(spec, g.rows) }));
    fits = all[0]?.fits ?? null;
    if (spec.series) {
      seriesFits = all.map((g) => ({ series: g.series as SweepValue, fits: g.fits }));
      conclusion = all.map((g) => `${spec.series?.variable} = ${g.series}: ${g.fits.sentence}`).join('\n');
    } else {
      conclusion = fits?.sentence ?? '';
    }
  } else {
    conclusion = groups
      .map((g) => {
        const text = describeCategories(spec.variable, g.rows);
        return spec.series ? `${spec.series.variable} = ${g.series}: ${text}` : text;
      })
      .join('\n');
  }
  const trivial = summary.filter((row) => row.linearMedian !== undefined && row.linearMedian <= spec.eps);
  // A numeric sweep's fit sentence already names them (left out of the fit as trivial).
  if (trivial.length && !isNumericVariable(spec.variable)) {
    const list = trivial
      .map((row) => `${row.series !== undefined ? `${row.series}, ` : ''}${spec.variable} = ${row.value}`)
      .join('; ');
    conclusion += `${conclusion ? '\n' : ''}At ${list} the best linear map of the tokens already reaches ε = ${spec.eps} (median over seeds), so samples to ε there show nothing beyond a linear map.`;
  }
  const planned = spec.values.length * spec.seeds.length * (spec.series?.values.length ?? 1);
  return {
    format: SWEEP_FORMAT,
    experiment: spec.experiment,
    variable: spec.variable,
    config: appliedConfig(spec.config) as StoredConfig,
    runs: [...records],
    fits,
    ...(seriesFits ? { seriesFits } : {}),
    title: spec.title,
    claim: spec.claim,
    values: [...spec.values],
    ...(spec.series ? { series: spec.series } : {}),
    ...(Object.keys(spec.scale).length ? { scale: { ...spec.scale } } : {}),
    seeds: [...spec.seeds],
    eps: spec.eps,
    budget: spec.budget,
    stopAtEps: spec.stopAtEps,
    ...(spec.lrRule ? { lrRule: { ...spec.lrRule }, pilots: [...pilots] } : {}),
    summary,
    conclusion: spec.lrRule
      ? `${conclusion}${conclusion ? ' ' : ''}${describeLrRule(spec, summary)}`
      : conclusion,
    complete: records.length === planned,
    ...meta,
  };
}

export const CSV_COLUMNS = [
  'experiment',
  'variable',
  'value',
  'series',
  'seed',
  'samplesToEps',
  'censored',
  'budget',
  'eps',
  'finalTestError',
  'samplesSeen',
  'diverged',
  'seconds',
  'lr',
  'linearBaseline',
] as const;

/** One row per run; a censored run has an empty samplesToEps and censored = true (never dropped). */
export function sweepToCsv(result: SweepResult): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of result.runs) {
    const row = [
      result.experiment,
      result.variable,
      r.value,
      r.series,
      r.seed,
      r.samplesToEps,
      r.samplesToEps === null,
      result.budget,
      result.eps,
      r.finalTestError,
      r.samplesSeen,
      r.diverged,
      r.seconds.toFixed(2),
      r.lr,
      r.linearBaseline,
    ];
    lines.push(row.map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
