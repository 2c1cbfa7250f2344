/**
 * One benchmark result row, the same in Node and in the browser, and how a case measurement becomes one.
 * The first five keys are the stable contract of `npm run bench -- --json`.
 */
import type { BenchCase } from './cases';
import { rnnKernelsActive } from '../../src/model/kernels';
import type { CaseResult } from './measure';

/**
 * Where a row was measured: a browser backend (Chromium), or Node (`node-wasm`, `node-cpu`; a Node-only run
 * prints these as `wasm` and `cpu`, see bench/cli/bench.ts), or `dawn-webgpu`: tfjs's WebGPU backend in Node on
 * Dawn's Node binding (the optional npm package `webgpu`, bench/cli/bench-dawn.ts), for a real GPU without a browser.
 */
export type RowBackend = 'webgpu' | 'webgl' | 'wasm' | 'cpu' | 'node-wasm' | 'node-cpu' | 'dawn-webgpu';

export interface BenchRow {
  case: BenchCase['name'];
  backend: RowBackend;
  engineSamplesPerSec: number;
  baselineSamplesPerSec: number;
  /** engine / baseline. */
  ratio: number;
  /** Run.step() including host-side data generation and upload. */
  runStepSamplesPerSec: number;
  /** Estimated from 6·L·batch·m² flops per step. */
  engineGflops: number;
  /** The backend's 1024×1024 float32 matMul rate, measured in the same run. */
  matMulGflops: number;
  engineSteps: number;
  baselineSteps: number;
  /** True when a method's step was slower than the budget, so it was timed on a single step. */
  engineCapped: boolean;
  baselineCapped: boolean;
  /** ‖ΔW_baseline − ΔW_engine‖_F / ‖ΔW_engine‖_F for the first step from the same start and batch. */
  updateAgreement: number;
  /** Loss at step 1 and at the last step, for each method. */
  engineLoss: [number, number];
  baselineLoss: [number, number];
  /** Whether the engine ran the custom RNN kernels (src/model/kernels) rather than generic tfjs ops. */
  customKernels: boolean;
  /** The runtime in words: Node or browser version, backend details (adapter, SIMD, threads, isolation). */
  environment: string;
}

export function toRow(
  c: BenchCase,
  backend: RowBackend,
  r: CaseResult,
  matMulGflops: number,
  environment: string,
): BenchRow {
  return {
    case: c.name,
    backend,
    engineSamplesPerSec: r.engine.samplesPerSec,
    baselineSamplesPerSec: r.baseline.samplesPerSec,
    ratio: r.engine.samplesPerSec / r.baseline.samplesPerSec,
    runStepSamplesPerSec: r.runStep.samplesPerSec,
    engineGflops: r.engineGflops,
    matMulGflops,
    engineSteps: r.engine.steps,
    baselineSteps: r.baseline.steps,
    engineCapped: r.engine.capped,
    baselineCapped: r.baseline.capped,
    updateAgreement: r.updateAgreement,
    engineLoss: [r.engine.firstLoss, r.engine.lastLoss],
    baselineLoss: [r.baseline.firstLoss, r.baseline.lastLoss],
    customKernels: rnnKernelsActive(c.m, c.L, c.batch),
    environment,
  };
}
