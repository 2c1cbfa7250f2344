/**
 * The one declarative table of configuration fields (SPEC §2). The URL codec, the CLI flags, the JSON config,
 * the controls and the schema all read this table, so a link, a command and a file use the same words.
 */

import { DEFAULT_FORMULA, FORMULA_FUNCTIONS, MAX_FORMULA_LENGTH } from './formula';

export type FieldGroup = 'teacher' | 'student' | 'training' | 'data' | 'run';

interface FieldBase {
  /** Short key used in URLs, CLI flags and JSON. */
  key: string;
  /** Symbol or short name shown next to the control. */
  label: string;
  /** One sentence for tooltips and `--help`. */
  help: string;
  group: FieldGroup;
  /** True when a change can apply to a running run without restarting it. */
  live: boolean;
}

export interface NumberField extends FieldBase {
  kind: 'int' | 'float';
  default: number;
  min: number;
  max: number;
  /** When true, `min` itself is not allowed (the range is (min, max]). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  unit?: string;
  /** Suggested slider scale. */
  scale?: 'linear' | 'log';
}

export interface EnumField extends FieldBase {
  kind: 'enum';
  default: string;
  options: readonly string[];
}

/** Free text checked by its own parser (the formula teacher's expression). */
export interface TextField extends FieldBase {
  kind: 'text';
  default: string;
  maxLength: number;
  /** The field matters only when this enum field has this value (a link leaves it out otherwise). */
  onlyWhen: { key: string; value: string };
  /** What the text may contain, for messages and `--help`. */
  describe: string;
}

export type Field = NumberField | EnumField | TextField;

export const ACTIVATIONS = [
  'sin',
  'cos',
  'tanh',
  'sigmoid',
  'exp',
  'softplus',
  'identity',
  'square',
  'cube',
] as const;
export const CONCEPTS = ['additive', 'joint', 'formula'] as const;
export const TRAINABLE_SETS = ['W', 'WA', 'all'] as const;
export const LOSSES = ['sq', 'abs', 'huber'] as const;
export const SCHEDULES = ['const', 'sqrt'] as const;
export const DATA_REGIMES = ['online', 'fixed'] as const;
export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

const FIELD_TABLE = [
  {
    key: 'L',
    unit: 'positions',
    label: 'L',
    kind: 'int',
    default: 10,
    min: 3,
    max: 200,
    group: 'teacher',
    live: false,
    help: 'Sequence length: positions 1..L.',
  },
  {
    key: 'dIn',
    unit: 'dims',
    label: 'd_in',
    kind: 'int',
    // Measured (docs/research-notes.md, "Beyond linear"): with d_in = 2 and R = 2.5 the best linear map's error
    // is 0.13–0.18 on seeds 1–3, at least 2.6·ε, and the student reaches ε = 0.05 after 86k–144k samples.
    default: 2,
    min: 1,
    max: 64,
    group: 'teacher',
    live: false,
    help: 'Teacher input dimension; each token lies on the unit sphere of R^d_in.',
  },
  {
    key: 'd',
    unit: 'dims',
    label: 'd',
    kind: 'int',
    default: 1,
    min: 1,
    max: 16,
    group: 'teacher',
    live: false,
    help: 'Output dimension of every output token.',
  },
  {
    key: 'concept',
    label: 'concept',
    kind: 'enum',
    default: 'additive',
    options: CONCEPTS,
    group: 'teacher',
    live: false,
    help: 'additive: a sum of small networks, one per earlier token (the paper). joint: one network over the whole window. formula: your own expression in earlier tokens (the formula field).',
  },
  {
    key: 'formula',
    label: 'formula',
    kind: 'text',
    default: DEFAULT_FORMULA,
    maxLength: MAX_FORMULA_LENGTH,
    onlyWhen: { key: 'concept', value: 'formula' },
    describe: `an expression in earlier tokens x[j-1], x[j-2], … (or fixed ones x[2], …), unit directions u, v, w (u1…w9, drawn from the seed), numbers, pi, e, + − * /, whole powers ^ and the functions ${FORMULA_FUNCTIONS.join(', ')}`,
    group: 'teacher',
    live: false,
    help: 'The teacher when concept = formula: y_j is this expression, for example sin(3*dot(u, x[j-1])) * dot(v, x[j-2]); x[j-k] is the token k positions back and u, v, w are unit vectors drawn from the seed (one set per output coordinate). p, K, Φ, R and normalize do not apply to it.',
  },
  {
    key: 'p',
    unit: 'units',
    label: 'p',
    kind: 'int',
    default: 4,
    min: 1,
    max: 64,
    group: 'teacher',
    live: false,
    help: 'Teacher width: hidden units per teacher network.',
  },
  {
    key: 'K',
    unit: 'tokens',
    label: 'K',
    kind: 'int',
    default: 0,
    min: 0,
    max: 198,
    group: 'teacher',
    live: false,
    help: 'Teacher window: output j reads the K tokens before it (0 = all earlier tokens). At most L-2.',
  },
  {
    key: 'act',
    label: 'Φ',
    kind: 'enum',
    default: 'sin',
    options: ACTIVATIONS,
    group: 'teacher',
    live: false,
    help: 'Teacher activation function.',
  },
  {
    key: 'R',
    unit: '× argument',
    label: 'R',
    kind: 'float',
    default: 2.5,
    min: 0,
    max: 20,
    minExclusive: true,
    group: 'teacher',
    live: false,
    help: 'Teacher scale: every teacher unit computes Φ(R·<w, x*>). R is the radius of the complexity C(Φ, R) in the paper; a larger R makes the concept less linear and harder. A link or file without R means R = 1.',
  },
  {
    key: 'norm',
    label: 'normalize',
    kind: 'int',
    default: 1,
    min: 0,
    max: 1,
    group: 'teacher',
    live: false,
    help: 'Scale targets by c_j = 1/sqrt(p·|I_j|) so their size does not grow with L (1) or not (0); the joint class always scales by 1/sqrt(p).',
  },
  {
    key: 'noise',
    unit: 'std',
    label: 'σ',
    kind: 'float',
    default: 0,
    min: 0,
    max: 1,
    group: 'data',
    live: false,
    help: 'Standard deviation of Gaussian label noise.',
  },
  {
    key: 'm',
    label: 'm',
    kind: 'int',
    default: 256,
    min: 8,
    max: 4096,
    group: 'student',
    live: false,
    scale: 'log',
    unit: 'units',
    help: 'Student width: hidden ReLU units of the RNN.',
  },
  {
    key: 'epsx',
    unit: '× token',
    label: 'ε_x',
    kind: 'float',
    default: 1,
    min: 0,
    max: 10,
    minExclusive: true,
    group: 'student',
    live: false,
    help: 'Scale of the input tokens fed to the student.',
  },
  {
    key: 'lambda',
    unit: '× output',
    label: 'λ',
    kind: 'float',
    default: 0.05,
    min: 0,
    max: 10,
    minExclusive: true,
    group: 'student',
    live: false,
    scale: 'log',
    help: 'Output scale of the student: F = λ·B·h.',
  },
  {
    key: 'train',
    label: 'trainable',
    kind: 'enum',
    default: 'W',
    options: TRAINABLE_SETS,
    group: 'student',
    live: false,
    help: 'Which weights SGD moves: W only (the paper), W and A, or all of W, A, B.',
  },
  {
    key: 'loss',
    label: 'loss',
    kind: 'enum',
    default: 'sq',
    options: LOSSES,
    group: 'training',
    live: true,
    help: 'Per-coordinate loss G: squared, absolute, or Huber (δ = 1).',
  },
  {
    key: 'lr',
    unit: 'per step',
    label: 'η',
    kind: 'float',
    default: 1,
    min: 0,
    max: 1000,
    minExclusive: true,
    group: 'training',
    live: true,
    scale: 'log',
    help: 'SGD learning rate.',
  },
  {
    key: 'sched',
    label: 'schedule',
    kind: 'enum',
    default: 'const',
    options: SCHEDULES,
    group: 'training',
    live: true,
    help: 'Learning-rate schedule: constant, or η / sqrt(1 + t/t0).',
  },
  {
    key: 't0',
    label: 't0',
    kind: 'float',
    default: 1000,
    min: 1,
    max: 1e7,
    group: 'training',
    live: true,
    scale: 'log',
    unit: 'steps',
    help: 'Time constant of the sqrt schedule.',
  },
  {
    key: 'batch',
    label: 'batch',
    kind: 'int',
    default: 32,
    min: 1,
    max: 1024,
    group: 'training',
    live: true,
    scale: 'log',
    unit: 'sequences',
    help: 'Sequences per SGD step (the paper uses 1).',
  },
  {
    key: 'data',
    label: 'data',
    kind: 'enum',
    default: 'online',
    options: DATA_REGIMES,
    group: 'data',
    live: false,
    help: 'online: fresh sequences every step (the paper). fixed: a training set of N reused.',
  },
  {
    key: 'N',
    label: 'N',
    kind: 'int',
    default: 1000,
    min: 1,
    max: 1e6,
    group: 'data',
    live: false,
    scale: 'log',
    unit: 'sequences',
    help: 'Training-set size in the fixed regime.',
  },
  {
    key: 'eps',
    unit: 'test error',
    label: 'ε',
    kind: 'float',
    default: 0.05,
    min: 0,
    max: 1,
    minExclusive: true,
    maxExclusive: true,
    group: 'run',
    live: true,
    help: 'Target test error for samplesToEps.',
  },
  {
    key: 'ntest',
    label: 'n_test',
    kind: 'int',
    default: 1024,
    min: 64,
    max: 16384,
    group: 'data',
    live: false,
    scale: 'log',
    unit: 'sequences',
    help: 'Held-out test sequences.',
  },
  {
    key: 'seed',
    label: 'seed',
    kind: 'int',
    default: 1,
    min: 0,
    max: 2 ** 31 - 1,
    group: 'run',
    live: false,
    help: 'Seed of every random stream: the same seed and config give the same run.',
  },
  {
    key: 'backend',
    label: 'backend',
    kind: 'enum',
    default: 'auto',
    options: BACKENDS,
    group: 'run',
    live: false,
    help: "Compute backend: auto times each backend on this config briefly and takes the fastest (remembered per device and config size; a GPU only emulated on the CPU is not timed). The status bar's “why?” shows the rates.",
  },
] as const satisfies readonly Field[];

type TableRow = (typeof FIELD_TABLE)[number];
export type FieldKey = TableRow['key'];
/** The fields that apply to a running run without a restart (`live: true` in the table). */
export type LiveKey = Extract<TableRow, { live: true }>['key'];
/** A field's value type: one of its options for an enum, a string for text, a number otherwise. */
type ValueOf<F> = F extends { kind: 'enum'; options: readonly (infer O)[] }
  ? O
  : F extends { kind: 'text' }
    ? string
    : number;
/** One value per field, typed from the table: the run configuration (`Config` in config.ts). */
export type FieldValues = { [F in TableRow as F['key']]: ValueOf<F> };

/** The table, each row seen as a plain Field (its literal types give FieldKey, LiveKey and FieldValues). */
export const FIELDS: readonly (Field & { key: FieldKey })[] = FIELD_TABLE;

/** The keys of the live fields, in table order. */
export const LIVE_KEYS: readonly LiveKey[] = FIELD_TABLE.flatMap((f) => (f.live ? [f.key] : []));

/** Whether a field is read for this config: a text field only when its `onlyWhen` holds (the formula for concept formula). */
export function fieldApplies(field: Field, config: Readonly<Record<string, unknown>>): boolean {
  return field.kind !== 'text' || String(config[field.onlyWhen.key]) === field.onlyWhen.value;
}

/** The config without the keys it does not read (the formula of a non-formula concept): what links and keys store. */
export function appliedConfig<C extends Readonly<Record<string, unknown>>>(config: C): Partial<C> {
  const out: Partial<C> = { ...config };
  for (const f of FIELDS) if (!fieldApplies(f, config)) delete out[f.key as keyof C];
  return out;
}

export function fieldByKey(key: string): (Field & { key: FieldKey }) | undefined {
  return FIELDS.find((f) => f.key === key);
}

/** Human-readable range of a field, as used in error messages and `--help`: "an integer 3..200", "a number in (0, 10]". */
export function describeRange(field: Field): string {
  if (field.kind === 'enum') return `one of ${field.options.join(', ')}`;
  if (field.kind === 'text') return `${field.describe}, at most ${field.maxLength} characters`;
  if (field.kind === 'int') return `an integer ${field.min}..${field.max}`;
  const lo = field.minExclusive ? '(' : '[';
  const hi = field.maxExclusive ? ')' : ']';
  return `a number in ${lo}${field.min}, ${field.max}${hi}`;
}
