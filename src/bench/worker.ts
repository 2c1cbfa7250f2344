/**
 * The bench page's worker: activates exactly the requested backend (no fallback: a row must say what it
 * measured), measures the matMul rate and each case (engine, Run.step and the autodiff baseline, interleaved),
 * and posts one row per case. The same measurement code as `npm run bench` in Node (src/bench/measure.ts).
 */
// The autodiff baseline needs tfjs's gradient functions; the engine and the app never do.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, setWasmThreads } from '../model/backend';
import { KERNELS_FLAG } from '../model/kernels';
import { BROWSER_LOADERS } from '../worker/browser-backends';
import { benchCase } from './cases';
import { backendDetails } from './environment';
import { measureCase, measureMatMulRate } from './measure';
import type { BenchRequest, FromBenchWorker } from './protocol';
import { toRow } from './rows';

/** tf.memory() with the GPU backends' byte count. */
type GpuMemory = tf.MemoryInfo & { numBytesInGPU?: number };

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
  const environment = `${browserName()}, ${await backendDetails()}${submits}, ${isolation}, ${navigator.hardwareConcurrency} logical cores`;
  post({ type: 'progress', text: `${backend}: ${environment}` });
  post({ type: 'progress', text: `${backend}: matMul rate...` });
  const matMulGflops = await measureMatMulRate(Math.min(req.seconds, 2));
  const warnings: string[] = [];
  for (const name of req.cases) {
    const c = benchCase(name);
    post({ type: 'progress', text: `${backend}: case ${name} (m=${c.m}, L=${c.L}, batch ${c.batch})...` });
    const before = tf.memory() as GpuMemory;
    const result = await measureCase(c, req.seconds);
    post({ type: 'row', row: toRow(c, backend, result, matMulGflops, environment) });
    const after = tf.memory() as GpuMemory;
    const leaked = after.numTensors - before.numTensors;
    if (leaked !== 0) warnings.push(`case ${name} on ${backend} left ${leaked} tensors allocated`);
    // GPU bytes in use (the GPU backends count them; freed textures and buffers in tfjs's pools do not count).
    const bytes = (after.numBytesInGPU ?? 0) - (before.numBytesInGPU ?? 0);
    if (bytes !== 0) warnings.push(`case ${name} on ${backend} left ${bytes} bytes in use on the GPU`);
    if (after.numBytesInGPU !== undefined)
      post({
        type: 'progress',
        text: `${backend}: case ${name}: ${after.numBytesInGPU} bytes in use on the GPU after it`,
      });
  }
  post({ type: 'done', environment, warnings });
}

self.addEventListener('message', (event: MessageEvent<BenchRequest>) => {
  run(event.data).catch((e: unknown) => {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  });
});
