/**
 * The typed contract between a sweep's scheduler (sweep-pool.ts, in the sweep worker or the CLI) and one
 * run worker of its pool: train one task (a run or an η pilot) on the backend named, report progress a few
 * times a second, answer with the outcome. Every message carries the task's `id`.
 */
import type { BackendName } from '../../model/backend';
import type { RunOutcome, RunProgress } from '../../model/sweep';
import type { TrainTask } from '../../model/sweep-pool';

export interface TrainMessage {
  type: 'train';
  id: number;
  /** The backend the scheduler's own selection chose: every run of a sweep trains on the same one. */
  backend: BackendName;
  task: TrainTask;
}

export interface CancelTrainMessage {
  type: 'cancelTrain';
  id: number;
}

export type ToRunWorker = TrainMessage | CancelTrainMessage;

export interface TrainProgressMessage {
  type: 'trainProgress';
  id: number;
  progress: RunProgress;
}

export interface TrainedMessage {
  type: 'trained';
  id: number;
  outcome: RunOutcome;
}

/** The task could not train here (the backend asked for is not available, or the training threw). */
export interface TrainFailedMessage {
  type: 'trainFailed';
  id: number;
  message: string;
  /** The worker cannot train any task (its backend failed): the scheduler gives the task to another. */
  lost: boolean;
}

/** Said by the scheduler's side when the worker itself failed (it crashed or could not load). */
export interface RunWorkerLostMessage {
  type: 'runWorkerLost';
  message: string;
}

export type FromRunWorker = TrainProgressMessage | TrainedMessage | TrainFailedMessage | RunWorkerLostMessage;

/** Progress messages per second per task at most (the first of each task always goes). */
export const RUN_PROGRESS_HZ = 8;
