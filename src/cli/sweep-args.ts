/**
 * Command-line arguments of `npm run sweep`: a built-in experiment's name or a JSON file (a sweep spec or a
 * stored result), then overrides: --values, --seeds, --budget, --eps, --full-budget, and any config key
 * (`--m 256`), plus outputs. Precedence: the experiment or file < flags. Every problem is a plain message.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseFieldValue } from '../model/config';
import { BUILT_IN_EXPERIMENTS, builtInExperiment } from '../model/experiments';
import { sweepableFields, validateSweep, type SweepInput, type SweepSpec } from '../model/sweep-spec';
import { FIELDS } from '../model/fields';
import { parseShardId, type ShardId } from '../model/sweep-shard';
import { UsageError } from './args';
import { defaultCliWorkers } from './run-threads';
import { MAX_SWEEP_WORKERS } from '../model/sweep-workers';

export interface SweepOptions {
  spec: SweepSpec;
  out: string | null;
  csv: string | null;
  quiet: boolean;
  /** The command line that reproduces this sweep, as stored in the result file. */
  command: string;
  /** --refit: the stored result whose runs are summarized and fitted again, without training. */
  refit: { runs: unknown[]; pilots: unknown[]; command?: string; date?: string; backend?: string } | null;
  /** --shard K/N: run only that slice of the runs and write a shard file (see sweep-shard.ts). */
  shard: ShardId | null;
  /** The arguments without --shard and --workers: what a shard file records, so the merge can name the whole sweep. */
  args: string[];
  /** --workers N: runs trained at once, each in its own thread (1: on the main thread, as always). */
  workers: number;
}

const SWEEP_FLAGS = {
  values: { type: 'string', help: 'comma-separated values of the swept field (e.g. 4,8,16)' },
  seeds: { type: 'string', help: 'seeds per value: a count n (seeds 1..n) or a list (1,2,5)' },
  budget: { type: 'string', help: 'sample budget per run; a run that misses ε by then is censored' },
  eps: { type: 'string', help: 'target testError ε' },
  'full-budget': { type: 'boolean', help: 'train every run to its budget instead of stopping at ε' },
  out: { type: 'string', help: 'write the result JSON here (rewritten after every run)' },
  csv: { type: 'string', help: 'write one CSV row per run here' },
  quiet: { type: 'boolean', help: 'no progress bars' },
  workers: {
    type: 'string',
    help: `runs trained at once, each in a worker thread (default: one per core, here ${defaultCliWorkers()}); the results are the same for any N`,
  },
  shard: {
    type: 'string',
    help: 'K/N: run the K-th of N slices of the runs and write a shard file (--out); see merge below',
  },
  refit: {
    type: 'boolean',
    help: 'rebuild a result file’s summary, fits and conclusion from its runs, without training',
  },
  list: { type: 'boolean', help: 'list the built-in experiments' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

/** Largest sweep file read (a stored result with thousands of runs is far below this). */
const MAX_SWEEP_FILE_BYTES = 16 * 1024 * 1024;

export function sweepHelpText(): string {
  const lines = [
    'Usage: npm run sweep -- <experiment name or JSON file> [flags]',
    '',
    'Runs a learnability sweep in Node: one config field takes several values, each with several seeds;',
    'each run trains until testError <= ε or its sample budget is spent. Prints the table and the fits.',
    '',
    'Sweep flags:',
  ];
  for (const [name, spec] of Object.entries(SWEEP_FLAGS)) lines.push(`  --${name.padEnd(12)} ${spec.help}`);
  lines.push(
    '',
    `Config flags override the experiment's config: ${FIELDS.map((f) => `--${f.key}`).join(' ')}`,
    `Sweepable fields: ${sweepableFields()
      .map((f) => f.key)
      .join(', ')}`,
    '',
    `Built-in experiments: ${BUILT_IN_EXPERIMENTS.map((e) => e.experiment).join(', ')}`,
    'A JSON file holds {"experiment", "variable", "values", "seeds", "eps", "budget", "config"} (a stored',
    'result file works too).',
    '',
    'Example: npm run sweep -- samples-vs-L --values 4,8,16 --seeds 3 --budget 100000 --out sweep.json',
    '',
    'Shards: with --shard K/N the run with index i (seeds outermost, then series, then values) belongs to',
    'shard (i mod N) + 1. Merge all N shard files into the result the unsharded sweep writes:',
    '  npm run sweep -- merge part-*.json --out sweep.json [--csv sweep.csv]',
  );
  return lines.join('\n');
}

/** Quotes an argument for a POSIX shell only when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./,:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function readSweepFile(path: string): unknown {
  let text: string;
  try {
    if (statSync(path).size > MAX_SWEEP_FILE_BYTES) throw new UsageError(`${path} is larger than 16 MiB.`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path} (${e instanceof Error ? e.message : String(e)}).`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
}

function loadInput(source: string): Record<string, unknown> {
  const builtIn = builtInExperiment(source);
  if (builtIn) return structuredClone(builtIn) as Record<string, unknown>;
  let exists: boolean;
  try {
    exists = statSync(source).isFile();
  } catch {
    exists = false;
  }
  if (!exists) {
    throw new UsageError(
      `${JSON.stringify(source)} is neither a built-in experiment (${BUILT_IN_EXPERIMENTS.map((e) => e.experiment).join(', ')}) nor a file.`,
    );
  }
  const obj = readSweepFile(source);
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new UsageError(`${source} must hold a JSON object describing a sweep.`);
  }
  return obj as Record<string, unknown>;
}

function positiveInt(flag: string, text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) {
    throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not allowed; use a positive integer.`);
  }
  return v;
}

function parseSeeds(text: string): number | number[] {
  if (!text.includes(',')) return positiveInt('seeds', text);
  return text.split(',').map((s) => {
    const v = Number(s.trim());
    if (!Number.isInteger(v) || v < 0) {
      throw new UsageError(`--seeds: ${JSON.stringify(s)} is not a seed; use integers 0..2147483647.`);
    }
    return v;
  });
}

/**
 * argv without the flags named (`--name value` and `--name=value`), and the position of the first one
 * removed (argv's length when none was there).
 */
export function dropFlags(argv: readonly string[], names: readonly string[]): { kept: string[]; at: number } {
  const kept: string[] = [];
  let at = -1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = names.find((n) => arg === `--${n}` || arg.startsWith(`--${n}=`));
    if (name === undefined) {
      kept.push(arg);
      continue;
    }
    if (at < 0) at = kept.length;
    if (arg === `--${name}`) i++;
  }
  return { kept, at: at < 0 ? kept.length : at };
}

/** Parses argv (without node and script); returns 'help' or 'list' when those were asked. */
export function parseSweepArgs(argv: string[]): SweepOptions | 'help' | 'list' {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const f of FIELDS) options[f.key] = { type: 'string' };
  for (const [name, spec] of Object.entries(SWEEP_FLAGS)) options[name] = { type: spec.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(
      `${e instanceof Error ? e.message : String(e)}. Run with --help for the list of flags.`,
    );
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) return 'help';
  if (v.list) return 'list';
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      'give exactly one experiment name or JSON file (run with --list for the built-in experiments).',
    );
  }
  const input = loadInput(parsed.positionals[0] as string);
  let refit: SweepOptions['refit'] = null;
  if (v.refit === true) {
    if (!Array.isArray(input.runs)) throw new UsageError('--refit needs a result file (one with "runs").');
    const text = (k: string) => (typeof input[k] === 'string' ? { [k]: input[k] as string } : {});
    refit = {
      runs: input.runs as unknown[],
      pilots: Array.isArray(input.pilots) ? (input.pilots as unknown[]) : [],
      ...text('command'),
      ...text('date'),
      ...text('backend'),
    };
  }
  if (typeof v.values === 'string') input.values = v.values.split(',').map((s) => s.trim());
  if (typeof v.seeds === 'string') input.seeds = parseSeeds(v.seeds);
  if (typeof v.budget === 'string') input.budget = positiveInt('budget', v.budget);
  if (typeof v.eps === 'string') {
    const eps = Number(v.eps);
    if (!(eps > 0 && eps < 1)) throw new UsageError(`--eps: ${JSON.stringify(v.eps)} is not in (0, 1).`);
    input.eps = eps;
  }
  if (v['full-budget'] === true) input.stopAtEps = false;
  if (typeof v.seed === 'string') {
    throw new UsageError('--seed: a sweep runs several seeds; use --seeds (a count or a list).');
  }
  const config = { ...((input.config ?? {}) as Record<string, unknown>) };
  for (const f of FIELDS) {
    const text = v[f.key];
    if (typeof text === 'string') config[f.key] = parseFieldValue(f, text);
  }
  input.config = config;
  const r = validateSweep(input as SweepInput);
  if (!r.ok) throw new UsageError(r.errors.join('\n'));
  let shard: ShardId | null = null;
  if (typeof v.shard === 'string') {
    try {
      shard = parseShardId(v.shard);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (refit) throw new UsageError('--shard: a refit trains nothing, so it has no shards.');
    if (typeof v.csv === 'string')
      throw new UsageError('--shard: a shard writes no CSV; give --csv to merge.');
    if (typeof v.out !== 'string')
      throw new UsageError('--shard: give --out part-K.json for the shard file.');
    const runs = r.spec.values.length * r.spec.seeds.length * (r.spec.series?.values.length ?? 1);
    if (shard.count > runs) {
      throw new UsageError(`--shard: ${shard.count} shards for ${runs} runs would leave some empty.`);
    }
  }
  let workers = defaultCliWorkers();
  if (typeof v.workers === 'string') {
    workers = positiveInt('workers', v.workers);
    if (workers > MAX_SWEEP_WORKERS)
      throw new UsageError(
        `--workers: at most ${MAX_SWEEP_WORKERS} (each thread holds a backend and its memory).`,
      );
  }
  // How many threads train changes nothing in the result, so the stored command and a shard's args leave it out.
  const argsKept = dropFlags(argv, ['workers']).kept;
  return {
    spec: r.spec,
    workers,
    out: typeof v.out === 'string' ? v.out : null,
    csv: typeof v.csv === 'string' ? v.csv : null,
    quiet: v.quiet === true,
    refit,
    shard,
    args: dropFlags(argsKept, ['shard']).kept,
    command: ['npm', 'run', 'sweep', '--', ...argsKept].map(shellQuote).join(' '),
  };
}
