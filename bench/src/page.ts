/**
 * The bench page (bench/index.html): measures the SGD step on each browser backend in turn, each in a fresh worker,
 * and shows one table row per case and backend. Query: `?backends=webgpu,webgl,wasm,cpu&cases=S,M,long
 * &seconds=2&kernels=off&threads=2&submitBatch=64`
 * (each optional;
 * kernels=off times the engine's generic tfjs ops where a backend has the custom RNN kernels; threads sets
 * wasm's XNNPACK thread count; submitBatch WebGPU's WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE). `window.benchState` holds the results for automation (npm run bench --
 * --browser reads it).
 */
import './bench.css';
import { BENCH_CASES, type BenchCaseName } from './cases';
import { PAGE_BACKENDS, type BenchRequest, type FromBenchWorker, type PageBackend } from './protocol';
import type { BenchRow } from './rows';

/** What automation reads: progress lines, rows, and per-backend failures. */
export interface BenchState {
  status: 'running' | 'done';
  crossOriginIsolated: boolean;
  rows: BenchRow[];
  /** One entry per backend that could not be measured. */
  failures: { backend: PageBackend; message: string }[];
  warnings: string[];
  log: string[];
}

declare global {
  interface Window {
    benchState: BenchState;
  }
}

function listParam<T extends string>(query: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  const raw = query.get(key);
  if (raw === null || raw === '') return [...allowed];
  const items = raw.split(',').filter((s) => s !== '');
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length > 0) throw new Error(`${key}: ${bad.join(', ')} not allowed; use ${allowed.join(', ')}`);
  return items as T[];
}

const state: BenchState = {
  status: 'running',
  crossOriginIsolated: window.crossOriginIsolated,
  rows: [],
  failures: [],
  warnings: [],
  log: [],
};
window.benchState = state;

const logEl = document.getElementById('log') as HTMLElement;
const tableEl = document.getElementById('rows') as HTMLTableSectionElement;

function log(text: string): void {
  state.log.push(text);
  console.log(`[bench] ${text}`);
  logEl.textContent = state.log.join('\n');
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}

function addRow(r: BenchRow): void {
  state.rows.push(r);
  const tr = document.createElement('tr');
  const cells = [
    r.case,
    r.backend,
    r.customKernels ? 'custom' : 'tfjs ops',
    fmt(r.engineSamplesPerSec),
    fmt(r.runStepSamplesPerSec),
    fmt(r.baselineSamplesPerSec),
    `${r.ratio.toFixed(1)}×`,
    r.engineGflops.toFixed(1),
    r.matMulGflops.toFixed(1),
    r.updateAgreement.toExponential(1),
  ];
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  tableEl.append(tr);
}

/** Measures one backend in its own worker; resolves when it is done or failed. */
function measureBackend(request: BenchRequest): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bench' });
    const finish = () => {
      worker.terminate();
      resolve();
    };
    worker.addEventListener('message', (event: MessageEvent<FromBenchWorker>) => {
      const msg = event.data;
      if (msg.type === 'progress') log(msg.text);
      else if (msg.type === 'row') addRow(msg.row);
      else if (msg.type === 'done') {
        state.warnings.push(...msg.warnings);
        finish();
      } else {
        state.failures.push({ backend: request.backend, message: msg.message });
        log(`${request.backend}: FAILED: ${msg.message}`);
        finish();
      }
    });
    worker.addEventListener('error', (e) => {
      state.failures.push({ backend: request.backend, message: e.message || 'the worker failed to start' });
      finish();
    });
    worker.postMessage(request);
  });
}

async function main(): Promise<void> {
  const query = new URLSearchParams(window.location.search);
  const backends = listParam(query, 'backends', PAGE_BACKENDS);
  const cases = listParam<BenchCaseName>(
    query,
    'cases',
    BENCH_CASES.map((c) => c.name),
  );
  const seconds = Number(query.get('seconds') ?? '2');
  if (!(seconds > 0 && seconds <= 600)) throw new Error('seconds: use a number in (0, 600]');
  const kernels = query.get('kernels') !== 'off';
  const threadsText = query.get('threads');
  const wasmThreads = threadsText === null ? null : Number(threadsText);
  if (wasmThreads !== null && !(Number.isInteger(wasmThreads) && wasmThreads >= 1 && wasmThreads <= 64))
    throw new Error('threads: use a whole number from 1 to 64');
  const submitText = query.get('submitBatch');
  const webgpuSubmitBatch = submitText === null ? null : Number(submitText);
  if (webgpuSubmitBatch !== null && !(Number.isInteger(webgpuSubmitBatch) && webgpuSubmitBatch >= 1))
    throw new Error('submitBatch: use a whole number of at least 1');
  log(`page: ${window.crossOriginIsolated ? 'cross-origin isolated' : 'NOT cross-origin isolated'}`);
  for (const backend of backends)
    await measureBackend({ type: 'start', backend, cases, seconds, kernels, wasmThreads, webgpuSubmitBatch });
}

main()
  .catch((e: unknown) => {
    state.failures.push({ backend: 'cpu', message: e instanceof Error ? e.message : String(e) });
    log(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
  })
  .finally(() => {
    state.status = 'done';
    log('done');
  });
