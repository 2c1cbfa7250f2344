/**
 * `npm run bench`: its flags (every problem a plain message naming the flag), and a real run of the Node
 * benchmark on case S through the CLI, whose JSON rows must describe a working measurement: both methods
 * train, their first updates agree, the custom-kernel column says what ran.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../../bench/src/rows';
import { BenchUsageError, parseBenchArgs } from '../../bench/cli/bench-args';
import {
  benchSweepSpec,
  formatSweepReport,
  resultWithoutTiming,
  sweepWorkerCounts,
} from '../../bench/cli/bench-sweep';
import type { SweepRunRecord } from '../../src/model/sweep';

const root = join(import.meta.dirname, '..', '..');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function usageError(argv: string[]): string {
  try {
    parseBenchArgs(argv);
  } catch (e) {
    if (e instanceof BenchUsageError) return e.message;
    throw e;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('bench flags', () => {
  it('defaults to the Node backends, every case, 2 s, kernels on', () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({
      backends: ['wasm', 'cpu'],
      cases: ['S', 'M', 'long'],
      seconds: 2,
      browser: false,
      generic: false,
      wasmThreads: null,
      webgpuSubmitBatch: null,
      jsonOut: null,
    });
  });

  it('takes the browser tuning flags with --browser', () => {
    const o = parseBenchArgs([
      '--browser',
      '--backends',
      'webgpu,node-wasm',
      '--threads',
      '2',
      '--submit-batch',
      '15',
      '--generic',
    ]);
    expect(o).toMatchObject({
      browser: true,
      backends: ['webgpu', 'node-wasm'],
      wasmThreads: 2,
      webgpuSubmitBatch: 15,
      generic: true,
    });
  });

  it('says which flag is wrong and what is allowed', () => {
    expect(usageError(['--threads', '2'])).toMatch(/--threads only applies with --browser/);
    expect(usageError(['--browser', '--threads', '0'])).toMatch(/--threads: "0" is not allowed/);
    expect(usageError(['--browser', '--submit-batch', '1.5'])).toMatch(/--submit-batch: "1.5"/);
    expect(usageError(['--backends', 'webgpu'])).toMatch(/"webgpu" is not allowed; use .*wasm, cpu/);
    expect(usageError(['--cases', 'XL'])).toMatch(/--cases: "XL"/);
    expect(usageError(['--seconds', '-1'])).toMatch(/--seconds/);
    expect(usageError(['--frobnicate'])).toMatch(/--help/);
  });

  it('returns null for --help', () => {
    expect(parseBenchArgs(['--help'])).toBeNull();
  });

  it('takes --sweep alone (with the output flags) and refuses the step flags beside it', () => {
    expect(parseBenchArgs(['--sweep'])).toMatchObject({ sweep: true, json: false });
    expect(parseBenchArgs(['--sweep', '--json-out', 'x.json'])).toMatchObject({
      sweep: true,
      jsonOut: 'x.json',
    });
    expect(parseBenchArgs([])).toMatchObject({ sweep: false });
    expect(usageError(['--sweep', '--cases', 'S'])).toMatch(/--sweep .*--cases only apply to the step/);
    expect(usageError(['--sweep', '--browser', '--seconds', '1'])).toMatch(
      /--seconds, --browser|--browser, --seconds/,
    );
  });
});

describe('the sweep benchmark (npm run bench -- --sweep)', () => {
  it('times 1, 2 and all workers, without repeats', () => {
    expect(sweepWorkerCounts(1)).toEqual([1]);
    expect(sweepWorkerCounts(2)).toEqual([1, 2]);
    expect(sweepWorkerCounts(4)).toEqual([1, 2, 4]);
    expect(sweepWorkerCounts(64)).toEqual([1, 2, 8]);
  });

  it('is the length sweep with its first four values and two seeds, at its own budget', () => {
    const spec = benchSweepSpec();
    expect(spec.variable).toBe('L');
    expect(spec.values).toEqual([4, 6, 8, 12]);
    expect(spec.seeds).toEqual([1, 2]);
    expect(spec.budget).toBe(300_000);
    expect(spec.lrRule).toBeDefined();
  });

  it("compares results apart from the runs' seconds, and sees any other difference", () => {
    const spec = benchSweepSpec();
    const records: SweepRunRecord[] = spec.values.flatMap((value, i) =>
      spec.seeds.map((seed) => ({
        value,
        seed,
        samplesToEps: 1000 * (i + 1),
        finalTestError: 0.09,
        samplesSeen: 1000 * (i + 1),
        diverged: false,
        seconds: 3 + i,
      })),
    );
    const a = resultWithoutTiming(spec, records, []);
    const slower = records.map((r) => ({ ...r, seconds: r.seconds * 2 }));
    expect(resultWithoutTiming(spec, slower, [])).toBe(a);
    const other = records.map((r, i) => (i === 3 ? { ...r, finalTestError: 0.0901 } : r));
    expect(resultWithoutTiming(spec, other, [])).not.toBe(a);
    const rows = [
      { workers: 1, runs: 8, seconds: 60, runsPerMinute: 8, speedup: 1, identical: true },
      { workers: 2, runs: 8, seconds: 40, runsPerMinute: 12, speedup: 1.5, identical: false },
    ];
    const report = formatSweepReport(rows, 'here');
    expect(report).toMatch(/\| 2 \| 40\.0 s \| 12\.0 \| 1\.50× \| NO \|/);
    expect(report).toMatch(/FAILED/);
    expect(formatSweepReport(rows.slice(0, 1), 'here')).not.toMatch(/FAILED/);
  });
});

describe('npm run bench in Node (case S, wasm and cpu)', () => {
  it('prints JSON rows of a measurement where both methods train and agree', () => {
    const r = spawnSync(
      process.execPath,
      [tsxCli, 'bench/cli/bench.ts', '--cases', 'S', '--seconds', '0.3', '--json'],
      { cwd: root, encoding: 'utf8', timeout: 240_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as BenchRow[];
    expect(rows.map((row) => row.backend)).toEqual(['wasm', 'cpu']);
    for (const row of rows) {
      expect(row.case).toBe('S');
      expect(row.engineSamplesPerSec).toBeGreaterThan(0);
      expect(row.baselineSamplesPerSec).toBeGreaterThan(0);
      expect(row.ratio).toBeCloseTo(row.engineSamplesPerSec / row.baselineSamplesPerSec, 6);
      expect(row.updateAgreement).toBeLessThan(1e-5);
      expect(row.engineLoss[1]).toBeLessThan(row.engineLoss[0]);
      expect(row.baselineLoss[1]).toBeLessThan(row.baselineLoss[0]);
      expect(row.matMulGflops).toBeGreaterThan(0);
    }
    // wasm keeps XNNPACK's products; cpu runs the custom RNN kernels.
    expect(rows.map((row) => row.customKernels)).toEqual([false, true]);
    expect(r.stderr).not.toMatch(/left \d+ tensors allocated/);
  }, 300_000);
});
