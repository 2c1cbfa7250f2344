/**
 * What `npm run bench` prints: the machine, a readable table of samples/second, and the environment of each
 * backend. The JSON rows of `--json` are bench/src/rows.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpus, loadavg } from 'node:os';
import type { BenchCase } from '../src/cases';
import { ROUNDS } from '../src/measure';
import type { BenchRow } from '../src/rows';

/** The machine in one line: CPU model, cores, Node and tfjs versions. */
export function machineLine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  return `${model}, ${cpu.length} cores, Node ${process.version}, tfjs-core ${tf.version_core}`;
}

/** The 1-, 5- and 15-minute load averages: other processes share the cores. */
export function loadLine(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
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
export function formatReport(
  rows: BenchRow[],
  cases: readonly BenchCase[],
  seconds: number,
  loadBefore: string,
): string {
  const rates = new Map(rows.map((r) => [r.backend, r.matMulGflops]));
  const environments = new Map(rows.map((r) => [r.backend, r.environment]));
  const out = [
    `machine: ${machineLine()}`,
    `load average before → after: ${loadBefore} → ${loadLine()}`,
    `matMul 1024×1024 float32: ${[...rates].map(([b, g]) => `${b} ${g.toFixed(1)} GFLOP/s`).join(', ')}`,
    `cases: ${cases.map((c) => `${c.name} = m ${c.m}, L ${c.L}, batch ${c.batch}, lr ${c.lr}`).join('; ')}`,
    ...[...environments].map(([b, e]) => `${b}: ${e}`),
    '',
    'SGD step, samples/s (higher is better); engine and baseline on the same prepared batches',
    table(
      [
        'case',
        'backend',
        'kernels',
        'engine',
        'Run.step+data',
        'autodiff',
        'ratio',
        'engine GFLOP/s',
        'steps eng/base',
      ],
      rows.map((r) => [
        r.case,
        r.backend,
        r.customKernels ? 'custom' : 'tfjs ops',
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
        `  ${r.case.padEnd(4)} ${r.backend.padEnd(9)} engine ${r.engineLoss[0].toFixed(4)} → ${r.engineLoss[1].toFixed(4)}` +
        `   autodiff ${r.baselineLoss[0].toFixed(4)} → ${r.baselineLoss[1].toFixed(4)}` +
        `   ‖ΔW_autodiff − ΔW_engine‖/‖ΔW_engine‖ = ${r.updateAgreement.toExponential(1)}` +
        (r.engineLoss.every(Number.isFinite) && r.baselineLoss.every(Number.isFinite)
          ? ''
          : "   DIVERGED: lower the case's lr"),
    ),
    '',
    `Timing: warm-up, then ${seconds} s per method in ${ROUNDS} rounds where the methods take turns, each ending`,
    'with a device read. "*": a warm-up step took longer than the budget, so one step was timed.',
    'Engine and autodiff cycle through the same 16 prepared batches.',
    'Run.step+data: Run.step() with host-side data generation (drawn ahead by data workers, as in the app)',
    'and upload (its loss is not read per step).',
  ];
  return out.join('\n');
}
