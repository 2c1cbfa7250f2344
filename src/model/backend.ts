/**
 * Backend choice in one place: the best available of webgpu → webgl → wasm → cpu (passing over a GPU emulated
 * on the CPU), or the one requested.
 * Reports which backend runs and why each one before it was skipped, in plain words.
 *
 * Backend packages are loaded through `loaders`, so Node (CLI, tests) never imports the GPU backends and the
 * browser bundle can pass loaders that also set wasm paths.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from './config';
import { activeSoftwareGpu } from './software-gpu';

export type BackendName = Exclude<BackendChoice, 'auto'>;
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Imports (registers) one backend package; may configure it (for example wasm paths). */
export type BackendLoader = () => Promise<unknown>;
export type BackendLoaders = Partial<Record<BackendName, BackendLoader>>;

export interface BackendSelection {
  backend: BackendName;
  /** Why each backend tried before the chosen one was skipped. */
  skipped: { backend: BackendName; reason: string }[];
  /** The software rasteriser under the chosen GPU backend (only when it was asked for by name), or null. */
  emulatedBy: string | null;
}

/** Loaders for Node: wasm and cpu only (the GPU backends need a browser). */
export const NODE_LOADERS: BackendLoaders = {
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Dispatches the WebGPU backend records before it submits them to the GPU (tfjs's default is 15). A training
 * step is a few dozen dispatches; one or two submits per step instead of several. Reads submit early anyway.
 * Measured on an H200 (Dawn, BENCHMARKS.md): 64 gave 23% more samples/s than 15 on case S.
 */
export const WEBGPU_SUBMIT_BATCH = 64;

/** XNNPACK threads asked for the wasm backend; null keeps tfjs's choice. See startWasm. */
let wasmThreadsWanted: number | null = null;

/**
 * The wasm backend's thread count (set before it starts; it cannot change after). null (the default) keeps
 * tfjs's choice: when the page is cross-origin isolated, a pool of half the logical cores (at least one).
 * Measured on 2 cores (BENCHMARKS.md): 2 threads gained at most 10% on case S, lost 15% on M, and swung
 * widely (once down to a fifth) while anything else ran: the page's main thread and the worker's loop need
 * a core too.
 * Threads need cross-origin isolation; without it wasm runs SIMD on one thread whatever is asked.
 */
export function setWasmThreads(count: number | null): void {
  wasmThreadsWanted = count;
}

/**
 * Starts the wasm backend. For an explicit thread count: tfjs's wasm build caps XNNPACK's pool at half of
 * navigator.hardwareConcurrency (it assumes two hardware threads per core), so while the module starts,
 * hardwareConcurrency reads twice the wanted count; it is restored right after (an own property shadowing
 * the prototype's getter, then deleted).
 */
async function startWasm(): Promise<boolean> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const threads = wasmThreadsWanted;
  if (!isolated || threads === null || typeof navigator === 'undefined') return tf.setBackend('wasm');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(threads);
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await tf.setBackend('wasm');
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Starts a backend with the settings that make the SGD step fast (one place for all of them). */
async function startBackend(name: BackendName): Promise<boolean> {
  if (name === 'webgpu') tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', WEBGPU_SUBMIT_BATCH);
  if (name === 'wasm') return startWasm();
  return tf.setBackend(name);
}

/** How a backend is tried. */
interface TryOptions {
  /** Pass over a GPU backend that runs on a software rasteriser (the automatic choice). */
  skipSoftwareGpu: boolean;
}

/** Tries one backend; returns null when it runs, or the reason it cannot (or should not). */
async function tryBackend(
  name: BackendName,
  loaders: BackendLoaders,
  options: TryOptions,
): Promise<string | null> {
  const load = loaders[name];
  if (!load) return 'not available in this environment';
  try {
    await load();
  } catch (e) {
    return `its package failed to load (${errorText(e)})`;
  }
  if (name === 'webgpu' && typeof navigator !== 'undefined' && !('gpu' in navigator)) {
    return 'this browser has no WebGPU (navigator.gpu is missing)';
  }
  if (tf.findBackendFactory(name) === null) return 'it is not registered in this environment';
  let ok: boolean;
  try {
    ok = await startBackend(name);
  } catch (e) {
    return `it failed to start (${errorText(e)})`;
  }
  if (!ok) {
    return name === 'webgpu' ? 'no WebGPU adapter was found' : 'it failed to initialise';
  }
  await tf.ready();
  if (name === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    return 'it cannot render float32 textures (half floats would ruin SGD)';
  }
  // A tiny kernel proves the backend really computes.
  try {
    const probe = tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([1, 2, 3]), 2)));
    const v = (await probe.data())[0];
    probe.dispose();
    if (v !== 12) return `it computed a wrong result (${v} instead of 12)`;
  } catch (e) {
    return `a test kernel failed (${errorText(e)})`;
  }
  // The GPU backend stays registered (and started), so asking for it by name later is instant.
  const software = options.skipSoftwareGpu ? activeSoftwareGpu() : null;
  if (software !== null) {
    return `its GPU is ${software}, an emulation on the CPU where training runs several times slower than on wasm (choose ${name} as the backend to use it anyway)`;
  }
  return null;
}

/**
 * Starts `name` and nothing else, software GPUs included (for backend-race.ts, which measures each backend):
 * what it runs on, or the reason it cannot start.
 */
export async function startOnly(
  name: BackendName,
  loaders: BackendLoaders,
): Promise<{ ok: true; emulatedBy: string | null } | { ok: false; reason: string }> {
  const reason = await tryBackend(name, loaders, { skipSoftwareGpu: false });
  return reason === null ? { ok: true, emulatedBy: activeSoftwareGpu() } : { ok: false, reason };
}

/**
 * Selects and activates a backend. 'auto' takes the first that works in BACKEND_ORDER, passing over a GPU
 * that is a software emulation; a requested backend is tried first, and when it fails the rest of the order
 * follows (the failure is reported in `skipped`). `skipSoftwareGpu` (default: requested is 'auto') also
 * passes over software GPUs after a named backend, for a caller that resolved 'auto' itself.
 */
export async function selectBackend(
  requested: BackendChoice,
  loaders: BackendLoaders,
  options: Partial<TryOptions> = {},
): Promise<BackendSelection> {
  const tryOptions: TryOptions = { skipSoftwareGpu: options.skipSoftwareGpu ?? requested === 'auto' };
  const order: BackendName[] =
    requested === 'auto'
      ? [...BACKEND_ORDER]
      : [
          requested,
          ...BACKEND_ORDER.filter(
            (b) => b !== requested && BACKEND_ORDER.indexOf(b) > BACKEND_ORDER.indexOf(requested),
          ),
        ];
  const skipped: BackendSelection['skipped'] = [];
  for (const name of order) {
    const reason = await tryBackend(name, loaders, tryOptions);
    if (reason === null) return { backend: name, skipped, emulatedBy: activeSoftwareGpu() };
    skipped.push({ backend: name, reason });
  }
  throw new Error(
    `No compute backend works here: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}.`,
  );
}

/** One line for a status bar or a log: "wasm (webgpu: no WebGPU adapter was found; webgl: …)". */
export function describeSelection(sel: BackendSelection): string {
  const notes = sel.skipped.map((s) => `${s.backend}: ${s.reason}`);
  if (sel.emulatedBy !== null) notes.unshift(`on ${sel.emulatedBy}, a GPU emulated on the CPU`);
  if (notes.length === 0) return sel.backend;
  return `${sel.backend} (${notes.join('; ')})`;
}
