/**
 * The typed contract between the Experiments view and the sweep worker, which runs a learnability sweep one
 * training after another (src/model/sweep.ts) and reports progress and each finished run as it arrives.
 * Every message has a `type` tag and the `id` of the sweep it belongs to, so a late message of a cancelled
 * sweep is never taken for one of the next.
 *
 * The main thread imports this file: it may import only types from the model layer (no tfjs).
 */
import type { BackendName } from '../../model/backend';
import type { SweepProgress, SweepRunRecord } from '../../model/sweep';
import type { PlannedRun, SweepInput } from '../../model/sweep-spec';

// ---------------------------------------------------------------------------------------------------------
// Main thread → worker

/** Runs a sweep (validated again in the worker); its config's `backend` picks the backend. */
export interface RunSweepMessage {
  type: 'runSweep';
  id: number;
  input: SweepInput;
  /** Training workers (1: in the sweep worker itself; more: that many run workers). Default 1. */
  workers?: number;
}

/** Stops sweep `id` after the training step in progress; the runs that finished stay reported. */
export interface CancelSweepMessage {
  type: 'cancelSweep';
  id: number;
}

export type ToSweepWorker = RunSweepMessage | CancelSweepMessage;

// ---------------------------------------------------------------------------------------------------------
// Worker → main thread

/** The backend the sweep runs on, and why the ones before it were skipped (plain words). */
export interface SweepBackendMessage {
  type: 'sweepBackend';
  id: number;
  backend: BackendName;
  /** "wasm" or "wasm (webgpu: no WebGPU adapter was found; …)". */
  description: string;
}

/**
 * Where the sweep stands (model/sweep.ts SweepProgress), with the current run named by its place in the plan
 * instead of carrying its whole config.
 */
export type SweepProgressReport = Omit<SweepProgress, 'run'> & {
  /** 0-based index of the current run in the plan. */
  runIndex: number;
} & Pick<PlannedRun, 'value' | 'series' | 'seed'>;

/** Sent a few times a second while a run trains. */
export interface SweepProgressMessage {
  type: 'sweepProgress';
  id: number;
  progress: SweepProgressReport;
}

/** One run finished: its record (samplesToEps null when it missed ε within the budget). */
export interface SweepRunEndMessage {
  type: 'sweepRunEnd';
  id: number;
  record: SweepRunRecord;
  runsDone: number;
  runsTotal: number;
}

/** The sweep ended: every run finished, or it was cancelled (the finished runs were all reported). */
export interface SweepDoneMessage {
  type: 'sweepDone';
  id: number;
  cancelled: boolean;
  runsDone: number;
  seconds: number;
}

/** The sweep could not start or stopped with a problem; `message` says what and what to do. */
export interface SweepErrorMessage {
  type: 'sweepError';
  id: number;
  message: string;
}

export type FromSweepWorker =
  SweepBackendMessage | SweepProgressMessage | SweepRunEndMessage | SweepDoneMessage | SweepErrorMessage;

/** Progress messages per second at most: enough for smooth bars, few enough to cost nothing. */
export const SWEEP_PROGRESS_HZ = 8;
