/**
 * The one typed contract between the main thread and the training worker. Every message is an interface with a
 * `type` tag; `ToWorker` and `FromWorker` are the unions each side accepts. Both threads import this file, so a
 * change to a message is a compile error on the side that forgot it.
 *
 * This file is imported by the main thread: it may only import model files that do not pull in tfjs
 * (fields.ts, config.ts) and types.
 */
import type { BackendMeasurement } from '../../model/backend-race';
import type { Baselines } from '../../model/baselines';
import type { BackendChoice, Config } from '../../model/config';
import type { FieldKey } from '../../model/fields';
import type { TraceStep } from '../../model/sequence-trace';
import { snapshotBuffers } from './snapshot-buffers';
import {
  ROW_METRIC_KEYS,
  SNAPSHOT_METRIC_KEYS,
  SNAPSHOT_METRICS,
  type RowMetric,
  type RowPoints,
  type SnapshotMetric,
} from './metric-table';
import type {
  DivergedMessage,
  HeartbeatMessage,
  InjectMessage,
  RestoreMessage,
  RestoredMessage,
  RollbackMessage,
  SnapshotMessage,
} from './recovery-messages';

// ---------------------------------------------------------------------------------------------------------
// Main thread → worker

/** Creates a run from `config` (replacing any current one) and, when `play` is true, starts training. */
export interface StartMessage {
  type: 'start';
  config: Config;
  play: boolean;
}

/** Stops the loop after the step in progress; the run and its metrics stay. */
export interface PauseMessage {
  type: 'pause';
}

/** Continues training the current run. */
export interface ResumeMessage {
  type: 'resume';
}

/** Exactly one SGD step (pausing first if the loop runs), then fresh metrics. */
export interface StepMessage {
  type: 'step';
}

/** Starts the run again from step 0 with the same config; `seed` replaces the seed when given. Stays paused. */
export interface ResetMessage {
  type: 'reset';
  seed?: number;
}

/**
 * A new complete config. Fields in LIVE_KEYS apply to the running run; any other changed field restarts it
 * (the worker answers with `configApplied` saying which happened).
 */
export interface UpdateConfigMessage {
  type: 'updateConfig';
  config: Config;
}

/** Probe sequences a user can pick for the prediction chart (PROBE_COUNT in src/model/run.ts; a test checks). */
export const PREDICTION_PROBES = 8;

/** What the worker should compute for the views that depend on a selection. */
export interface ViewOptions {
  /** Index of the probe sequence shown in the prediction chart (0-based, < PROBE_COUNT). */
  probe: number;
  /**
   * A PCA projection choice of the former trajectory chart (`current` or `initial` basis). The hidden-state
   * chart now shows token memory, which has no projection: nothing reads this any more.
   */
  basis: 'current' | 'initial';
}

export interface SetViewMessage {
  type: 'setView';
  view: ViewOptions;
}

export type ExportKind = 'run' | 'checkpoint';

/** Asks for a run export or a checkpoint of the current weights; answered by `exported` with the same id. */
export interface ExportMessage {
  type: 'export';
  kind: ExportKind;
  requestId: number;
}

/**
 * Asks for the step-through trace of probe sequence `probe` (0-based) on the current weights (issue 17);
 * answered by `traced` with the same id. It does not pause or change the run.
 */
export interface TraceMessage {
  type: 'trace';
  probe: number;
  requestId: number;
}

export type ToWorker =
  | StartMessage
  | PauseMessage
  | ResumeMessage
  | StepMessage
  | ResetMessage
  | UpdateConfigMessage
  | SetViewMessage
  | ExportMessage
  | TraceMessage
  | RestoreMessage
  | RollbackMessage
  | InjectMessage;

// ---------------------------------------------------------------------------------------------------------
// Worker → main thread

export type BackendName = Exclude<BackendChoice, 'auto'>;

/** The backend in use and why each backend tried before it was skipped. */
export interface BackendMessage {
  type: 'backend';
  backend: BackendName;
  skipped: { backend: BackendName; reason: string }[];
  /** The software rasteriser under the GPU backend in use (SwiftShader, llvmpipe, …), or null. */
  emulatedBy: string | null;
  /** Whether the page is cross-origin isolated (wasm threads need it). */
  crossOriginIsolated: boolean;
  /** Under `auto`: the rates that chose the backend (null when it was named, or after a loss). */
  measured: MeasuredBackends | null;
}

/** The measurement behind an automatic choice; `remembered` when it was made on an earlier visit. */
export interface MeasuredBackends extends BackendMeasurement {
  remembered: boolean;
}

export type RunStatus = 'starting' | 'running' | 'paused' | 'error';

/** Sent when the loop starts or stops, and when a run is created. */
export interface StatusMessage {
  type: 'status';
  status: RunStatus;
  /** Identifies the run; it changes on every start, reset and restart, and metrics carry it. */
  runId: number;
}

/** A new run exists: the receiver clears its buffers for `runId`. */
export interface RunStartedMessage {
  type: 'runStarted';
  runId: number;
  config: Config;
  /** The target positions J (1-based): the columns of testErrorByPosition. */
  positions: number[];
  /** The zero, constant and linear baselines on this run's test set (SPEC §6). */
  baselines: Baselines;
}

/** Which fields of an `updateConfig` applied live and which restarted the run. */
export interface ConfigAppliedMessage {
  type: 'configApplied';
  live: FieldKey[];
  restart: FieldKey[];
}

/** New rows of the row metrics (src/worker/protocol/metric-table.ts says what each column is). */
export type ReportPoints = RowPoints<'report'>;
export type PositionPoints = RowPoints<'positions'>;
export type LazyPoints = RowPoints<'lazy'>;

/** Influence maps, row-major [L, L]; entry (i-1)*L + (j-1) is input position i → output position j. */
export interface InfluenceSnapshot {
  samples: number;
  L: number;
  /** Probe sequences the maps average over. */
  probes: number;
  student: Float64Array;
  teacher: Float64Array;
}

/**
 * The hidden-state chart's snapshot: what h_l keeps of each followed token i, memory(i, l) of
 * src/model/token-memory.ts, now and at the initial weights W_0.
 */
export interface TrajectorySnapshot {
  samples: number;
  probes: number;
  L: number;
  /** Token positions i followed (1-based). */
  tokens: number[];
  /** Row-major [tokens.length, L]: memory(tokens[t], l) at entry t·L + (l − 1); NaN for l < tokens[t]. */
  memory: Float64Array;
  /** The same on the initial weights W_0 (the random network the run started from). */
  memoryAtInit: Float64Array;
}

/** Student output and target for one probe sequence at every position in J. */
export interface PredictionSnapshot {
  samples: number;
  probe: number;
  positions: number[];
  d: number;
  predicted: Float64Array;
  target: Float64Array;
}

/**
 * Gradients through time (src/model/gradient-flow.ts): ‖δ_l‖ for l = 1..L, the signal a unit error at the
 * last output leaves at position l, the mean over the probe sequences, now and at the initial weights W_0.
 */
export interface GradientSnapshot {
  samples: number;
  probes: number;
  L: number;
  /** ‖δ_l‖ at entry l − 1, on the current weights. */
  norms: Float64Array;
  /** The same on W_0. */
  normsAtInit: Float64Array;
}

/** Counters and rates for the status bar. */
export interface Progress {
  step: number;
  samplesSeen: number;
  samplesToEps: number | null;
  stepsPerSecond: number;
  samplesPerSecond: number;
  /** Heavy metrics ride on every `heavyEvery`-th evaluation; `heavyFraction` is the share of time they took. */
  heavyEvery: number;
  heavyFraction: number;
  /** Share of time spent evaluating the test set so far. */
  evalFraction: number;
  /** testError of a perfect predictor under label noise (σ² over the mean squared target); null when σ = 0. */
  noiseFloor: number | null;
  /** Mean squared target over the test set (the denominator of testError); null before the first evaluation. */
  targetScale: number | null;
}

/** The snapshot metrics' types, by name (the table lists which of their arrays travel). */
export interface Snapshots {
  influence: InfluenceSnapshot;
  trajectories: TrajectorySnapshot;
  predictions: PredictionSnapshot;
  gradients: GradientSnapshot;
}
// The table's array names are arrays of these types (a wrong name does not compile).
const _snapshotArrays: { readonly [K in SnapshotMetric]: readonly (keyof Snapshots[K])[] } = SNAPSHOT_METRICS;

/**
 * One batch of new metric points (at most about 20 a second): the rows of each row metric produced since the
 * previous batch (null: none) and the newest snapshot of each snapshot metric (null: none new). The typed arrays
 * are transferred, not copied.
 */
export type MetricsMessage = {
  type: 'metrics';
  runId: number;
  progress: Progress;
} & { [K in RowMetric]: RowPoints<K> | null } & { [K in SnapshotMetric]: Snapshots[K] | null };

/** The answer to `export`: the file text, ready to save, or why it could not be made. */
export interface ExportedMessage {
  type: 'exported';
  requestId: number;
  kind: ExportKind;
  fileName: string;
  text: string;
  /** null on success; otherwise a plain sentence (and `text` is empty). */
  error: string | null;
}

/** The answer to `trace`: one probe sequence, position by position, on the weights of step `step`. */
export interface TracedMessage {
  type: 'traced';
  requestId: number;
  /** The run traced (0 when there was none) and where it stood. */
  runId: number;
  step: number;
  samples: number;
  probe: number;
  L: number;
  /** Target positions J (1-based). */
  targets: number[];
  /** Fraction of the hidden states' variance on PC1 and PC2 (the plane h_l is projected on). */
  explained: number[];
  steps: TraceStep[];
  /** null on success; otherwise a plain sentence (and `steps` is empty). */
  error: string | null;
}

/** The answer to `trace` when there is no trace to give: `error` says why. */
export function failedTrace(requestId: number, probe: number, runId: number, error: string): TracedMessage {
  const none = { L: 0, targets: [], explained: [], steps: [] };
  return { type: 'traced', requestId, runId, step: 0, samples: 0, probe, ...none, error };
}

/** Something went wrong; `message` says what happened and what to do. */
export interface ErrorMessage {
  type: 'error';
  message: string;
  /** True when the run cannot continue (the status is then `error`). */
  fatal: boolean;
}

export type FromWorker =
  | BackendMessage
  | StatusMessage
  | RunStartedMessage
  | ConfigAppliedMessage
  | MetricsMessage
  | ExportedMessage
  | TracedMessage
  | ErrorMessage
  | HeartbeatMessage
  | SnapshotMessage
  | RestoredMessage
  | DivergedMessage;

// ---------------------------------------------------------------------------------------------------------
// Shared rules

/** The typed arrays of a message, for `postMessage(msg, transferables(msg))`. */
export function transferables(msg: FromWorker): ArrayBuffer[] {
  // Snapshots carry fresh copies of the weights, made to be moved.
  if (msg.type === 'snapshot') return snapshotBuffers(msg);
  if (msg.type !== 'metrics') return [];
  const buffers: ArrayBuffer[] = [];
  const add = (a: Float64Array | null | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer && !buffers.includes(a.buffer)) buffers.push(a.buffer);
  };
  for (const metric of ROW_METRIC_KEYS) {
    const group = msg[metric];
    if (group) for (const column of Object.values(group)) add(column);
  }
  for (const metric of SNAPSHOT_METRIC_KEYS) {
    const snapshot = msg[metric] as Record<string, unknown> | null;
    if (snapshot) for (const name of SNAPSHOT_METRICS[metric]) add(snapshot[name] as Float64Array);
  }
  return buffers;
}
