/**
 * The typed run configuration (SPEC §2), its defaults, and the schema that validates any outside input
 * (URL, CLI flags, JSON file, imported run) and explains each problem in plain words.
 */
import { formulaProblem } from './formula';
import { z } from './zod';
import {
  ACTIVATIONS,
  BACKENDS,
  CONCEPTS,
  DATA_REGIMES,
  FIELDS,
  LIVE_KEYS,
  LOSSES,
  SCHEDULES,
  TRAINABLE_SETS,
  describeRange,
  type Field,
  type FieldKey,
  type FieldValues,
} from './fields';

export type Activation = (typeof ACTIVATIONS)[number];
export type Concept = (typeof CONCEPTS)[number];
export type TrainableSet = (typeof TRAINABLE_SETS)[number];
export type LossKind = (typeof LOSSES)[number];
export type Schedule = (typeof SCHEDULES)[number];
export type DataRegime = (typeof DATA_REGIMES)[number];
export type BackendChoice = (typeof BACKENDS)[number];

/** The run configuration (SPEC §2): one value per row of the field table, typed from it. */
export type Config = FieldValues;

/** A config as files store it: the formula only where the concept is formula (appliedConfig in fields.ts). */
export type StoredConfig = Omit<Config, 'formula'> & Partial<Pick<Config, 'formula'>>;

// Object.fromEntries loses the keys' types; the table's defaults are checked against the schema in the tests.
export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze(
  Object.fromEntries(FIELDS.map((f) => [f.key, f.default])) as Config,
);

/**
 * The table's defaults before the teacher scale R existed (the first link layout). Links, config files and
 * exported files without R were made then: they are read over these values, R = 1 included, so they open the
 * run they made then (SPEC §2).
 */
export const LEGACY_DEFAULTS: Readonly<Config> = Object.freeze({
  ...DEFAULT_CONFIG,
  // The defaults that changed with R ("Beyond linear"); every other field had its present default then, and a
  // field added since did not exist, so its default is what such a link always meant.
  dIn: 8,
  R: 1,
});

/** True when outside input predates R (it has no R key), so LEGACY_DEFAULTS fill what it leaves out. */
export function predatesScale(input: object): boolean {
  return !Object.hasOwn(input, 'R');
}

/** An outside config as its writer meant it: one without R gets the defaults of its time for missing keys. */
export function withLegacyDefaults<T extends object>(input: T): T {
  return predatesScale(input) ? ({ ...LEGACY_DEFAULTS, ...input } as T) : input;
}

/** Upper bound on teacher parameters, so a config cannot ask for gigabytes on the CPU. */
export const MAX_TEACHER_PARAMS = 20_000_000;

function fieldSchema(field: Field): z.ZodType<string | number> {
  if (field.kind === 'text') {
    // A file or saved run from before the field existed has no such key: it meant the default.
    return z
      .string({ error: (issue) => `${field.key}: ${JSON.stringify(issue.input)} is not text.` })
      .max(field.maxLength, {
        error: (issue) =>
          `${field.key}: the text is ${String(issue.input).length} characters long; at most ${field.maxLength} are allowed.`,
      })
      .default(field.default);
  }
  if (field.kind === 'enum') {
    return z.enum(field.options as unknown as [string, ...string[]], {
      error: (issue) =>
        `${field.key}: ${JSON.stringify(issue.input)} is not allowed; use ${describeRange(field)}.`,
    });
  }
  const range = describeRange(field);
  const bad = (v: unknown) => `${field.key}: ${JSON.stringify(v)} is out of range; allowed ${range}.`;
  let s = z.number({
    error: (issue) => `${field.key}: ${JSON.stringify(issue.input)} is not a number; allowed ${range}.`,
  });
  // abort: report only the first problem of a value.
  s = s.refine(Number.isFinite, { error: (issue) => bad(issue.input), abort: true });
  if (field.kind === 'int') {
    s = s.refine(Number.isInteger, {
      error: (issue) => `${field.key}: ${issue.input} is not an integer; allowed ${range}.`,
      abort: true,
    });
  }
  s = s.refine((v) => (field.minExclusive ? v > field.min : v >= field.min), {
    error: (issue) => bad(issue.input),
    abort: true,
  });
  s = s.refine((v) => (field.maxExclusive ? v < field.max : v <= field.max), {
    error: (issue) => bad(issue.input),
    abort: true,
  });
  return s;
}

/** Number of (i → j) teacher pairs, for size checks. */
export function teacherPairCount(config: Pick<Config, 'L' | 'K'>): number {
  let pairs = 0;
  for (let j = 3; j <= config.L; j++) {
    const lo = config.K === 0 ? 2 : Math.max(2, j - config.K);
    pairs += Math.max(0, j - lo);
  }
  return pairs;
}

/** One schema per field, each typed as its field's value (Object.fromEntries loses the keys' types). */
const shape = Object.fromEntries(FIELDS.map((f) => [f.key, fieldSchema(f)])) as {
  [K in FieldKey]: z.ZodType<Config[K]>;
};

/** Strict schema: every field present and in range, no unknown keys, cross-field rules checked. */
export const configSchema = z
  .strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}` : undefined,
  })
  .superRefine((c, ctx) => {
    if (c.K > c.L - 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['K'],
        message: `K: ${c.K} is out of range for L = ${c.L}; allowed 0..${c.L - 2}.`,
      });
    }
    if (c.concept === 'formula') {
      const problem = formulaProblem(c.formula, c.dIn, c.L);
      if (problem !== null)
        ctx.addIssue({ code: 'custom', path: ['formula'], message: `formula: ${problem}` });
      return;
    }
    const teacherParams = teacherPairCount(c) * c.d * c.p * (c.dIn + 1);
    if (teacherParams > MAX_TEACHER_PARAMS) {
      ctx.addIssue({
        code: 'custom',
        path: ['p'],
        message: `the teacher would have ${teacherParams.toLocaleString('en-US')} parameters (more than ${MAX_TEACHER_PARAMS.toLocaleString('en-US')}); lower L, K, d, p or d_in.`,
      });
    }
  });

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Validates a complete config object; errors are plain sentences naming field, value and allowed range. */
export function validateConfig(input: unknown): ConfigResult {
  const r = configSchema.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  return { ok: false, errors: r.error.issues.map((i) => i.message) };
}

/**
 * Merges a partial config (from a file, flags or a URL) over the defaults and validates it.
 * Unknown keys are reported, never silently dropped.
 */
export function resolveConfig(partial: unknown, base: Config = DEFAULT_CONFIG): ConfigResult {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    return {
      ok: false,
      errors: ['config: expected a JSON object with the keys of the configuration table.'],
    };
  }
  return validateConfig({ ...base, ...(partial as Record<string, unknown>) });
}

/**
 * Coerces a string from a URL or a CLI flag to the field's type, without range checks (the schema does those).
 * Text that is not a number stays text, so the schema's message quotes what the user typed.
 */
export function parseFieldValue(field: Field, text: string): string | number {
  if (field.kind === 'enum' || field.kind === 'text') return text;
  const trimmed = text.trim();
  // Number('') is 0: empty text must not silently become a valid value.
  const v = trimmed === '' ? Number.NaN : Number(trimmed);
  return Number.isNaN(v) ? text : v;
}

/** Splits the fields that differ between two configs into those that apply live and those that restart. */
export function diffConfig(prev: Config, next: Config): { live: FieldKey[]; restart: FieldKey[] } {
  const live: FieldKey[] = [];
  const restart: FieldKey[] = [];
  for (const f of FIELDS) {
    if (prev[f.key] === next[f.key]) continue;
    (f.live ? live : restart).push(f.key);
  }
  return { live, restart };
}

function copyField<K extends keyof Config>(to: Config, from: Config, key: K): void {
  to[key] = from[key];
}

/** `config` with the live fields (LIVE_KEYS) taken from `next`: what a running run applies without a restart. */
export function withLiveFields(config: Config, next: Config): Config {
  const out = { ...config };
  for (const key of LIVE_KEYS) copyField(out, next, key);
  return out;
}
