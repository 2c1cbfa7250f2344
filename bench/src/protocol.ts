/** Messages between the bench page (bench/index.html) and its worker. */
import type { BenchCaseName } from './cases';
import type { BenchRow } from './rows';

/** The browser backends the bench page measures. */
export const PAGE_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type PageBackend = (typeof PAGE_BACKENDS)[number];

export interface BenchRequest {
  type: 'start';
  backend: PageBackend;
  cases: BenchCaseName[];
  seconds: number;
  /** False: time the engine's generic tfjs ops even where the backend has the custom RNN kernels. */
  kernels: boolean;
  /** XNNPACK threads for the wasm backend (null: the app's default). */
  wasmThreads: number | null;
  /** WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE for the webgpu backend (null: the app's setting). */
  webgpuSubmitBatch: number | null;
}

export type FromBenchWorker =
  | { type: 'progress'; text: string }
  | { type: 'row'; row: BenchRow }
  | { type: 'done'; environment: string; warnings: string[] }
  | { type: 'error'; message: string };
