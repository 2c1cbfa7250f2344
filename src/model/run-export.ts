/**
 * Exported files (SPEC §7): the run export `*.run.json` and the checkpoint `*.checkpoint.json`, written and
 * read back with schema checks and plain-language errors. Tests pin these formats.
 */
import { isTrivial, type Baselines } from './baselines';
import { z } from './zod';
import { configSchema, withLegacyDefaults, type Concept, type Config } from './config';
import { CONCEPTS } from './fields';
import { initStudentWeights, type StudentWeights } from './student';
import type { Teacher, TeacherTerm } from './teacher';
import {
  assembleTeacher,
  formulaProgram,
  formulaTeacher,
  teacherLayout,
  type FormulaTeacher,
} from './teacher';
import { decodeTensor, encodeTensor, encodedTensorSchema, type EncodedTensor } from './tensor-codec';

/** Where a run stands: what a checkpoint stores to continue it. */
export interface RunState {
  step: number;
  samplesSeen: number;
  samplesToEps: number | null;
}

export const RUN_FORMAT = 'rnn-learnability-lab/run@1';
export const CHECKPOINT_FORMAT = 'rnn-learnability-lab/checkpoint@1';
/** Largest file the app and CLI accept for import. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** Metric history, one entry per evaluation (NaN is written as null: JSON has no NaN). */
export interface RunMetrics {
  samples: number[];
  step: number[];
  trainLoss: (number | null)[];
  testError: (number | null)[];
  /** Positions (1-based) that testErrorByPosition's inner arrays refer to: the set J. */
  positions: number[];
  testErrorByPosition: (number | null)[][];
  weightMovementFrobenius: (number | null)[];
  weightMovementSpectral: (number | null)[];
  patternFlips: (number | null)[];
  linearizationGap: (number | null)[];
  samplesToEps: number | null;
  /** The reference predictors on the run's test set (SPEC §6); null in files written before them. */
  baselines: Baselines | null;
  /** A baseline already reaches ε, so samplesToEps shows nothing beyond it; null when baselines are. */
  trivial: boolean | null;
}

/** The metrics' baselines and whether they make the run trivial at ε. */
export function withBaselines(metrics: RunMetrics, baselines: Baselines, eps: number): RunMetrics {
  metrics.baselines = baselines;
  metrics.trivial = isTrivial(baselines, eps);
  return metrics;
}

export function emptyRunMetrics(positions: number[]): RunMetrics {
  return {
    samples: [],
    step: [],
    trainLoss: [],
    testError: [],
    positions: [...positions],
    testErrorByPosition: [],
    weightMovementFrobenius: [],
    weightMovementSpectral: [],
    patternFlips: [],
    linearizationGap: [],
    samplesToEps: null,
    baselines: null,
    trivial: null,
  };
}

/** NaN and ±Inf become null in files. */
export function finiteOrNull(v: number | undefined): number | null {
  return v === undefined || !Number.isFinite(v) ? null : v;
}

export interface RunExport {
  format: typeof RUN_FORMAT;
  config: Config;
  seed: number;
  backend: string;
  metrics: RunMetrics;
}

export function makeRunExport(config: Config, backend: string, metrics: RunMetrics): RunExport {
  return { format: RUN_FORMAT, config: { ...config }, seed: config.seed, backend, metrics };
}

/** A file's config; one without R was written before R existed and is read as it was meant then. */
const fileConfigSchema = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? withLegacyDefaults(v) : v),
  configSchema,
);

const nullableNumber = z.number().nullable();
const runMetricsSchema = z.object({
  samples: z.array(z.number()),
  step: z.array(z.number()),
  trainLoss: z.array(nullableNumber),
  testError: z.array(nullableNumber),
  positions: z.array(z.number().int()).default([]),
  testErrorByPosition: z.array(z.array(nullableNumber)).default([]),
  weightMovementFrobenius: z.array(nullableNumber).default([]),
  weightMovementSpectral: z.array(nullableNumber).default([]),
  patternFlips: z.array(nullableNumber).default([]),
  linearizationGap: z.array(nullableNumber).default([]),
  samplesToEps: nullableNumber.default(null),
  baselines: z
    .object({
      zero: z.literal(1),
      constant: z.number(),
      linear: z.number(),
      byPosition: z.object({
        positions: z.array(z.number().int()),
        constant: z.array(z.number()),
        linear: z.array(z.number()),
      }),
    })
    .nullable()
    .default(null),
  trivial: z.boolean().nullable().default(null),
});

const runExportSchema = z.object({
  format: z.literal(RUN_FORMAT, { error: `format: expected "${RUN_FORMAT}".` }),
  config: fileConfigSchema,
  seed: z.number().int(),
  backend: z.string(),
  metrics: runMetricsSchema,
});

function issuesText(e: z.ZodError): string {
  return e.issues
    .slice(0, 8)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Parses a run export (text or object); throws an Error whose message says what is wrong. */
export function parseRunExport(input: unknown): RunExport {
  const obj = typeof input === 'string' ? parseJsonText(input) : input;
  const r = runExportSchema.safeParse(obj);
  if (!r.success) throw new Error(`Not a valid run file: ${issuesText(r.error)}`);
  const run = r.data as unknown as RunExport;
  const n = run.metrics.samples.length;
  for (const key of ['step', 'trainLoss', 'testError'] as const) {
    if (run.metrics[key].length !== n)
      throw new Error(
        `Not a valid run file: metrics.${key} has ${run.metrics[key].length} entries but metrics.samples has ${n}.`,
      );
  }
  return run;
}

function parseJsonText(text: string): unknown {
  if (text.length > MAX_IMPORT_BYTES)
    throw new Error(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`The file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`, {
      cause: e,
    });
  }
}

// ---- checkpoint ----

export interface CheckpointTerm {
  from: number | number[];
  to: number;
  a: EncodedTensor;
  w: EncodedTensor;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  config: Config;
  teacher: {
    class: Concept;
    activation: string;
    dIn: number;
    d: number;
    p: number;
    window: number;
    normalize: boolean;
    /** R (SPEC §4); a file without it has R = 1. */
    scale: number;
    terms: CheckpointTerm[];
    /** Class formula: the expression, and each direction it names as T[d, d_in] (row s: output coordinate s). */
    formula?: string;
    directions?: Record<string, EncodedTensor>;
  };
  student: {
    m: number;
    lambda: number;
    inputScale: number;
    W: EncodedTensor;
    W0: EncodedTensor;
    A: EncodedTensor;
    B: EncodedTensor;
  };
  /** Training progress, so a run resumes at the same step, data position and learning rate. */
  progress?: { step: number; samplesSeen: number; samplesToEps: number | null };
}

export function makeCheckpoint(
  config: Config,
  teacher: Teacher,
  current: StudentWeights,
  initial: StudentWeights,
  state?: RunState,
): Checkpoint {
  const { d, p, dIn } = teacher;
  const terms = teacher.terms.map((t) => ({
    from: teacher.concept === 'additive' ? (t.from[0] as number) : [...t.from],
    to: t.to,
    a: encodeTensor(t.a, [d, p]),
    w: encodeTensor(t.w, teacher.concept === 'additive' ? [d, p, dIn] : [d, p, t.from.length, dIn]),
  }));
  const cp: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    config: { ...config },
    teacher: {
      class: teacher.concept,
      activation: teacher.activation,
      dIn,
      d,
      p,
      window: teacher.window,
      normalize: teacher.normalize,
      scale: teacher.scale,
      terms,
      ...(teacher.formula
        ? {
            formula: teacher.formula.text,
            directions: Object.fromEntries(
              teacher.formula.names.map((name, n) => [
                name,
                encodeTensor(teacher.formula?.directions[n] as Float32Array, [d, dIn]),
              ]),
            ),
          }
        : {}),
    },
    student: {
      m: current.m,
      lambda: config.lambda,
      inputScale: config.epsx,
      W: encodeTensor(current.W, [current.m, current.m]),
      W0: encodeTensor(initial.W, [current.m, current.m]),
      A: encodeTensor(current.A, [current.m, current.dx]),
      B: encodeTensor(current.B, [current.d, current.m]),
    },
  };
  if (state)
    cp.progress = { step: state.step, samplesSeen: state.samplesSeen, samplesToEps: state.samplesToEps };
  return cp;
}

const checkpointSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT, { error: `format: expected "${CHECKPOINT_FORMAT}".` }),
  config: fileConfigSchema,
  teacher: z.object({
    class: z.enum(CONCEPTS),
    activation: z.string(),
    dIn: z.number().int(),
    d: z.number().int(),
    p: z.number().int(),
    window: z.number().int(),
    normalize: z.boolean(),
    scale: z.number().default(1),
    terms: z.array(
      z.object({
        from: z.union([z.number().int(), z.array(z.number().int())]),
        to: z.number().int(),
        a: encodedTensorSchema,
        w: encodedTensorSchema,
      }),
    ),
    formula: z.string().optional(),
    directions: z.record(z.string(), encodedTensorSchema).optional(),
  }),
  student: z.object({
    m: z.number().int(),
    lambda: z.number(),
    inputScale: z.number(),
    W: encodedTensorSchema,
    W0: encodedTensorSchema,
    A: encodedTensorSchema,
    B: encodedTensorSchema,
  }),
  progress: z
    .object({
      step: z.number().int().nonnegative(),
      samplesSeen: z.number().int().nonnegative(),
      samplesToEps: z.number().nullable(),
    })
    .optional(),
});

export interface LoadedCheckpoint {
  config: Config;
  teacher: Teacher;
  current: StudentWeights;
  initial: StudentWeights;
  state: RunState;
}

/** Parses and checks a checkpoint against its own config; throws an Error that says what is wrong. */
export function parseCheckpoint(input: unknown): LoadedCheckpoint {
  try {
    return parseCheckpointUnchecked(input);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.startsWith('Not a valid checkpoint') || message.startsWith('The file')) throw e;
    throw new Error(`Not a valid checkpoint: ${message}`, { cause: e });
  }
}

/** A formula teacher's program and stored directions, checked against the config's formula. */
function checkpointFormula(config: Config, t: z.infer<typeof checkpointSchema>['teacher']): FormulaTeacher {
  if (t.formula !== config.formula) {
    throw new Error(
      `Not a valid checkpoint: teacher.formula is ${JSON.stringify(t.formula ?? null)} but the config says ${JSON.stringify(config.formula)}.`,
    );
  }
  const program = formulaProgram(config);
  const stored = t.directions ?? {};
  const names = Object.keys(stored).sort();
  if (names.join(',') !== program.directions.join(',')) {
    throw new Error(
      `Not a valid checkpoint: the teacher stores directions [${names.join(', ')}] but the formula names [${program.directions.join(', ')}].`,
    );
  }
  const directions = program.directions.map((name) =>
    decodeTensor(stored[name] as EncodedTensor, `teacher direction ${name}`, [config.d, config.dIn]),
  );
  return formulaTeacher(program, directions);
}

function parseCheckpointUnchecked(input: unknown): LoadedCheckpoint {
  const obj = typeof input === 'string' ? parseJsonText(input) : input;
  const r = checkpointSchema.safeParse(obj);
  if (!r.success) throw new Error(`Not a valid checkpoint: ${issuesText(r.error)}`);
  const cp = r.data;
  const config = cp.config;
  const t = cp.teacher;
  const mismatch = (what: string, a: unknown, b: unknown) =>
    new Error(
      `Not a valid checkpoint: ${what} is ${JSON.stringify(a)} but the config says ${JSON.stringify(b)}.`,
    );
  if (t.class !== config.concept) throw mismatch('teacher.class', t.class, config.concept);
  if (t.activation !== config.act) throw mismatch('teacher.activation', t.activation, config.act);
  if (t.dIn !== config.dIn) throw mismatch('teacher.dIn', t.dIn, config.dIn);
  if (t.d !== config.d) throw mismatch('teacher.d', t.d, config.d);
  if (t.p !== config.p) throw mismatch('teacher.p', t.p, config.p);
  if (t.window !== config.K) throw mismatch('teacher.window', t.window, config.K);
  if (t.normalize !== (config.norm === 1))
    throw mismatch('teacher.normalize', t.normalize, config.norm === 1);
  if (t.scale !== config.R) throw mismatch('teacher.scale', t.scale, config.R);
  if (cp.student.m !== config.m) throw mismatch('student.m', cp.student.m, config.m);
  if (cp.student.lambda !== config.lambda) throw mismatch('student.lambda', cp.student.lambda, config.lambda);
  if (cp.student.inputScale !== config.epsx)
    throw mismatch('student.inputScale', cp.student.inputScale, config.epsx);

  const { L, K, d, p, dIn, m } = config;
  const layout = teacherLayout(config);
  const formula = config.concept === 'formula' ? checkpointFormula(config, t) : undefined;
  const expectedTerms = layout.terms;
  if (t.terms.length !== expectedTerms.length) {
    throw new Error(
      `Not a valid checkpoint: the teacher has ${t.terms.length} terms but L = ${L}, K = ${K} need ${expectedTerms.length}.`,
    );
  }
  const terms: TeacherTerm[] = t.terms.map((term, k) => {
    const exp = expectedTerms[k] as { from: number[]; to: number };
    const from = Array.isArray(term.from) ? term.from : [term.from];
    if (term.to !== exp.to || from.length !== exp.from.length || from.some((v, q) => v !== exp.from[q])) {
      throw new Error(
        `Not a valid checkpoint: teacher term ${k + 1} connects ${JSON.stringify(from)} → ${term.to}, expected ${JSON.stringify(exp.from)} → ${exp.to}.`,
      );
    }
    const wShape = config.concept === 'additive' ? [d, p, dIn] : [d, p, from.length, dIn];
    return {
      from,
      to: term.to,
      a: decodeTensor(term.a, `teacher term ${k + 1} a`, [d, p]),
      w: decodeTensor(term.w, `teacher term ${k + 1} w`, wShape),
    };
  });
  const teacher = assembleTeacher(config, layout, terms, formula);
  const dx = dIn + 1;
  // A_0 and B_0 are not stored: they follow from the seed (the init stream), like every initial weight.
  const init = initStudentWeights(config);
  const current: StudentWeights = {
    m,
    dx,
    d,
    W: decodeTensor(cp.student.W, 'student.W', [m, m]),
    A: decodeTensor(cp.student.A, 'student.A', [m, dx]),
    B: decodeTensor(cp.student.B, 'student.B', [d, m]),
  };
  const initial: StudentWeights = {
    m,
    dx,
    d,
    W: decodeTensor(cp.student.W0, 'student.W0', [m, m]),
    A: init.A,
    B: init.B,
  };
  const state: RunState = cp.progress
    ? { step: cp.progress.step, samplesSeen: cp.progress.samplesSeen, samplesToEps: cp.progress.samplesToEps }
    : { step: 0, samplesSeen: 0, samplesToEps: null };
  return { config, teacher, current, initial, state };
}
