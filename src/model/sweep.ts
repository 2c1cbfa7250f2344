/**
 * Runs a learnability sweep one run after another: each run trains until testError <= ε or its sample
 * budget is spent, with progress, an estimate of the time left, and each record handed over as it arrives
 * (sweep-result.ts turns the records into the result file). The CLI drives it now; the app's worker can
 * drive the same code, since nothing here touches the DOM or Node.
 */
import type { Config } from './config';
import type { PlannedRun, SweepValue } from './sweep-spec';
import { Run } from './run';
import { yieldPacer } from './yield';

/** What one run of a sweep produced. */
export interface RunOutcome {
  /**
   * First scheduled evaluation (eval-schedule.ts) with testError <= ε; null = censored (not reached in the
   * budget).
   */
  samplesToEps: number | null;
  /** testError at the last evaluation (at ε when the run stopped there); null if it was not finite. */
  finalTestError: number | null;
  samplesSeen: number;
  /** The loss became Inf or NaN; the run stopped and counts as censored. */
  diverged: boolean;
  seconds: number;
  /** Test error of the best linear map of the tokens on the run's test set (SPEC §6). */
  linearBaseline?: number;
}

export interface RunProgress {
  samplesSeen: number;
  /** Latest testError (NaN before the first evaluation). */
  testError: number;
}

export interface TrainToEpsOptions {
  /** Sample budget; the run takes ceil(budget / batch) steps at most. */
  budget: number;
  stopAtEps: boolean;
  /** Report progress every this many steps between evaluations. */
  progressEverySteps?: number;
  signal?: AbortSignal;
  /** Called with each run before its first step (the sweep worker gives it batches drawn ahead). */
  prepareRun?: (run: Run) => void;
}

/** Trains one fresh run of `config` until testError <= ε or the budget is spent, then frees it. */
export async function trainToEps(
  config: Config,
  options: TrainToEpsOptions,
  onProgress: (p: RunProgress) => void = () => {},
): Promise<RunOutcome> {
  const start = performance.now();
  const run = Run.create(config);
  options.prepareRun?.(run);
  const steps = Math.ceil(options.budget / config.batch);
  const every = options.progressEverySteps ?? 16;
  let testError = Number.NaN;
  let diverged = false;
  const pace = yieldPacer();
  try {
    while (run.state.step < steps && !options.signal?.aborted) {
      run.step();
      const seen = run.state.samplesSeen;
      // At the run's scheduled points (eval-schedule.ts), and once more at the end for finalTestError.
      if (run.evaluationDue() || run.state.step === steps) {
        const loss = await run.readTrainLoss();
        testError = (await run.evaluate()).testError;
        onProgress({ samplesSeen: seen, testError });
        if (!Number.isFinite(loss) || !Number.isFinite(testError)) {
          diverged = true;
          break;
        }
        if (options.stopAtEps && run.state.samplesToEps !== null) break;
      } else if (run.state.step % every === 0) {
        onProgress({ samplesSeen: seen, testError });
      }
      // Training steps are synchronous on the CPU backends: without pauses, timers, signals and worker
      // messages (progress redraws, Ctrl-C, a stop button, batches drawn ahead) would wait for the whole run.
      await pace();
    }
    return {
      samplesToEps: diverged ? null : run.state.samplesToEps,
      finalTestError: Number.isFinite(testError) ? testError : null,
      samplesSeen: run.state.samplesSeen,
      diverged,
      seconds: (performance.now() - start) / 1000,
      linearBaseline: Number(run.baselines.linear.toPrecision(6)),
    };
  } finally {
    run.dispose();
  }
}

/** One finished run in a sweep result. */
export interface SweepRunRecord extends RunOutcome {
  value: SweepValue;
  /** Present only in a sweep with series. */
  series?: SweepValue;
  seed: number;
  /** The learning rate the run used, when the sweep's lrRule chose it. */
  lr?: number;
}

/** The pilots of one point under an lrRule, and the η they chose. */
export interface PilotRecord {
  value: SweepValue;
  series?: SweepValue;
  chosen: number;
  tried: { lr: number; testError: number | null; diverged: boolean }[];
}

/**
 * The lrRule's choice for one point from its pilots (one per η of the grid, pilotSeed, pilotSamples): the η
 * with the lowest final test error; diverged or non-finite pilots count as +∞, ties go to the smaller η (the
 * grid is ascending), and when every pilot diverges the smallest η is taken.
 */
export function chooseLr(grid: readonly number[], tried: PilotRecord['tried']): number {
  const score = (t: PilotRecord['tried'][number]) => t.testError ?? Number.POSITIVE_INFINITY;
  let best = tried[0];
  for (const t of tried) if (best && score(t) < score(best)) best = t;
  return best && Number.isFinite(score(best)) ? best.lr : (grid[0] as number);
}

/** The key that tells runs of one curve point apart from others (value, and series when there is one). */
export function pointKey(value: SweepValue, series: SweepValue | null | undefined): string {
  return JSON.stringify([series ?? null, value]);
}

/** Which η pilot is training (1-based `index` of `of`), with its η and seed. */
export interface PilotProgress {
  lr: number;
  index: number;
  of: number;
  seed: number;
}

/** Where a sweep stands, for progress bars: overall and within the current run. */
export interface SweepProgress {
  run: PlannedRun;
  runsDone: number;
  runsTotal: number;
  samplesSeen: number;
  budget: number;
  testError: number;
  elapsedSeconds: number;
  /** Estimated seconds until the whole sweep ends (NaN before anything can be estimated). */
  secondsLeft: number;
  /** Set while a pilot of the current point trains; samplesSeen and budget are then the pilot's. */
  pilot?: PilotProgress;
  /** Which of the pool's executors trains this run (0-based), of `slots` (sweep-pool.ts). */
  slot?: number;
  slots?: number;
}

/**
 * Seconds left: each remaining run is expected to cost the mean time of finished runs at its point (or of
 * all finished runs when its value has none yet); the current run's share is its expectation minus its
 * elapsed time, or, with nothing to compare, its elapsed time scaled by the budget still unspent.
 */
export function estimateSecondsLeft(
  finished: readonly { key: string; seconds: number }[],
  remaining: readonly string[],
  current: { key: string; elapsedSeconds: number; budgetFraction: number },
): number {
  return estimatePoolSecondsLeft(finished, remaining, [current], 1);
}

/**
 * Seconds left with `workers` training at once: the runs in flight (`current`) each leave their share
 * (as in estimateSecondsLeft), the queued ones their expectation; the whole is shared by the workers, but the
 * sweep cannot end before the longest run in flight does.
 */
export function estimatePoolSecondsLeft(
  finished: readonly { key: string; seconds: number }[],
  remaining: readonly string[],
  current: readonly { key: string; elapsedSeconds: number; budgetFraction: number }[],
  workers: number,
): number {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const overall = mean(finished.map((f) => f.seconds));
  const expected = (key: string) => {
    const same = mean(finished.filter((f) => f.key === key).map((f) => f.seconds));
    return Number.isNaN(same) ? overall : same;
  };
  const shares = current.map((c) => {
    const f = Math.min(Math.max(c.budgetFraction, 1e-6), 1);
    let left = expected(c.key) - c.elapsedSeconds;
    if (Number.isNaN(left)) left = (c.elapsedSeconds * (1 - f)) / f;
    return Math.max(0, left);
  });
  const inFlight = shares.reduce((a, b) => a + b, 0);
  const rest = remaining.reduce((sum, v) => sum + expected(v), 0);
  if (remaining.length && Number.isNaN(rest)) return Number.NaN;
  const longest = shares.length ? Math.max(...shares) : 0;
  return Math.max(longest, (inFlight + rest) / Math.max(1, workers));
}

export interface SweepHooks {
  onProgress?: (p: SweepProgress) => void;
  /** After the pilots of a point (sweeps with an lrRule), with every pilot record so far. */
  onPilot?: (pilot: PilotRecord, pilots: readonly PilotRecord[]) => void;
  /** After each run, with every record so far: partial results appear as they arrive. */
  onRunEnd?: (record: SweepRunRecord, records: readonly SweepRunRecord[]) => void;
  signal?: AbortSignal;
  prepareRun?: (run: Run) => void;
}
