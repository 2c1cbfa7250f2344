/**
 * The bench page's worker: activates exactly the requested backend (no fallback: a row must say what it
 * measured), measures the matMul rate and each case (engine, Run.step and the autodiff baseline, interleaved),
 * and posts one row per case. The same measurement code as `npm run bench` in Node (bench/src/measure.ts).
 */
// The autodiff baseline needs tfjs's gradient functions; the engine and the app never do.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, setWasmThreads } from '../../src/model/backend';
import { KERNELS_FLAG } from '../../src/model/kernels';
import { attachPrefetcher } from '../../src/worker/data/batch-prefetch';
import { BROWSER_LOADERS } from '../../src/worker/shared/browser-backends';
import { dataWorkerCount, startPrefetcher } from '../../src/worker/data/data-worker-client';
import { backendDetails } from './environment';
import { measureMatMulRate } from './measure';
import { measureCases } from './measure-cases';
import type { BenchRequest, FromBenchWorker } from './protocol';

function post(msg: FromBenchWorker): void {
  self.postMessage(msg);
}

/** "HeadlessChrome 140" or "Chrome 140" from the user agent; the whole string when it names neither. */
function browserName(): string {
  const m = /(HeadlessChrome|Chrome|Firefox|Version)\/(\d+)/.exec(navigator.userAgent);
  return m ? `${m[1]} ${m[2]}` : navigator.userAgent;
}

async function run(req: BenchRequest): Promise<void> {
  const { backend } = req;
  setWasmThreads(req.wasmThreads);
  await selectBackend(backend, { [backend]: BROWSER_LOADERS[backend] });
  tf.env().set(KERNELS_FLAG, req.kernels);
  // Read by the WebGPU backend at every dispatch, so setting it after the start takes effect.
  if (req.webgpuSubmitBatch !== null)
    tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', req.webgpuSubmitBatch);
  const isolation = self.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated';
  const submits =
    backend === 'webgpu' ? `, submit batch ${tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')}` : '';
  // Run.step draws its batches ahead in data workers, as the app's training worker does.
  const prefetcher = startPrefetcher();
  const dataWorkers = prefetcher ? dataWorkerCount(navigator.hardwareConcurrency || 2) : 0;
  const environment = `${browserName()}, ${await backendDetails()}${submits}, ${isolation}, ${navigator.hardwareConcurrency} logical cores, ${dataWorkers} data worker${dataWorkers === 1 ? '' : 's'}`;
  post({ type: 'progress', text: `${backend}: ${environment}` });
  post({ type: 'progress', text: `${backend}: matMul rate...` });
  const matMulGflops = await measureMatMulRate(Math.min(req.seconds, 2));
  const warnings = await measureCases({
    backend,
    cases: req.cases,
    seconds: req.seconds,
    matMulGflops,
    environment,
    progress: (text) => post({ type: 'progress', text }),
    onRow: (row) => post({ type: 'row', row }),
    prepareRun: (r) => attachPrefetcher(prefetcher, r),
  });
  post({ type: 'done', environment, warnings });
}

self.addEventListener('message', (event: MessageEvent<BenchRequest>) => {
  run(event.data).catch((e: unknown) => {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  });
});
