/**
 * `npm run bench -- --sweep`: a fixed sweep (the length sweep's first four values, two seeds, its budget and
 * η pilots) run on a pool of 1, 2 and all training workers in the same process, one pool after the other,
 * timed over the whole sweep. Prints runs per minute and the speedup over one worker, and checks that every
 * pool gave the same result JSON as one worker (the timing fields, TIMING_FIELDS, blanked): a pool that is
 * faster but differs is a failure, not a speedup.
 */
import { availableParallelism } from 'node:os';
import { describeSelection, NODE_LOADERS, selectBackend } from '../../src/model/backend';
import type { PilotRecord, SweepRunRecord } from '../../src/model/sweep';
import { localExecutor, runSweepPool } from '../../src/model/sweep-pool';
import { buildSweepResult } from '../../src/model/sweep-result';
import type { SweepSpec } from '../../src/model/sweep-spec';
import { attachPrefetcher } from '../../src/worker/data/batch-prefetch';
import { startNodePrefetcher } from '../../src/cli/data-workers';
import { defaultCliWorkers, startRunThreads } from '../../src/cli/run-threads';
import { parseSweepArgs } from '../../src/cli/sweep-args';

/** The fixed sweep, as `npm run sweep` arguments. */
export const BENCH_SWEEP_ARGS = ['samples-vs-L', '--values', '4,6,8,12', '--seeds', '2'] as const;

export interface SweepBenchRow {
  workers: number;
  runs: number;
  seconds: number;
  runsPerMinute: number;
  /** Wall time of one worker over this pool's, in the same bench run. */
  speedup: number;
  /** The result JSON equals one worker's, timing fields blanked. */
  identical: boolean;
}

/** 1, 2 and every core (as `npm run sweep` counts them), without repeats, ascending. */
export function sweepWorkerCounts(cores = availableParallelism()): number[] {
  return [...new Set([1, Math.min(2, cores), defaultCliWorkers(cores)])].sort((a, b) => a - b);
}

/** The sweep's spec from BENCH_SWEEP_ARGS. */
export function benchSweepSpec(): SweepSpec {
  const parsed = parseSweepArgs([...BENCH_SWEEP_ARGS]);
  if (typeof parsed === 'string') throw new Error('the bench sweep arguments do not parse');
  return parsed.spec;
}

/** The result file's text with the timing fields (date, each run's seconds) left out. */
export function resultWithoutTiming(
  spec: SweepSpec,
  records: readonly SweepRunRecord[],
  pilots: readonly PilotRecord[],
): string {
  const runs = records.map((r) => ({ ...r, seconds: 0 }));
  return JSON.stringify(buildSweepResult(spec, runs, { command: 'bench' }, pilots), null, 1);
}

async function timeSweep(spec: SweepSpec, workers: number, backend: Parameters<typeof startRunThreads>[1]) {
  const data = workers === 1 ? startNodePrefetcher() : null;
  const threads = workers > 1 ? startRunThreads(workers, backend) : null;
  const executors = threads
    ? threads.executors
    : [localExecutor((run) => attachPrefetcher(data?.prefetcher, run))];
  let pilots: readonly PilotRecord[] = [];
  const start = performance.now();
  try {
    const records = await runSweepPool(spec, executors, { onPilot: (_p, all) => (pilots = all) });
    return { seconds: (performance.now() - start) / 1000, records, pilots };
  } finally {
    await data?.close();
    await threads?.close();
  }
}

export async function benchSweep(
  log: (line: string) => void,
  counts = sweepWorkerCounts(),
): Promise<{ rows: SweepBenchRow[]; environment: string }> {
  const spec = benchSweepSpec();
  const selection = await selectBackend('auto', NODE_LOADERS);
  const environment = `Node ${process.version}, ${describeSelection(selection)}, ${availableParallelism()} cores`;
  log(`sweep bench: ${BENCH_SWEEP_ARGS.join(' ')} on ${environment}`);
  const rows: SweepBenchRow[] = [];
  let reference: { text: string; seconds: number } | null = null;
  for (const workers of counts) {
    log(`  ${workers} worker${workers === 1 ? '' : 's'}...`);
    const { seconds, records, pilots } = await timeSweep(spec, workers, selection.backend);
    const text = resultWithoutTiming(spec, records, pilots);
    reference ??= { text, seconds };
    rows.push({
      workers,
      runs: records.length,
      seconds,
      runsPerMinute: (records.length / seconds) * 60,
      speedup: reference.seconds / seconds,
      identical: text === reference.text,
    });
    log(`  ${workers}: ${seconds.toFixed(1)} s`);
  }
  return { rows, environment };
}

export function formatSweepReport(rows: readonly SweepBenchRow[], environment: string): string {
  const lines = [
    `Sweep: npm run sweep -- ${BENCH_SWEEP_ARGS.join(' ')} (${rows[0]?.runs ?? 0} runs and their η pilots)`,
    environment,
    '',
    '| workers | wall time | runs per minute | speedup | same JSON as 1 worker |',
    '| ------- | --------- | --------------- | ------- | --------------------- |',
    ...rows.map(
      (r) =>
        `| ${r.workers} | ${r.seconds.toFixed(1)} s | ${r.runsPerMinute.toFixed(1)} | ${r.speedup.toFixed(2)}× | ${r.identical ? 'yes' : 'NO'} |`,
    ),
  ];
  if (rows.some((r) => !r.identical))
    lines.push('', 'FAILED: a pool gave a different result from one worker.');
  return lines.join('\n');
}
