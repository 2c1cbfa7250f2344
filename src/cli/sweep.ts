/**
 * `npm run sweep -- <experiment name or JSON file> [flags]`: runs a learnability sweep in Node on the same
 * model code as the app, with an overall and a per-run progress bar and the time left, prints each run as
 * it finishes, then the table and the fits. --out / --csv are rewritten after every run, so a long sweep
 * that is stopped (Ctrl-C) still leaves its partial result. With --shard K/N it runs one slice of the runs
 * and writes a shard file; `merge` (sweep-shards.ts) joins the N shard files into the result.
 */
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { describeSelection, NODE_LOADERS, selectBackend } from '../model/backend';
import {
  buildSweepResult,
  compactSamples,
  formatDuration,
  type SweepResult,
  sweepToCsv,
} from '../model/sweep-result';
import type { PilotRecord, SweepProgress, SweepRunRecord } from '../model/sweep';
import { localExecutor, runSweepPool, type RunExecutor } from '../model/sweep-pool';
import { startRunThreads } from './run-threads';
import { planSweep } from '../model/sweep-spec';
import { MergeError, shardRuns } from '../model/sweep-shard';
import { attachPrefetcher } from '../worker/data/batch-prefetch';
import { startNodePrefetcher } from './data-workers';
import { BUILT_IN_EXPERIMENTS } from '../model/experiments';
import { UsageError } from './args';
import { parseSweepArgs, sweepHelpText, type SweepOptions } from './sweep-args';
import { describeResult, describeRun, describeSweep, pointLabel } from './sweep-report';
import { parseMergeArgs, runMerge, shardFile } from './sweep-shards';
import { codeVersion } from './sweep-version';

function writeOutputs(options: SweepOptions, result: SweepResult): void {
  if (options.out) writeFileSync(options.out, JSON.stringify(result, null, 1) + '\n');
  if (options.csv) writeFileSync(options.csv, sweepToCsv(result));
}

interface Reporter {
  progress(p: SweepProgress): void;
  runEnd(runsDone: number): void;
  /** Prints a line without breaking the bars. */
  log(line: string): void;
  stop(): void;
}

/** On a terminal an overall bar and one per worker; on a pipe or with --quiet, plain lines only. */
function makeReporter(options: SweepOptions, runsTotal: number, workers: number): Reporter {
  if (options.quiet || !process.stderr.isTTY) {
    return { progress: () => {}, runEnd: () => {}, log: (line) => console.error(line), stop: () => {} };
  }
  const multi = new cliProgress.MultiBar(
    {
      hideCursor: true,
      stream: process.stderr,
      clearOnComplete: false,
      barsize: 24,
      format: '{bar} {text}',
    },
    cliProgress.Presets.shades_classic,
  );
  const overall = multi.create(runsTotal, 0, { text: `0/${runsTotal} runs` });
  const bars = Array.from({ length: workers }, () => multi.create(1, 0, { text: '' }));
  const shares = new Array<number>(workers).fill(0);
  return {
    progress(p) {
      const slot = p.slot ?? 0;
      shares[slot] = p.pilot ? 0 : Math.min(1, p.samplesSeen / p.budget);
      const fraction = shares.reduce((a, b) => a + b, 0);
      const current = bars[slot] ?? (bars[0] as (typeof bars)[number]);
      overall.update(Math.min(p.runsTotal, p.runsDone + fraction), {
        text: `${p.runsDone}/${p.runsTotal} runs | ${formatDuration(p.elapsedSeconds)} elapsed | about ${formatDuration(p.secondsLeft)} left`,
      });
      const err = Number.isFinite(p.testError) ? p.testError.toFixed(4) : '—';
      current.setTotal(p.budget);
      const what = p.pilot
        ? `${pointLabel(options.spec, p.run)}: η pilot ${p.pilot.index}/${p.pilot.of} (η = ${p.pilot.lr})`
        : `${pointLabel(options.spec, p.run)}, seed ${p.run.seed}`;
      current.update(p.samplesSeen, {
        text: `${what} | ${compactSamples(p.samplesSeen)}/${compactSamples(p.budget)} samples | testError ${err}`,
      });
    },
    runEnd(runsDone) {
      shares.fill(0);
      overall.update(runsDone, { text: `${runsDone}/${runsTotal} runs` });
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}

/** --refit: the stored runs summarized and fitted by the code as it is now; nothing trains. */
function refit(options: SweepOptions): number {
  const stored = options.refit;
  if (!stored) return 2;
  const { command, date, backend } = stored;
  const meta = {
    ...(command ? { command } : {}),
    ...(date ? { date } : {}),
    ...(backend ? { backend } : {}),
  };
  const result = buildSweepResult(
    options.spec,
    stored.runs as SweepRunRecord[],
    meta,
    stored.pilots as PilotRecord[],
  );
  writeOutputs(options, result);
  console.log(describeResult(result));
  if (options.out) console.log(`\nresult written to ${options.out}`);
  return 0;
}

async function main(options: SweepOptions): Promise<number> {
  if (options.refit) return refit(options);
  const { spec } = options;
  const b = spec.config.backend;
  const requested = b === 'webgpu' || b === 'webgl' ? 'auto' : b;
  const selection = await selectBackend(requested, NODE_LOADERS);
  const meta = { command: options.command, date: new Date().toISOString(), backend: selection.backend };
  console.error(describeSweep(spec, describeSelection(selection)));
  const { shard } = options;
  const plan = shard ? shardRuns(planSweep(spec), shard) : planSweep(spec);
  const shardMeta = {
    args: options.args,
    date: meta.date,
    backend: meta.backend,
    codeVersion: codeVersion(),
  };
  /** The result so far, or with --shard the shard file so far. */
  const save = (records: readonly SweepRunRecord[], pilots: readonly PilotRecord[]) => {
    if (!shard) return writeOutputs(options, buildSweepResult(spec, records, meta, pilots));
    const file = shardFile(spec, shard, plan, shardMeta, records, pilots);
    if (options.out) writeFileSync(options.out, JSON.stringify(file, null, 1) + '\n');
  };
  if (shard) console.error(`shard ${shard.index}/${shard.count}: ${plan.length} of the sweep's runs`);

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const runsTotal = plan.length;
  // One worker trains here with batches drawn ahead by data threads; more train in threads of their own.
  const workers = Math.min(options.workers, runsTotal);
  const data = workers === 1 ? startNodePrefetcher() : null;
  const threads = workers > 1 ? startRunThreads(workers, selection.backend) : null;
  const executors: RunExecutor[] = threads
    ? threads.executors
    : [localExecutor((run) => attachPrefetcher(data?.prefetcher, run))];
  if (workers > 1) console.error(`${workers} runs at a time, each in a worker thread`);
  const reporter = makeReporter(options, runsTotal, workers);
  let records: readonly SweepRunRecord[];
  let pilots: readonly PilotRecord[] = [];
  try {
    records = await runSweepPool(
      spec,
      executors,
      {
        onPilot: (pilot, all) => {
          pilots = all;
          const tried = pilot.tried
            .map((t) => `η ${t.lr}: ${t.diverged ? 'diverged' : (t.testError?.toFixed(4) ?? '—')}`)
            .join(', ');
          reporter.log(
            `pilot ${pointLabel(spec, { value: pilot.value, series: pilot.series ?? null })}: ${tried} → η = ${pilot.chosen}`,
          );
        },
        signal: controller.signal,
        onProgress: (p) => reporter.progress(p),
        onRunEnd: (record, all) => {
          reporter.runEnd(all.length);
          reporter.log(describeRun(spec, record));
          save(all, pilots);
        },
      },
      plan,
    );
  } finally {
    reporter.stop();
    process.off('SIGINT', onSigint);
    await data?.close();
    await threads?.close();
  }
  save(records, pilots);
  if (shard) {
    console.log(
      `shard ${shard.index}/${shard.count}: ${records.length} of ${plan.length} runs written to ${options.out}`,
    );
    if (controller.signal.aborted)
      console.error('\nStopped: the shard file is partial; run the shard again.');
    return controller.signal.aborted ? 130 : 0;
  }
  const result = buildSweepResult(spec, records, meta, pilots);
  console.log('');
  console.log(describeResult(result));
  if (options.out) console.log(`\nresult written to ${options.out}`);
  if (options.csv) console.log(`table written to ${options.csv}`);
  if (controller.signal.aborted) {
    console.error('\nStopped: the partial result above holds the runs that finished.');
    return 130;
  }
  return 0;
}

/** `merge part-*.json --out sweep.json`: exits 2 on bad arguments, 1 on parts that do not make one sweep. */
function merge(argv: string[]): number {
  const options = parseMergeArgs(argv);
  try {
    const result = runMerge(options);
    console.log(describeResult(result));
    if (options.out) console.log(`\nresult written to ${options.out}`);
    if (options.csv) console.log(`table written to ${options.csv}`);
    return 0;
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    console.error(`error: ${e.message}`);
    return 1;
  }
}

const argv = process.argv.slice(2);
let parsed: ReturnType<typeof parseSweepArgs> | 'merged' = 'merged';
try {
  if (argv[0] === 'merge') process.exitCode = merge(argv.slice(1));
  else parsed = parseSweepArgs(argv);
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`error: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
if (parsed === 'merged') {
  // merge has finished and set the exit code.
} else if (parsed === 'help') {
  console.log(sweepHelpText());
} else if (parsed === 'list') {
  for (const e of BUILT_IN_EXPERIMENTS) console.log(`${e.experiment.padEnd(20)} ${e.title ?? ''}`);
} else {
  main(parsed).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
