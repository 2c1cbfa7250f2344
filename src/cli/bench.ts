/**
 * `npm run bench -- [--cases S,M] [--backends wasm,cpu] [--seconds N] [--json]`: samples/second of the SGD
 * step of the explicit BPTT engine beside the tfjs autodiff baseline, per case and backend, in one process.
 * Progress goes to stderr; stdout holds the table, or only the JSON array with --json.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NODE_LOADERS, selectBackend } from '../model/backend';
import {
  benchHelpText,
  BenchUsageError,
  parseBenchArgs,
  type BenchBackend,
  type BenchOptions,
} from './bench-args';
import { benchCase } from './bench-cases';
import { registerGradients } from './bench-gradients';
import { measureCase, measureMatMulRate } from './bench-measure';
import { formatReport, toRow, type BenchRow } from './bench-report';

/** Activates exactly `backend` (no fallback: a row must say what it measured). */
async function useBackend(backend: BenchBackend): Promise<void> {
  await selectBackend(backend, { [backend]: NODE_LOADERS[backend] });
}

/** SIMD and thread count of the wasm build actually loaded; they decide its speed. */
async function wasmFeatures(): Promise<string> {
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `wasm SIMD ${simd ? 'on' : 'off'}, ${getThreadsCount()} thread(s)`;
}

async function main(options: BenchOptions): Promise<void> {
  await registerGradients();
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const backend of options.backends) {
    await useBackend(backend);
    if (backend === 'wasm') notes.push(await wasmFeatures());
    console.error(`${backend}: matMul rate...`);
    const matMulGflops = await measureMatMulRate(Math.min(options.seconds, 2));
    for (const name of options.cases) {
      const c = benchCase(name);
      console.error(`${backend}: case ${name} (m=${c.m}, L=${c.L}, batch ${c.batch})...`);
      const before = tf.memory().numTensors;
      rows.push(toRow(c, backend, await measureCase(c, options.seconds), matMulGflops));
      const leaked = tf.memory().numTensors - before;
      if (leaked !== 0) notes.push(`warning: case ${name} on ${backend} left ${leaked} tensors allocated`);
    }
  }
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  console.log(formatReport(rows, options.cases.map(benchCase), options.seconds));
  if (notes.length > 0) console.log(notes.join('\n'));
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
  await main(options);
}
