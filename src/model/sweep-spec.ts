/**
 * What a learnability sweep runs: one swept config field, its values, seeds per value, ε, a sample budget
 * per run, a base config, and optionally a second field (series) or fields scaled with the swept one. Specs come from the built-in experiments, a JSON file, a share link or a
 * stored result; every one is validated here with plain messages, and planned into the list of runs.
 */
import { z } from './zod';
import { DEFAULT_CONFIG, parseFieldValue, resolveConfig, withLegacyDefaults, type Config } from './config';
import { fieldByKey, FIELDS, type Field } from './fields';

/** A value of the swept field: a number for numeric fields, a name for categorical ones (concept, train). */
export type SweepValue = number | string;

/** The second field of a sweep with several curves. */
export interface SweepSeries {
  variable: string;
  values: SweepValue[];
}

export interface LrRule {
  grid: number[];
  pilotSamples: number;
  pilotSeed: number;
}

/** A validated sweep: everything needed to plan and reproduce it. */
export interface SweepSpec {
  /** Short name, also the file name of shipped results (letters, digits, '.', '_', '-'). */
  experiment: string;
  title: string;
  /** What the sweep is meant to show, in one sentence. */
  claim: string;
  /** The swept config key. */
  variable: string;
  values: SweepValue[];
  /** An optional second field whose values each get a whole curve (e.g. concept: additive and joint). */
  series: SweepSeries | null;
  /**
   * Number fields that move with the swept value: field = base · (value / base value)^power. The width
   * sweep uses {lr: -1}, since the learning rate that keeps SGD's effective step fixed scales as 1/m.
   */
  scale: Record<string, number>;
  seeds: number[];
  eps: number;
  /** Sample budget per run: a run that has not reached ε after this many samples is censored. */
  budget: number;
  /** Stop each run as soon as testError <= ε (finalTestError is then the error at that point). */
  stopAtEps: boolean;
  /**
   * Learning rate chosen per point by a pilot instead of fixed: before a point's runs, one run per η of
   * `grid` trains `pilotSamples` samples with `pilotSeed` (not one of the sweep's seeds); the η with the
   * lowest test error at the end (a diverged pilot counts as +∞; ties go to the smaller η) runs every seed.
   */
  lrRule: LrRule | null;
  /** The full base config (eps included); the swept field takes each value in turn. */
  config: Config;
}

/** Config keys that cannot be swept: the seed is the replicate axis, ε is the sweep's own target. */
export const UNSWEEPABLE = ['seed', 'eps', 'backend'] as const;

/** Keys a sweep can vary. */
export function sweepableFields(): Field[] {
  return FIELDS.filter((f) => !(UNSWEEPABLE as readonly string[]).includes(f.key));
}

/** True when the swept field takes numbers, so the curve fits apply. */
export function isNumericVariable(variable: string): boolean {
  const f = fieldByKey(variable);
  return f !== undefined && f.kind !== 'enum';
}

const MAX_VALUES = 64;
const MAX_SEEDS = 100;
const MAX_BUDGET = 1e9;

const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const valueListSchema = z.array(z.union([z.number(), z.string()]));

const inputSchema = z.object({
  experiment: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,80}$/, "experiment: use 1 to 80 letters, digits, '.', '_' or '-'"),
  title: z.string().max(200).optional(),
  claim: z.string().max(500).optional(),
  variable: z.string(),
  values: valueListSchema
    .min(1, 'values: give at least one value')
    .max(MAX_VALUES, `values: at most ${MAX_VALUES}`),
  series: z
    .object({
      variable: z.string(),
      values: valueListSchema.min(1).max(8),
    })
    .optional(),
  scale: z.record(z.string(), z.number().min(-4).max(4)).optional(),
  seeds: z.union([z.number().int().min(1).max(MAX_SEEDS), z.array(seedSchema).min(1).max(MAX_SEEDS)]),
  eps: z.number().gt(0, 'eps: must be above 0').lt(1, 'eps: must be below 1'),
  budget: z.number().int().min(1).max(MAX_BUDGET),
  stopAtEps: z.boolean().optional(),
  lrRule: z
    .object({
      grid: z.array(z.number().gt(0).max(1000)).min(2).max(8),
      pilotSamples: z.number().int().min(1).max(MAX_BUDGET),
      pilotSeed: seedSchema,
    })
    .optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

/** The fields of a sweep spec as they appear in a JSON file, a built-in or a stored result. */
export type SweepInput = z.input<typeof inputSchema>;

/** The config of one point: the base with the swept value (and series value) set and scaled fields moved. */
export function pointConfig(
  base: Config,
  variable: string,
  value: SweepValue,
  scale: Readonly<Record<string, number>>,
): Record<string, unknown> {
  const config: Record<string, unknown> = { ...base, [variable]: value };
  const baseValue = (base as unknown as Record<string, unknown>)[variable];
  for (const [field, power] of Object.entries(scale)) {
    const ratio = (value as number) / (baseValue as number);
    config[field] = ((base as unknown as Record<string, number>)[field] as number) * ratio ** power;
  }
  return config;
}

/** Problems with a scale map: only float fields, only for a numeric variable with a positive base value. */
function checkScale(scale: Record<string, number>, variable: string, base: Config): string[] {
  const keys = Object.keys(scale);
  if (!keys.length) return [];
  const baseValue = (base as unknown as Record<string, unknown>)[variable];
  if (!isNumericVariable(variable) || typeof baseValue !== 'number' || baseValue <= 0) {
    return [`scale: needs a numeric swept field with a positive value in the config (${variable} is not).`];
  }
  return keys
    .filter((k) => fieldByKey(k)?.kind !== 'float' || k === 'eps')
    .map(
      (k) => `scale: ${JSON.stringify(k)} cannot be scaled; use number fields such as lr, lambda or epsx.`,
    );
}

export type SpecResult = { ok: true; spec: SweepSpec } | { ok: false; errors: string[] };

/**
 * Checks a swept field and its values against the base config; returns the values coerced to the field's
 * type (numbers from text), adding plain messages to `errors`.
 */
function checkValues(
  label: 'values' | 'series',
  variable: string,
  raw: readonly SweepValue[],
  base: Config,
  scale: Readonly<Record<string, number>>,
  errors: string[],
): SweepValue[] {
  const field = fieldByKey(variable);
  if (!field || (UNSWEEPABLE as readonly string[]).includes(variable)) {
    const keys = sweepableFields().map((f) => f.key);
    const where = label === 'values' ? 'variable' : 'series.variable';
    errors.push(`${where}: ${JSON.stringify(variable)} cannot be swept; use one of ${keys.join(', ')}.`);
    return [];
  }
  const values = raw.map((v) =>
    typeof v === 'string' && field.kind !== 'enum' ? parseFieldValue(field, v) : v,
  );
  if (new Set(values).size !== values.length) errors.push(`${label}: each value may appear only once.`);
  for (const v of values) {
    const r = resolveConfig(pointConfig(base, variable, v, scale), base);
    if (!r.ok) errors.push(...r.errors.map((e) => `${label}: ${e}`));
  }
  return values;
}

/**
 * Validates a sweep from any source. Extra keys (a stored result's runs, fits, command) are ignored, so a
 * result file can be fed back to reproduce its sweep. Seeds as a count n mean seeds 1..n.
 */
export function validateSweep(input: unknown): SpecResult {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) =>
        // Messages of the config schema already start with their key ("L: …"); zod's own do not.
        i.path.length === 0 || i.message.startsWith(`${String(i.path[i.path.length - 1])}:`)
          ? i.message
          : `${i.path.join('.')}: ${i.message}`,
      ),
    };
  }
  const s = parsed.data;
  const errors: string[] = [];
  const seeds = typeof s.seeds === 'number' ? Array.from({ length: s.seeds }, (_, i) => i + 1) : s.seeds;
  if (new Set(seeds).size !== seeds.length) errors.push('seeds: each seed may appear only once.');
  // A spec's config without R was written before R existed: read it over the defaults of that time.
  const given = s.config === undefined ? {} : withLegacyDefaults(s.config);
  const base = resolveConfig({ ...given, eps: s.eps }, DEFAULT_CONFIG);
  if (!base.ok) return { ok: false, errors: base.errors.map((e) => `config: ${e}`) };
  const scale = s.scale ?? {};
  const scaleErrors = checkScale(scale, s.variable, base.config);
  if (scaleErrors.length) return { ok: false, errors: scaleErrors };
  if (s.lrRule && (s.variable === 'lr' || s.series?.variable === 'lr' || 'lr' in scale)) {
    return { ok: false, errors: ['lrRule: chooses η itself, so lr cannot also be swept or scaled.'] };
  }
  const values = checkValues('values', s.variable, s.values, base.config, scale, errors);
  let series: SweepSeries | null = null;
  if (s.series) {
    if (s.series.variable === s.variable) errors.push('series: must sweep a different field than variable.');
    series = {
      variable: s.series.variable,
      values: checkValues('series', s.series.variable, s.series.values, base.config, {}, errors),
    };
    // Cross-field rules (K <= L - 2) must hold for every pair, not only against the base config.
    for (const sv of series.values) {
      for (const v of values) {
        const point = { ...pointConfig(base.config, s.variable, v, scale), [series.variable]: sv };
        const r = resolveConfig(point, base.config);
        if (!r.ok) errors.push(...r.errors.map((e) => `values × series: ${e}`));
      }
    }
  }
  if (errors.length) return { ok: false, errors: [...new Set(errors)] };
  return {
    ok: true,
    spec: {
      experiment: s.experiment,
      title: s.title ?? `samplesToEps vs ${s.variable}`,
      claim: s.claim ?? '',
      variable: s.variable,
      values,
      series,
      scale,
      seeds,
      eps: s.eps,
      budget: s.budget,
      stopAtEps: s.stopAtEps ?? true,
      lrRule: s.lrRule ? { ...s.lrRule, grid: [...s.lrRule.grid].sort((a, b) => a - b) } : null,
      config: base.config,
    },
  };
}

/** One run of a sweep. */
export interface PlannedRun {
  /** 0-based position in the run order. */
  index: number;
  value: SweepValue;
  /** The series value, or null in a sweep without series. */
  series: SweepValue | null;
  seed: number;
  config: Config;
}

/**
 * The runs of a sweep, seed by seed: every value (of every series) with the first seed, then with the next,
 * so partial results cover the whole curve early and only the spread fills in later.
 */
export function planSweep(spec: SweepSpec): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const seriesValues: (SweepValue | null)[] = spec.series ? spec.series.values : [null];
  for (const seed of spec.seeds) {
    for (const series of seriesValues) {
      for (const value of spec.values) {
        const config = { ...pointConfig(spec.config, spec.variable, value, spec.scale), seed } as Config;
        if (spec.series && series !== null) Object.assign(config, { [spec.series.variable]: series });
        runs.push({ index: runs.length, value, series, seed, config });
      }
    }
  }
  return runs;
}

/** The spec in the plain JSON shape that validateSweep reads back (what files and share links hold). */
export function sweepInputOf(spec: SweepSpec): SweepInput {
  return {
    experiment: spec.experiment,
    title: spec.title,
    claim: spec.claim,
    variable: spec.variable,
    values: spec.values,
    ...(spec.series ? { series: spec.series } : {}),
    ...(Object.keys(spec.scale).length ? { scale: spec.scale } : {}),
    seeds: spec.seeds,
    eps: spec.eps,
    budget: spec.budget,
    stopAtEps: spec.stopAtEps,
    ...(spec.lrRule ? { lrRule: { ...spec.lrRule, grid: [...spec.lrRule.grid] } } : {}),
    config: { ...spec.config },
  };
}
