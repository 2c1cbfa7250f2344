/**
 * The sweep's scheduler: hands the planned runs (and, under an lrRule, each point's η pilots) to a pool of
 * executors, one task per executor at a time, and gathers the records in plan order. Every task is a fresh,
 * seeded training (trainToEps) that shares nothing with the others, so the records are the same whatever the
 * pool size, and one executor runs the same tasks in the same order as a sweep always has.
 *
 * Order of the queue: the plan's runs in order, each point's η pilots (one task per η of the grid) just before
 * its first run. An idle executor takes the first task that can start: a pilot always can; a run under an
 * lrRule waits until every pilot of its point has finished and the η is chosen. An executor that is lost (its
 * worker crashed, ExecutorLost) puts its task back and leaves the pool; the sweep fails only when none is left.
 *
 * Executors: `localExecutor` trains on this thread; src/worker/sweep/run-executor.ts trains in another worker
 * (the browser's run workers, the CLI's worker threads).
 */
import type { Config } from './config';
import {
  chooseLr,
  estimatePoolSecondsLeft,
  pointKey,
  trainToEps,
  type PilotRecord,
  type RunOutcome,
  type RunProgress,
  type SweepHooks,
  type SweepProgress,
  type SweepRunRecord,
} from './sweep';
import { planSweep, type PlannedRun, type SweepSpec } from './sweep-spec';
import type { Run } from './run';

/** One training of a sweep: a run at its point, or an η pilot. */
export interface TrainTask {
  config: Config;
  budget: number;
  stopAtEps: boolean;
}

/** Trains tasks, one at a time. */
export interface RunExecutor {
  train(task: TrainTask, signal: AbortSignal, onProgress: (p: RunProgress) => void): Promise<RunOutcome>;
}

/** Thrown by an executor that can train no more (its worker is gone): its task goes to another executor. */
export class ExecutorLost extends Error {
  override name = 'ExecutorLost';
}

/** Trains on this thread (with batches drawn ahead by `prepareRun`'s prefetcher, when given). */
export function localExecutor(prepareRun?: (run: Run) => void): RunExecutor {
  return {
    train: (task, signal, onProgress) =>
      trainToEps(
        task.config,
        { budget: task.budget, stopAtEps: task.stopAtEps, signal, ...(prepareRun ? { prepareRun } : {}) },
        onProgress,
      ),
  };
}

interface Job {
  kind: 'pilot' | 'run';
  /** The run (for a pilot, its point's first run in the plan). */
  run: PlannedRun;
  /** Place in the plan (for a pilot, its point's first run's). */
  position: number;
  key: string;
  /** For a pilot: its place in the grid and its η. */
  k?: number;
  lr?: number;
}

/** What progress reports say about a task in flight. */
interface InFlight {
  job: Job;
  start: number;
  fraction: number;
}

/**
 * Runs the planned runs (`plan`: all of planSweep, or one shard's slice of it, see sweep-shard.ts) on the
 * executors; returns the records in plan order (fewer than planned if aborted). Progress reports carry the
 * executor's `slot`; `onRunEnd` and `onPilot` get every record so far, in plan order.
 */
export async function runSweepPool(
  spec: SweepSpec,
  executors: readonly RunExecutor[],
  hooks: SweepHooks = {},
  plan: readonly PlannedRun[] = planSweep(spec),
): Promise<SweepRunRecord[]> {
  if (executors.length === 0) throw new Error('runSweepPool: no executors');
  const rule = spec.lrRule;
  const queue: Job[] = [];
  const pointOrder = new Map<string, number>();
  for (const [position, run] of plan.entries()) {
    const key = pointKey(run.value, run.series);
    if (!pointOrder.has(key)) {
      pointOrder.set(key, pointOrder.size);
      if (rule) rule.grid.forEach((lr, k) => queue.push({ kind: 'pilot', run, position, key, k, lr }));
    }
    queue.push({ kind: 'run', run, position, key });
  }
  const records = new Map<number, SweepRunRecord>();
  const pilots = new Map<string, PilotRecord>();
  const tried = new Map<string, (PilotRecord['tried'][number] | undefined)[]>();
  const chosenLr = new Map<string, number>();
  const finished: { key: string; seconds: number }[] = [];
  const inFlight = new Map<number, InFlight>();
  const sweepStart = performance.now();
  let alive = executors.length;
  let failure: unknown = null;

  // Stops the tasks in flight on a cancel from outside or on a failure here.
  const stop = new AbortController();
  const outside = hooks.signal;
  let wake = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    const w = wake;
    changed = new Promise<void>((resolve) => (wake = resolve));
    w();
  };
  const onOutsideAbort = () => {
    stop.abort();
    notify();
  };
  if (outside?.aborted) stop.abort();
  outside?.addEventListener('abort', onOutsideAbort);

  const inPlanOrder = () => [...records.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  const pilotsInOrder = () =>
    [...pilots.entries()]
      .sort((a, b) => (pointOrder.get(a[0]) ?? 0) - (pointOrder.get(b[0]) ?? 0))
      .map(([, p]) => p);
  const ready = (job: Job) => job.kind === 'pilot' || !rule || chosenLr.has(job.key);
  /** Back in the queue at its first place (by plan position, a point's pilots in grid order before its run). */
  const rank = (j: Job) => [j.position, j.kind === 'pilot' ? 0 : 1, j.k ?? 0] as const;
  const before = (a: Job, b: Job) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] !== y[0] ? x[0] < y[0] : x[1] !== y[1] ? x[1] < y[1] : x[2] < y[2];
  };
  const putBack = (job: Job) => {
    const at = queue.findIndex((j) => before(job, j));
    if (at < 0) queue.push(job);
    else queue.splice(at, 0, job);
  };

  const taskOf = (job: Job): TrainTask =>
    job.kind === 'pilot'
      ? {
          config: { ...job.run.config, lr: job.lr as number, seed: rule?.pilotSeed ?? 0 },
          budget: rule?.pilotSamples ?? 0,
          stopAtEps: false,
        }
      : {
          config: rule ? { ...job.run.config, lr: chosenLr.get(job.key) as number } : job.run.config,
          budget: spec.budget,
          stopAtEps: spec.stopAtEps,
        };

  const report = (slot: number, job: Job, task: TrainTask, p: RunProgress) => {
    const now = performance.now();
    const entry = inFlight.get(slot);
    if (entry) entry.fraction = p.samplesSeen / task.budget;
    const progress: SweepProgress = {
      run: job.run,
      runsDone: records.size,
      runsTotal: plan.length,
      samplesSeen: p.samplesSeen,
      budget: task.budget,
      testError: p.testError,
      elapsedSeconds: (now - sweepStart) / 1000,
      secondsLeft: Number.NaN,
      slot,
      slots: executors.length,
    };
    if (job.kind === 'pilot') {
      progress.pilot = {
        lr: job.lr as number,
        index: (job.k as number) + 1,
        of: rule?.grid.length ?? 0,
        seed: rule?.pilotSeed ?? 0,
      };
    } else {
      const current = [...inFlight.values()]
        .filter((f) => f.job.kind === 'run')
        .map((f) => ({
          key: f.job.key,
          elapsedSeconds: (now - f.start) / 1000,
          budgetFraction: f.fraction,
        }));
      const remaining = queue.filter((j) => j.kind === 'run').map((j) => j.key);
      progress.secondsLeft = estimatePoolSecondsLeft(finished, remaining, current, alive);
    }
    hooks.onProgress?.(progress);
  };

  const settle = (job: Job, task: TrainTask, outcome: RunOutcome) => {
    if (job.kind === 'pilot') {
      const grid = rule?.grid ?? [];
      const list = tried.get(job.key) ?? new Array<PilotRecord['tried'][number] | undefined>(grid.length);
      list[job.k as number] = {
        lr: job.lr as number,
        testError: outcome.diverged ? null : outcome.finalTestError,
        diverged: outcome.diverged,
      };
      tried.set(job.key, list);
      const all = list.filter((t) => t !== undefined);
      if (all.length === grid.length) {
        const run = job.run;
        const pilot: PilotRecord = {
          value: run.value,
          ...(run.series !== null ? { series: run.series } : {}),
          chosen: chooseLr(grid, all),
          tried: all,
        };
        pilots.set(job.key, pilot);
        chosenLr.set(job.key, pilot.chosen);
        hooks.onPilot?.(pilot, pilotsInOrder());
      }
      return;
    }
    const run = job.run;
    const record: SweepRunRecord = {
      value: run.value,
      ...(run.series !== null ? { series: run.series } : {}),
      seed: run.seed,
      ...(rule ? { lr: task.config.lr } : {}),
      ...outcome,
      // Centiseconds are plenty for a table and keep result files readable.
      seconds: Math.round(outcome.seconds * 100) / 100,
    };
    records.set(job.position, record);
    finished.push({ key: job.key, seconds: outcome.seconds });
    hooks.onRunEnd?.(record, inPlanOrder());
  };

  const loop = async (executor: RunExecutor, slot: number): Promise<void> => {
    for (;;) {
      if (stop.signal.aborted) return;
      const at = queue.findIndex(ready);
      if (at < 0) {
        if (queue.length === 0) return;
        await changed;
        continue;
      }
      const [job] = queue.splice(at, 1) as [Job];
      const task = taskOf(job);
      inFlight.set(slot, { job, start: performance.now(), fraction: 0 });
      let outcome: RunOutcome;
      try {
        outcome = await executor.train(task, stop.signal, (p) => report(slot, job, task, p));
      } catch (e) {
        inFlight.delete(slot);
        if (e instanceof ExecutorLost && !stop.signal.aborted) {
          alive -= 1;
          putBack(job);
          if (alive === 0) {
            failure = e;
            stop.abort();
          }
        } else if (!stop.signal.aborted) {
          failure = e;
          stop.abort();
        }
        notify();
        return;
      }
      inFlight.delete(slot);
      // A task cut short by a cancel is not a result.
      if (stop.signal.aborted) return;
      settle(job, task, outcome);
      notify();
    }
  };

  try {
    await Promise.all(executors.map((executor, slot) => loop(executor, slot)));
  } finally {
    outside?.removeEventListener('abort', onOutsideAbort);
  }
  if (failure !== null) throw failure;
  return inPlanOrder();
}

/** Runs the planned runs one after another on this thread (the pool with one local executor). */
export function runSweep(
  spec: SweepSpec,
  hooks: SweepHooks = {},
  plan: readonly PlannedRun[] = planSweep(spec),
): Promise<SweepRunRecord[]> {
  return runSweepPool(spec, [localExecutor(hooks.prepareRun)], hooks, plan);
}
