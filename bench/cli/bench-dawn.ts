/**
 * `tsx bench/cli/bench-dawn.ts [--cases S,M,long] [--seconds N] [--generic] [--dawn PATH] [--dawn-flag F]…
 * [--compat]`: the benchmark of bench/cli/bench.ts on tfjs's WebGPU backend in Node, on Dawn's Node binding (the
 * npm package `webgpu`, not a dependency of the project), so a machine with a GPU but no browser can measure it.
 * Prints a JSON array of rows (backend `dawn-webgpu`) on stdout; progress goes to stderr.
 *
 * bench/device/prepare.sh bundles this file with every JavaScript dependency into .devgpu/ and
 * bench/device/run.sh runs that bundle on the GPU machine.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { BENCH_CASES, type BenchCaseName } from '../src/cases';
import { backendDetails } from '../src/environment';
import { measureMatMulRate } from '../src/measure';
import { measureCases } from '../src/measure-cases';
import type { BenchRow } from '../src/rows';
import { selectBackend } from '../../src/model/backend';
import { KERNELS_FLAG } from '../../src/model/kernels';
import { attachPrefetcher } from '../../src/worker/data/batch-prefetch';
import { dataWorkerCount } from '../../src/worker/data/data-worker-client';
import { BenchUsageError, parseList } from './bench-args';
import { registerGradients } from './bench-gradients';
import { startNodePrefetcher } from '../../src/cli/data-workers';

interface DawnOptions {
  cases: BenchCaseName[];
  seconds: number;
  generic: boolean;
  /** WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE; null keeps the app's setting (src/model/backend.ts). */
  submitBatch: number | null;
  /** The `webgpu` package folder, or its dawn.node; undefined: resolve the package by name. */
  dawn: string | undefined;
  /** Passed to Dawn's create(), e.g. `backend=vulkan` or `adapter=NAME`. */
  dawnFlags: string[];
  /** Ask for a compatibility-mode adapter (needed where only Dawn's OpenGL ES backend works). */
  compat: boolean;
}

/** What the `webgpu` package and its dawn.node export. */
interface DawnBinding {
  create(flags: string[]): GPU;
  /** GPUBufferUsage, GPUMapMode, … : the constants tfjs reads as globals. */
  globals: Record<string, unknown>;
}

const HELP = `Usage: bench-dawn [--cases S,M,long] [--seconds N] [--generic] [--submit-batch N] [--dawn PATH] [--dawn-flag F]... [--compat]

Measures samples/second of the SGD step (explicit BPTT engine beside tfjs autodiff) on tfjs's WebGPU backend,
in Node on Dawn's Node binding (npm package webgpu). Prints a JSON array of rows.

  --cases LIST      cases to run, from ${BENCH_CASES.map((c) => c.name).join(',')} (default all)
  --seconds N       timing budget per measurement (default 2)
  --generic         time the engine with generic tfjs ops instead of the custom WGSL RNN kernels
  --submit-batch N  dispatches per GPU submit (WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE; the app uses 64)
  --dawn PATH       the webgpu package folder (holding index.js) or its dawn.node file
                    (default: import the package 'webgpu')
  --dawn-flag F     a flag for Dawn's create(), e.g. backend=vulkan (repeatable)
  --compat          request a compatibility-mode adapter (Dawn's OpenGL ES backend needs it)`;

/** Dawn's binding is missing: a message for the user, no stack. */
class DawnMissingError extends Error {}

/** Parses argv (without node and script); null when --help was asked. */
function parseDawnArgs(argv: string[]): DawnOptions | null {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        cases: { type: 'string' },
        seconds: { type: 'string' },
        generic: { type: 'boolean' },
        'submit-batch': { type: 'string' },
        dawn: { type: 'string' },
        'dawn-flag': { type: 'string', multiple: true },
        compat: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new BenchUsageError(
      `${e instanceof Error ? e.message : String(e)}. Run with --help for the flags.`,
    );
  }
  if (values.help) return null;
  const seconds = values.seconds === undefined ? 2 : Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
    throw new BenchUsageError(`--seconds: ${JSON.stringify(values.seconds)} is not a number in (0, 600].`);
  const submitBatch = values['submit-batch'] === undefined ? null : Number(values['submit-batch']);
  if (submitBatch !== null && !(Number.isInteger(submitBatch) && submitBatch >= 1 && submitBatch <= 10000))
    throw new BenchUsageError(
      `--submit-batch: ${JSON.stringify(values['submit-batch'])} is not a whole number from 1 to 10000.`,
    );
  return {
    submitBatch,
    cases:
      values.cases === undefined
        ? BENCH_CASES.map((c) => c.name)
        : parseList(
            'cases',
            values.cases,
            BENCH_CASES.map((c) => c.name),
          ),
    seconds,
    generic: values.generic === true,
    dawn: values.dawn,
    dawnFlags: values['dawn-flag'] ?? [],
    compat: values.compat === true,
  };
}

// A name in a variable: bundlers and the type checker leave the optional package alone.
const WEBGPU_PACKAGE = 'webgpu';

/** Loads Dawn's binding from `path` (package folder or dawn.node), or the installed package `webgpu`. */
async function loadDawn(path: string | undefined): Promise<DawnBinding> {
  try {
    if (path === undefined) return (await import(WEBGPU_PACKAGE)) as DawnBinding;
    const full = resolve(path);
    // The bare binary skips the package's glue, which only patches GPUDevice.destroy (unused here).
    if (full.endsWith('.node')) return createRequire(import.meta.url)(full) as DawnBinding;
    return (await import(pathToFileURL(join(full, 'index.js')).href)) as DawnBinding;
  } catch (e) {
    throw new DawnMissingError(
      `Dawn's Node binding did not load from ${path ?? "the package 'webgpu'"} ` +
        `(${e instanceof Error ? e.message : String(e)}). Install it without touching package.json: ` +
        'npm install --no-save webgpu@0.6.2, or pass --dawn with its folder or its dawn.node.',
      { cause: e },
    );
  }
}

/** The adapter tfjs asked for, kept to describe it. */
const chosen: { adapter: GPUAdapter | null } = { adapter: null };

/**
 * navigator.gpu for tfjs: Dawn's GPU, keeping the adapter tfjs gets (for its description) and, with `compat`,
 * asking for a compatibility-mode one.
 */
function gpuForTfjs(gpu: GPU, compat: boolean): GPU {
  const requestAdapter = async (options?: GPURequestAdapterOptions): Promise<GPUAdapter | null> => {
    // featureLevel is newer than TypeScript's DOM types.
    const withLevel: GPURequestAdapterOptions & { featureLevel?: string } = { ...options };
    if (compat) withLevel.featureLevel = 'compatibility';
    chosen.adapter = await gpu.requestAdapter(withLevel);
    return chosen.adapter;
  };
  return {
    requestAdapter,
    getPreferredCanvasFormat: () => gpu.getPreferredCanvasFormat(),
    wgslLanguageFeatures: gpu.wgslLanguageFeatures,
  } as GPU;
}

/** Makes tfjs's WebGPU backend see Dawn: its GPU* constants as globals and navigator.gpu. */
function installDawn(dawn: DawnBinding, options: DawnOptions): void {
  Object.assign(globalThis, dawn.globals);
  const gpu = gpuForTfjs(dawn.create(options.dawnFlags), options.compat);
  // Node 20 has no navigator; Node 21+ has one whose properties are getters, so replace it whole.
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

/** The adapter in words: tfjs's view (vendor, architecture) and Dawn's description and Dawn flags. */
async function environment(options: DawnOptions): Promise<string> {
  const info = chosen.adapter?.info;
  const described = [info?.description, info?.device].filter((w) => w !== undefined && w !== '').join(', ');
  const flags = options.dawnFlags.length > 0 ? `, Dawn flags ${options.dawnFlags.join(' ')}` : '';
  const mode = options.compat ? ', compatibility mode' : '';
  const submits = `, submit batch ${tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')}`;
  return `Node ${process.version}, Dawn (npm webgpu), ${await backendDetails()} (${described || 'no description'})${flags}${mode}${submits}`;
}

async function main(options: DawnOptions): Promise<number> {
  installDawn(await loadDawn(options.dawn), options);
  // No fallback: only the webgpu loader is given, so selectBackend throws if WebGPU does not start.
  await selectBackend('webgpu', { webgpu: () => import('@tensorflow/tfjs-backend-webgpu') });
  await registerGradients();
  tf.env().set(KERNELS_FLAG, !options.generic);
  if (options.submitBatch !== null) tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', options.submitBatch);
  const env = await environment(options);
  console.error(`dawn-webgpu: ${env}; kernels ${options.generic ? 'off (--generic)' : 'on'}; matMul rate...`);
  const matMulGflops = await measureMatMulRate(Math.min(options.seconds, 2));
  console.error(`dawn-webgpu: matMul ${matMulGflops.toFixed(1)} GFLOP/s`);
  const rows: BenchRow[] = [];
  // Run.step draws its batches ahead on worker threads, as the app does in its data workers.
  const workers = dataWorkerCount(availableParallelism());
  const data = startNodePrefetcher(workers);
  const warnings = await measureCases({
    backend: 'dawn-webgpu',
    cases: options.cases,
    seconds: options.seconds,
    matMulGflops,
    environment: `${env}, ${workers} data worker${workers === 1 ? '' : 's'} (${availableParallelism()} CPUs)`,
    prepareRun: (run) => attachPrefetcher(data.prefetcher, run),
    progress: (text) => console.error(text),
    onRow: (row) => {
      rows.push(row);
      console.error(
        `dawn-webgpu: ${row.case}: engine ${row.engineSamplesPerSec.toFixed(0)} samples/s, baseline ` +
          `${row.baselineSamplesPerSec.toFixed(0)}, ratio ${row.ratio.toFixed(2)}, customKernels ` +
          `${row.customKernels}, updateAgreement ${row.updateAgreement.toExponential(2)}`,
      );
    },
  });
  await data.close();
  console.log(JSON.stringify(rows, null, 2));
  for (const w of warnings) console.error(`warning: ${w}`);
  return 0;
}

let options: DawnOptions | null = null;
try {
  options = parseDawnArgs(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof BenchUsageError)) throw e;
  console.error(e.message);
  process.exit(2);
}
if (options === null) {
  console.log(HELP);
} else {
  try {
    // Exit explicitly: Dawn's GPU object keeps Node's event loop alive while it exists.
    process.exit(await main(options));
  } catch (e) {
    const plain = e instanceof DawnMissingError || !(e instanceof Error);
    console.error(plain ? String(e instanceof Error ? e.message : e) : (e.stack ?? e.message));
    process.exit(1);
  }
}
