/**
 * What `npm run bench` prints: the machine, a readable table of samples/second, and the JSON rows of
 * `--json`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpus } from 'node:os';
import type { BenchBackend } from './bench-args';
import type { BenchCase } from './bench-cases';
import { ROUNDS, type CaseResult } from './bench-measure';

/** One result row; the first five keys are the stable contract of `--json`. */
export interface BenchRow {
  case: BenchCase['name'];
  backend: BenchBackend;
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
}

export function toRow(c: BenchCase, backend: BenchBackend, r: CaseResult, matMulGflops: number): BenchRow {
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
  };
}

/** The machine in one line: CPU model, cores, Node and tfjs versions. */
export function machineLine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  return `${model}, ${cpu.length} cores, Node ${process.version}, tfjs-core ${tf.version_core}`;
}

function rate(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, k) => (k < 2 ? cell.padEnd(widths[k] ?? 0) : cell.padStart(widths[k] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The readable report: machine, matMul rates, the samples/s table, losses and notes. */
export function formatReport(rows: BenchRow[], cases: readonly BenchCase[], seconds: number): string {
  const rates = new Map(rows.map((r) => [r.backend, r.matMulGflops]));
  const out = [
    `machine: ${machineLine()}`,
    `matMul 1024×1024 float32: ${[...rates].map(([b, g]) => `${b} ${g.toFixed(1)} GFLOP/s`).join(', ')}`,
    `cases: ${cases.map((c) => `${c.name} = m ${c.m}, L ${c.L}, batch ${c.batch}, lr ${c.lr}`).join('; ')}`,
    '',
    'SGD step, samples/s (higher is better); engine and baseline on the same prepared batches',
    table(
      ['case', 'backend', 'engine', 'Run.step+data', 'autodiff', 'ratio', 'engine GFLOP/s', 'steps eng/base'],
      rows.map((r) => [
        r.case,
        r.backend,
        rate(r.engineSamplesPerSec),
        rate(r.runStepSamplesPerSec),
        rate(r.baselineSamplesPerSec),
        `${r.ratio.toFixed(1)}x`,
        r.engineGflops.toFixed(1),
        `${r.engineSteps}${r.engineCapped ? '*' : ''} / ${r.baselineSteps}${r.baselineCapped ? '*' : ''}`,
      ]),
    ),
    '',
    'Both train the same model: loss at step 1 → last step, and how far apart their first updates are',
    ...rows.map(
      (r) =>
        `  ${r.case} ${r.backend.padEnd(4)}  engine ${r.engineLoss[0].toFixed(4)} → ${r.engineLoss[1].toFixed(4)}` +
        `   autodiff ${r.baselineLoss[0].toFixed(4)} → ${r.baselineLoss[1].toFixed(4)}` +
        `   ‖ΔW_autodiff − ΔW_engine‖/‖ΔW_engine‖ = ${r.updateAgreement.toExponential(1)}`,
    ),
    '',
    `Timing: warm-up, then ${seconds} s per method in ${ROUNDS} rounds where the methods take turns, each ending`,
    'with a device read. "*": a warm-up step took longer than the budget, so one step was timed.',
    'Engine and autodiff cycle through the same 16 prepared batches.',
    'Run.step+data: Run.step() with host-side data generation and upload (its loss is not read per step).',
  ];
  return out.join('\n');
}
