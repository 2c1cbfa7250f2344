/** Messages between the bench page (bench.html) and its worker. */
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
}

export type FromBenchWorker =
  | { type: 'progress'; text: string }
  | { type: 'row'; row: BenchRow }
  | { type: 'done'; environment: string; warnings: string[] }
  | { type: 'error'; message: string };
