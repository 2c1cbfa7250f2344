/**
 * The sweep builder's form as text (what the person typed) and its conversion to a validated sweep. The
 * base settings are one line of `key=value` pairs in the words of the share link and the CLI flags, so any
 * config field can be set without a control per field. Every problem is a plain sentence.
 */
import { DEFAULT_CONFIG, parseFieldValue, type BackendChoice } from '../model/config';
import { BACKENDS, fieldByKey, FIELDS } from '../model/fields';
import { validateSweep, type SweepInput, type SweepSpec } from '../model/sweep-spec';

/** The swept variables the builder offers first (the list); any sweepable key works in a link. */
export const BUILDER_VARIABLES = ['L', 'm', 'p', 'K', 'concept', 'train', 'N'] as const;

/** Fewest seeds per value the builder allows: a median and a spread need at least three. */
export const MIN_SEEDS = 3;

export interface BuilderDraft {
  name: string;
  variable: string;
  /** Comma-separated values: "4, 8, 16" or "W, WA, all". */
  values: string;
  /** Seeds per value (seeds 1..n). */
  seeds: string;
  eps: string;
  budget: string;
  /** Other settings, "dIn=2 p=1 m=256". */
  base: string;
  /** Optional second field with a curve per value: "concept: additive, joint". */
  series: string;
  /** Optional fields scaled with the swept value: "lr: -1". */
  scale: string;
  /** Optional η chosen per value by pilots: "0.25, 0.5, 1, 2; pilot 20000; seed 0". */
  lrRule: string;
  backend: BackendChoice;
}

export type BuilderResult = { ok: true; spec: SweepSpec } | { ok: false; errors: string[] };

/** The base settings as text: the config keys that differ from the defaults (seed, ε and backend aside). */
export function baseText(config: Readonly<Record<string, unknown>>): string {
  return FIELDS.filter((f) => !['seed', 'eps', 'backend'].includes(f.key))
    .filter((f) => config[f.key] !== (DEFAULT_CONFIG as unknown as Record<string, unknown>)[f.key])
    .map((f) => `${f.key}=${String(config[f.key])}`)
    .join(' ');
}

/** The draft that shows `spec` (seeds as a count when they are 1..n, else the first n of them). */
export function draftFromSpec(spec: SweepSpec): BuilderDraft {
  return {
    name: spec.experiment,
    variable: spec.variable,
    values: spec.values.join(', '),
    seeds: String(spec.seeds.length),
    eps: String(spec.eps),
    budget: String(spec.budget),
    base: baseText(spec.config as unknown as Record<string, unknown>),
    series: spec.series ? `${spec.series.variable}: ${spec.series.values.join(', ')}` : '',
    scale: Object.entries(spec.scale)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', '),
    lrRule: spec.lrRule
      ? `${spec.lrRule.grid.join(', ')}; pilot ${spec.lrRule.pilotSamples}; seed ${spec.lrRule.pilotSeed}`
      : '',
    backend: spec.config.backend,
  };
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Reads "key=value key=value" (spaces, commas or & between pairs) into config fields. */
export function parseBase(text: string, errors: string[]): Record<string, string | number> {
  const config: Record<string, string | number> = {};
  for (const pair of text.split(/[\s,&]+/).filter(Boolean)) {
    const [key = '', value] = pair.split('=');
    const field = fieldByKey(key);
    if (value === undefined || value === '') {
      errors.push(`Other settings: write ${JSON.stringify(pair)} as key=value, for example m=256.`);
    } else if (!field || ['seed', 'eps', 'backend'].includes(key)) {
      errors.push(
        `Other settings: ${JSON.stringify(key)} is not a setting here (seed, ε and backend have their own fields).`,
      );
    } else {
      config[key] = parseFieldValue(field, value);
    }
  }
  return config;
}

/** Reads "field: a, b, c" (series) or "field: power, field: power" (scale). */
function parseNamedList(
  text: string,
  label: string,
  errors: string[],
): { key: string; items: string[] } | null {
  if (text.trim() === '') return null;
  const at = text.indexOf(':');
  if (at < 0) {
    errors.push(`${label}: write it as "field: value, value", for example "concept: additive, joint".`);
    return null;
  }
  return { key: text.slice(0, at).trim(), items: list(text.slice(at + 1)) };
}

function parseScale(text: string, errors: string[]): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const item of list(text)) {
    const [key = '', power = ''] = item.split(':').map((s) => s.trim());
    const p = Number(power);
    if (!key || power === '' || !Number.isFinite(p)) {
      errors.push(`Scale with the variable: write it as "field: power", for example "lr: -1".`);
    } else scale[key] = p;
  }
  return scale;
}

const LR_RULE_HELP =
  'Choose η per value: write the grid, the pilot samples and the pilot seed, for example "0.25, 0.5, 1, 2; pilot 20000; seed 0".';

function parseLrRule(text: string, errors: string[]): SweepInput['lrRule'] {
  if (text.trim() === '') return undefined;
  const [gridText = '', ...rest] = text.split(';').map((s) => s.trim());
  const grid = list(gridText).map(Number);
  let pilotSamples = Number.NaN;
  let pilotSeed = Number.NaN;
  for (const part of rest) {
    const m = /^(pilot|seed)\s+(\d+)$/.exec(part.replace(/_/g, ''));
    if (m?.[1] === 'pilot') pilotSamples = Number(m[2]);
    else if (m?.[1] === 'seed') pilotSeed = Number(m[2]);
    else pilotSamples = Number.NaN;
  }
  if (grid.length < 2 || grid.some((x) => !(x > 0)) || !(pilotSamples >= 1) || !(pilotSeed >= 0)) {
    errors.push(LR_RULE_HELP);
    return undefined;
  }
  return { grid, pilotSamples, pilotSeed };
}

/** Validates the draft into a sweep; the errors name the form field they belong to. */
export function specFromDraft(draft: BuilderDraft): BuilderResult {
  const errors: string[] = [];
  const seeds = Number(draft.seeds.trim());
  if (!Number.isInteger(seeds) || seeds < MIN_SEEDS || seeds > 100) {
    errors.push(
      `Seeds per value: give a whole number from ${MIN_SEEDS} to 100 (a median and a spread need ${MIN_SEEDS}).`,
    );
  }
  const values = list(draft.values);
  if (values.length === 0) errors.push('Values: give at least one value, separated by commas.');
  // The form's own words for its number fields (the schema's messages name JSON keys, not form fields).
  const eps = draft.eps.trim() === '' ? Number.NaN : Number(draft.eps.trim());
  if (!(eps > 0 && eps < 1)) errors.push('Target ε: give a test error between 0 and 1, for example 0.1.');
  const budget = draft.budget.trim() === '' ? Number.NaN : Number(draft.budget.trim().replace(/_/g, ''));
  if (!Number.isInteger(budget) || budget < 1) {
    errors.push('Budget: give a whole number of samples per run, for example 100000.');
  }
  // The form speaks today's defaults: saying R marks the config as current, so what it leaves out is not
  // read at the defaults of links and files made before R existed.
  const config: Record<string, string | number> = {
    R: DEFAULT_CONFIG.R,
    ...parseBase(draft.base, errors),
    backend: draft.backend,
  };
  const series = parseNamedList(draft.series, 'Curves for', errors);
  const scale = parseScale(draft.scale, errors);
  const lrRule = parseLrRule(draft.lrRule ?? '', errors);
  if (draft.variable === 'N' && config.data !== 'fixed') {
    errors.push(
      'N (the training-set size) only acts with a fixed training set: add data=fixed to the other settings.',
    );
  }
  if (errors.length) return { ok: false, errors };
  const checked = validateSweep({
    experiment: draft.name.trim() || 'my-sweep',
    variable: draft.variable,
    values,
    seeds,
    eps,
    budget,
    ...(series ? { series: { variable: series.key, values: series.items } } : {}),
    ...(Object.keys(scale).length ? { scale } : {}),
    ...(lrRule ? { lrRule } : {}),
    config,
  });
  return checked.ok ? checked : { ok: false, errors: checked.errors };
}

/** The backends a person can pick (the config field's choices). */
export const BUILDER_BACKENDS: readonly BackendChoice[] = BACKENDS;
