/**
 * Flags of `npm run bench`: which cases and backends to measure, how long to time each, and the output form.
 * Every problem is a plain message naming the flag, the value and what is allowed.
 */
import { parseArgs } from 'node:util';
import { BENCH_CASES, type BenchCaseName } from '../src/cases';
import type { RowBackend } from '../src/rows';

/** The backends Node can run (the GPU ones need a browser). */
export const BENCH_BACKENDS = ['wasm', 'cpu'] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

/** With --browser: the four browser backends (in Chromium), then Node's two. */
export const ALL_BACKENDS: readonly RowBackend[] = [
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
  'node-wasm',
  'node-cpu',
];

export interface BenchOptions {
  json: boolean;
  cases: BenchCaseName[];
  /** Without --browser: Node backends. With it: any of ALL_BACKENDS. */
  backends: RowBackend[];
  /** Timing budget per measurement, in seconds. */
  seconds: number;
  /** Also measure in Chromium; Node rows are then named node-wasm and node-cpu. */
  browser: boolean;
  /** Serve the bench page without COOP/COEP, to see the fallback (no wasm threads). */
  notIsolated: boolean;
  /** Reuse the previous bench build instead of building the app again. */
  skipBuild: boolean;
  /** Time the engine's generic tfjs ops even where a backend has the custom RNN kernels. */
  generic: boolean;
  /** With --browser: wasm's XNNPACK thread count (null: the app's default, one per core). */
  wasmThreads: number | null;
  /** With --browser: WebGPU's WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE (null: the app's setting). */
  webgpuSubmitBatch: number | null;
  /** Also write the JSON rows to this file (with the table on stdout). */
  jsonOut: string | null;
  /** Time the fixed sweep on 1, 2 and all workers instead of the step (bench-sweep.ts). */
  sweep: boolean;
}

export const DEFAULT_SECONDS = 2;

export class BenchUsageError extends Error {}

export function benchHelpText(): string {
  const cases = BENCH_CASES.map((c) => `${c.name} (m=${c.m}, L=${c.L}, batch ${c.batch}, lr ${c.lr})`);
  return [
    'Usage: npm run bench -- [flags]',
    '',
    'Measures samples/second of the SGD step: the explicit BPTT engine beside the tfjs autodiff baseline.',
    '',
    `  --cases S,M,long    cases to run: ${cases.join('; ')}`,
    `  --backends LIST     backends to run (default ${BENCH_BACKENDS.join(',')}; with --browser`,
    `                      ${ALL_BACKENDS.join(',')})`,
    `  --seconds N         timing budget per measurement (default ${DEFAULT_SECONDS}); a step slower`,
    '                      than the budget is timed once after one warm-up step',
    '  --browser           also measure in Chromium (builds the app with its bench page, serves it',
    '                      with vite preview, one browser per backend); Node rows become node-wasm,',
    '                      node-cpu',
    '  --not-isolated      with --browser: serve without COOP/COEP (wasm falls back to one thread)',
    '  --threads N         with --browser: wasm threads (default: one per core, when isolated)',
    '  --submit-batch N    with --browser: WebGPU dispatches per submit (the app uses 64)',
    '  --skip-build        with --browser: reuse the previous bench build',
    '  --generic           time the engine with generic tfjs ops where a backend has the custom RNN',
    '                      kernels (cpu, webgpu), to see what the kernels gain',
    '  --json              print only a JSON array of result rows (through npm, add -s so npm',
    '                      prints no header: npm run -s bench -- --json)',
    '  --json-out FILE     also write the JSON array to FILE (the table still goes to stdout)',
    '  --sweep             instead: time a fixed sweep (samples-vs-L, values 4,6,8,12, two seeds) on',
    '                      1, 2 and all training workers; prints runs per minute, the speedup and',
    '                      whether each pool gave the same result JSON as one worker',
    '  --help              show this help',
  ].join('\n');
}

/** A comma-separated list of allowed values (also used by bench-dawn.ts). */
export function parseList<T extends string>(flag: string, text: string, allowed: readonly T[]): T[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new BenchUsageError(`--${flag}: give at least one of ${allowed.join(', ')}.`);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item))
      throw new BenchUsageError(
        `--${flag}: ${JSON.stringify(item)} is not allowed; use a comma-separated list of ${allowed.join(', ')}.`,
      );
  }
  return [...new Set(items)] as T[];
}

/** Parses argv (without node and script); returns null when --help was asked. */
export function parseBenchArgs(argv: string[]): BenchOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        cases: { type: 'string' },
        backends: { type: 'string' },
        seconds: { type: 'string' },
        browser: { type: 'boolean' },
        'not-isolated': { type: 'boolean' },
        'skip-build': { type: 'boolean' },
        generic: { type: 'boolean' },
        threads: { type: 'string' },
        'submit-batch': { type: 'string' },
        'json-out': { type: 'string' },
        sweep: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new BenchUsageError(
      `${e instanceof Error ? e.message : String(e)}. Run with --help for the list of flags.`,
    );
  }
  if (values.help) return null;
  const caseNames = BENCH_CASES.map((c) => c.name);
  let seconds = DEFAULT_SECONDS;
  if (typeof values.seconds === 'string') {
    seconds = Number(values.seconds);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
      throw new BenchUsageError(
        `--seconds: ${JSON.stringify(values.seconds)} is not allowed; use a number in (0, 600].`,
      );
  }
  const browser = values.browser === true;
  let wasmThreads: number | null = null;
  if (typeof values.threads === 'string') {
    wasmThreads = Number(values.threads);
    if (!browser) throw new BenchUsageError('--threads only applies with --browser.');
    if (!Number.isInteger(wasmThreads) || wasmThreads < 1 || wasmThreads > 64)
      throw new BenchUsageError(
        `--threads: ${JSON.stringify(values.threads)} is not allowed; use a whole number from 1 to 64.`,
      );
  }
  if (!browser && (values['not-isolated'] || values['skip-build']))
    throw new BenchUsageError('--not-isolated and --skip-build only apply with --browser.');
  let webgpuSubmitBatch: number | null = null;
  if (typeof values['submit-batch'] === 'string') {
    webgpuSubmitBatch = Number(values['submit-batch']);
    if (!browser) throw new BenchUsageError('--submit-batch only applies with --browser.');
    if (!Number.isInteger(webgpuSubmitBatch) || webgpuSubmitBatch < 1 || webgpuSubmitBatch > 10000)
      throw new BenchUsageError(
        `--submit-batch: ${JSON.stringify(values['submit-batch'])} is not allowed; use a whole number from 1 to 10000.`,
      );
  }
  const sweep = values.sweep === true;
  if (sweep) {
    const stepOnly = ['cases', 'backends', 'seconds', 'browser', 'generic', 'threads', 'submit-batch'];
    const given = stepOnly.filter((k) => values[k] !== undefined);
    if (given.length > 0)
      throw new BenchUsageError(
        `--sweep times a fixed sweep on the Node backend; ${given.map((k) => `--${k}`).join(', ')} only apply to the step benchmark.`,
      );
  }
  const allowed: readonly RowBackend[] = browser ? ALL_BACKENDS : BENCH_BACKENDS;
  return {
    json: values.json === true,
    cases: typeof values.cases === 'string' ? parseList('cases', values.cases, caseNames) : caseNames,
    backends:
      typeof values.backends === 'string' ? parseList('backends', values.backends, allowed) : [...allowed],
    seconds,
    browser,
    notIsolated: values['not-isolated'] === true,
    skipBuild: values['skip-build'] === true,
    generic: values.generic === true,
    wasmThreads,
    webgpuSubmitBatch,
    jsonOut: typeof values['json-out'] === 'string' ? values['json-out'] : null,
    sweep,
  };
}
