/**
 * The benchmark cases and what each needs before timing starts: a validated config, the teacher, and a pool
 * of batches generated and uploaded in advance, so the headline numbers time the SGD step alone.
 */
import { resolveConfig, type Config } from '../../src/model/config';
import { DataSource } from '../../src/model/data';
import type { BatchTensors } from '../../src/model/engine';
import type { Teacher } from '../../src/model/teacher';
import { disposeBatch, uploadBatch } from '../../src/model/testset';

// Shared by the Node benchmark (bench/cli/bench.ts) and the browser bench page (bench/index.html): no Node APIs here.

export interface BenchCase {
  name: 'S' | 'M' | 'long';
  m: number;
  L: number;
  batch: number;
  /** Learning rate: both methods must train stably, and the app default (1) diverges on M. */
  lr: number;
}

export type BenchCaseName = BenchCase['name'];

export const BENCH_CASES: readonly BenchCase[] = [
  { name: 'S', m: 256, L: 10, batch: 32, lr: 1 },
  { name: 'M', m: 1024, L: 20, batch: 64, lr: 0.1 },
  // Long sequences: many small sequential products, where per-dispatch overhead dominates on a GPU. Outputs
  // grow with L, so η 0.02 already diverges at L = 100 (measured); 0.005 trains.
  { name: 'long', m: 256, L: 100, batch: 16, lr: 0.005 },
];

/** Batches cycled through by the timed loops; enough that the step does not just memorise one batch. */
export const BATCH_POOL = 16;

export function benchCase(name: BenchCaseName): BenchCase {
  const c = BENCH_CASES.find((k) => k.name === name);
  if (!c) throw new Error(`unknown bench case ${name}`);
  return c;
}

/**
 * The case's config: app defaults (squared loss, train W, online data) with the case's sizes, on the teacher
 * the benchmark's recorded figures were measured with (d_in = 8, R = 1), so they stay comparable when the
 * app's default teacher changes.
 */
export function caseConfig(c: BenchCase): Config {
  // The smallest allowed test set: Run.create builds it, and the benchmark never evaluates.
  const r = resolveConfig({ m: c.m, L: c.L, batch: c.batch, lr: c.lr, ntest: 64, dIn: 8, R: 1 });
  if (!r.ok) throw new Error(`bench case ${c.name} has an invalid config: ${r.errors.join(' ')}`);
  return r.config;
}

/** Estimated floating-point operations of one SGD step: forward, δ and dW products, 2·m² per row each. */
export function flopsPerStep(c: BenchCase): number {
  return 6 * c.L * c.batch * c.m * c.m;
}

/** The first `count` online training batches, uploaded to the current backend. */
export function prepareBatches(config: Config, teacher: Teacher, count = BATCH_POOL): BatchTensors[] {
  const source = new DataSource(config, teacher);
  return Array.from({ length: count }, (_, k) =>
    uploadBatch(config, teacher, source.batchAt(k * config.batch, config.batch)),
  );
}

export function disposeBatches(batches: BatchTensors[]): void {
  for (const b of batches) disposeBatch(b);
}
