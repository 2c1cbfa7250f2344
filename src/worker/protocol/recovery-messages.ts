/**
 * The messages of the recovery protocol: checkpoints, heartbeats, restoring a run, rolling back a diverged run
 * and (for tests only) injecting faults. protocol.ts joins them into the `ToWorker` / `FromWorker` unions.
 *
 * Imported by the main thread: only type imports from the model layer (nothing that pulls in tfjs).
 */
import type { Baselines } from '../../model/baselines';
import type { Config } from '../../model/config';
import type { RunState } from '../../model/run-export';
import type { StudentWeights } from '../../model/student';
import type { Teacher } from '../../model/teacher';
import type { HistoryRow } from '../../model/run-history';

/**
 * Everything needed to continue a run elsewhere: the config, the current and initial weights (host copies) and
 * the progress counters. A parsed checkpoint file (`LoadedCheckpoint`) is one too.
 */
export interface RunSnapshot {
  config: Config;
  current: StudentWeights;
  initial: StudentWeights;
  state: RunState;
  /** Present when the teacher does not follow from the config's seed (a checkpoint file brought its own). */
  teacher?: Teacher;
}

/** Where a snapshot stands, for messages and buttons. */
export interface CheckpointPosition {
  step: number;
  samplesSeen: number;
}

// ---------------------------------------------------------------------------------------------------------
// Main thread → worker

/**
 * Installs a run from a snapshot. With `runId` set the run continues under that id (a restarted worker picks
 * up the run the page shows; the page drops its metric points after the snapshot). With `runId` null it is a
 * new run (an imported checkpoint): the worker answers with `runStarted` and the first metrics.
 */
export interface RestoreMessage {
  type: 'restore';
  snapshot: RunSnapshot;
  /** The metric history up to the snapshot (for the run export); may be empty. */
  history: HistoryRow[];
  runId: number | null;
  play: boolean;
  /** Said to the user in the `restored` answer (for example "the worker was restarted"). */
  reason: string;
}

/** Goes back to the worker's last finite checkpoint with learning rate `lr` (after a divergence). */
export interface RollbackMessage {
  type: 'rollback';
  lr: number;
  play: boolean;
}

/** Faults a test can inject; accepted only when the page was opened with `?test-hooks=1`. */
export type Fault =
  | 'nan' // the recurrent weights W become NaN before the next step
  | 'device-loss' // the WebGPU device is destroyed
  | 'context-loss' // the WebGL context is lost (WEBGL_lose_context)
  | 'data-worker' // a data worker throws
  | 'close' // the worker closes itself (self.close())
  | 'hang'; // the worker blocks its event loop for `ms` milliseconds

export interface InjectMessage {
  type: 'inject';
  fault: Fault;
  /** Duration of a `hang`. */
  ms?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Worker → main thread

/** Tensor memory of the worker, read between two chunks of steps (so no step temporaries are counted). */
export interface MemoryReading {
  numTensors: number;
  numBytes: number;
  /** GPU bytes held by the backend's buffer pools (null where the backend does not report it). */
  numBytesInGPUAllocated: number | null;
  step: number;
}

/** Sent about once a second while the worker's event loop is alive. */
export interface HeartbeatMessage {
  type: 'heartbeat';
  runId: number;
  status: 'starting' | 'running' | 'paused' | 'error';
  /** The longest the worker's event loop was blocked recently, so the page waits long enough. */
  blockMs: number;
  memory: MemoryReading | null;
  /** Training batches of this run drawn ahead by the data worker vs drawn by the trainer (null: no data worker). */
  prefetch: PrefetchCounts | null;
}

/** Batches of the current run taken ready from the data worker, and those the trainer drew itself. */
export interface PrefetchCounts {
  ready: number;
  drawnHere: number;
}

/**
 * The newest finite checkpoint, for the page to keep (it restarts a crashed worker from it). `initial` and
 * `teacher` come only with the first snapshot of a run (they do not change), and `history` holds only the rows
 * added since the previous snapshot; the page keeps and joins them.
 */
export interface SnapshotMessage {
  type: 'snapshot';
  runId: number;
  config: Config;
  state: RunState;
  current: StudentWeights;
  initial: StudentWeights | null;
  teacher: Teacher | null;
  history: HistoryRow[];
}

/**
 * The run went back to a checkpoint and goes on under the same id: the page drops metric points after
 * `samplesSeen` and shows `reason`. `config` is the run's config from now on (a rollback lowers lr).
 */
export interface RestoredMessage {
  type: 'restored';
  runId: number;
  config: Config;
  step: number;
  samplesSeen: number;
  reason: string;
  /** The run's baselines (SPEC §6): the restored run may be a new worker's, drawn again from the config. */
  baselines: Baselines;
}

/** The loss or the weights stopped being finite; the run is paused and the last finite checkpoint kept. */
export interface DivergedMessage {
  type: 'diverged';
  runId: number;
  /** What was not finite, in words. */
  what: string;
  step: number;
  samplesSeen: number;
  lr: number;
  /** The learning rate the one-click fix uses. */
  suggestedLr: number;
  checkpoint: CheckpointPosition | null;
}
