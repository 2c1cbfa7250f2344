/**
 * `npm run bench -- [--cases S,M,long] [--backends …] [--seconds N] [--browser] [--json]`: samples/second of
 * the SGD step of the explicit BPTT engine beside the tfjs autodiff baseline, per case and backend. Node
 * backends run in this process; with --browser the four browser backends run in headless Chromium first
 * (bench/browser/bench-browser.ts). Progress goes to stderr; stdout holds the table, or only the JSON array.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { benchCase } from '../src/cases';
import { backendDetails } from '../src/environment';
import { measureMatMulRate } from '../src/measure';
import { measureCases } from '../src/measure-cases';
import type { PageBackend } from '../src/protocol';
import type { BenchRow, RowBackend } from '../src/rows';
import { NODE_LOADERS, selectBackend } from '../../src/model/backend';
import { KERNELS_FLAG } from '../../src/model/kernels';
import { attachPrefetcher } from '../../src/worker/data/batch-prefetch';
import { dataWorkerCount } from '../../src/worker/data/data-worker-client';
import {
  benchHelpText,
  BenchUsageError,
  parseBenchArgs,
  type BenchBackend,
  type BenchOptions,
} from './bench-args';
import { registerGradients } from './bench-gradients';
import { formatReport, loadLine } from './bench-report';
import { startNodePrefetcher } from '../../src/cli/data-workers';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const log = (line: string) => console.error(line);

/** Activates exactly `backend` (no fallback: a row must say what it measured). */
async function useBackend(backend: BenchBackend): Promise<void> {
  await selectBackend(backend, { [backend]: NODE_LOADERS[backend] });
}

/** Measures the Node backends; rows are named `node-*` when `prefixed` (beside browser rows). */
async function measureNode(options: BenchOptions, backends: BenchBackend[], prefixed: boolean) {
  await registerGradients();
  const rows: BenchRow[] = [];
  const warnings: string[] = [];
  // Run.step draws its batches ahead on worker threads, as `npm run train` and the app do.
  const workers = dataWorkerCount(availableParallelism());
  const data = startNodePrefetcher(workers);
  for (const backend of backends) {
    await useBackend(backend);
    tf.env().set(KERNELS_FLAG, !options.generic);
    const environment = `Node ${process.version}, ${await backendDetails()}, ${plural(workers, 'data worker')}`;
    const name: RowBackend = prefixed ? `node-${backend}` : backend;
    log(`${name}: ${environment}; matMul rate...`);
    const matMulGflops = await measureMatMulRate(Math.min(options.seconds, 2));
    warnings.push(
      ...(await measureCases({
        backend: name,
        cases: options.cases,
        seconds: options.seconds,
        matMulGflops,
        environment,
        progress: log,
        onRow: (row) => rows.push(row),
        prepareRun: (run) => attachPrefetcher(data.prefetcher, run),
      })),
    );
  }
  await data.close();
  return { rows, warnings };
}

/** --sweep: the fixed sweep on 1, 2 and all workers; fails when a pool's result differs from one worker's. */
async function mainSweep(options: BenchOptions): Promise<number> {
  const loadBefore = loadLine();
  const { benchSweep, formatSweepReport } = await import('./bench-sweep');
  const { rows, environment } = await benchSweep(log);
  if (options.jsonOut !== null) writeFileSync(options.jsonOut, `${JSON.stringify(rows, null, 2)}\n`);
  if (options.json) console.log(JSON.stringify(rows, null, 2));
  else console.log(`${formatSweepReport(rows, environment)}\n\nload average before: ${loadBefore}; after: ${loadLine()}`);
  return rows.every((r) => r.identical) ? 0 : 1;
}

async function main(options: BenchOptions): Promise<number> {
  if (options.sweep) return mainSweep(options);
  const loadBefore = loadLine();
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const pageBackends = options.backends.filter((b): b is PageBackend => !b.startsWith('node-'));
  const nodeBackends = options.browser
    ? options.backends.filter((b) => b.startsWith('node-')).map((b) => b.slice(5) as BenchBackend)
    : (options.backends as BenchBackend[]);
  let failed = false;
  if (options.browser && pageBackends.length > 0) {
    const { runBrowserBench } = await import('../browser/bench-browser');
    const browser = await runBrowserBench({ ...options, backends: pageBackends, log });
    rows.push(...browser.rows);
    notes.push(...browser.warnings.map((w) => `warning: ${w}`));
    for (const f of browser.failures) notes.push(`FAILED in the browser: ${f.backend}: ${f.message}`);
    failed = browser.failures.length > 0;
  }
  if (nodeBackends.length > 0) {
    const node = await measureNode(options, nodeBackends, options.browser);
    rows.push(...node.rows);
    notes.push(...node.warnings.map((w) => `warning: ${w}`));
  }
  if (options.jsonOut !== null) writeFileSync(options.jsonOut, `${JSON.stringify(rows, null, 2)}\n`);
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    for (const n of notes) log(n);
  } else {
    console.log(formatReport(rows, options.cases.map(benchCase), options.seconds, loadBefore));
    if (notes.length > 0) console.log(notes.join('\n'));
  }
  return failed ? 1 : 0;
}

let options: BenchOptions | null;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof BenchUsageError)) throw e;
  console.error(e.message);
  process.exit(2);
}
if (options === null) {
  console.log(benchHelpText());
} else {
  process.exitCode = await main(options);
}
