/**
 * The loop every benchmark runner shares (Node, the bench page's worker, Dawn in Node): each case measured on
 * the active backend, turned into a row, and checked for leaks (tensors, and GPU bytes in use where the
 * backend counts them; freed textures and buffers in tfjs's pools do not count).
 */
import * as tf from '@tensorflow/tfjs-core';
import { benchCase, type BenchCaseName } from './cases';
import type { Run } from '../../src/model/run';
import { measureCase } from './measure';
import { toRow, type BenchRow, type RowBackend } from './rows';

/** tf.memory() with the GPU backends' byte count. */
type GpuMemory = tf.MemoryInfo & { numBytesInGPU?: number };

export interface CaseLoop {
  backend: RowBackend;
  cases: readonly BenchCaseName[];
  seconds: number;
  matMulGflops: number;
  environment: string;
  /** A progress line. */
  progress: (text: string) => void;
  /** Each row as soon as it is measured. */
  onRow: (row: BenchRow) => void;
  /** Sees each case's Run before its first step (the runners attach their data workers). */
  prepareRun?: (run: Run) => void;
}

/** Measures every case in turn; returns the leak warnings. */
export async function measureCases(loop: CaseLoop): Promise<string[]> {
  const { backend } = loop;
  const warnings: string[] = [];
  for (const name of loop.cases) {
    const c = benchCase(name);
    loop.progress(`${backend}: case ${name} (m=${c.m}, L=${c.L}, batch ${c.batch})...`);
    const before = tf.memory() as GpuMemory;
    const result = await measureCase(c, loop.seconds, loop.prepareRun);
    loop.onRow(toRow(c, backend, result, loop.matMulGflops, loop.environment));
    const after = tf.memory() as GpuMemory;
    const leaked = after.numTensors - before.numTensors;
    if (leaked !== 0) warnings.push(`case ${name} on ${backend} left ${leaked} tensors allocated`);
    const bytes = (after.numBytesInGPU ?? 0) - (before.numBytesInGPU ?? 0);
    if (bytes !== 0) warnings.push(`case ${name} on ${backend} left ${bytes} bytes in use on the GPU`);
    if (after.numBytesInGPU !== undefined)
      loop.progress(`${backend}: case ${name}: ${after.numBytesInGPU} bytes in use on the GPU after it`);
  }
  return warnings;
}
