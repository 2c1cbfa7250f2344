/**
 * The live metrics of the current run, outside React: bounded, downsampling series fed by the worker's
 * `metrics` messages, plus the newest snapshot of each heavy view. Charts subscribe and redraw at most once per
 * animation frame; React never holds these arrays in state.
 */
import type {
  InfluenceSnapshot,
  MetricsMessage,
  PredictionSnapshot,
  TrajectorySnapshot,
} from '../worker/protocol/training-protocol';
import { DownsamplingBuffer, finiteMean, type MergeRows } from './ring-buffer';

/** Rows kept per series (the older half is thinned when full). */
export const REPORT_CAPACITY = 4096;
export const POSITION_CAPACITY = 512;
export const LAZY_CAPACITY = 1024;

/** Report columns: samples, trainLoss, testError. */
export const REPORT = { samples: 0, trainLoss: 1, testError: 2 } as const;
/** Lazy columns: samples then the four lazy-training metrics. */
export const LAZY = {
  samples: 0,
  weightMovementFrobenius: 1,
  weightMovementSpectral: 2,
  patternFlips: 3,
  linearizationGap: 4,
} as const;

/**
 * Two report rows become one that keeps an evaluated test error when either row has one (evaluations are
 * sparser than reports, so picking blindly could drop them all) and averages the two training losses.
 */
export const mergeReportRows: MergeRows = (out, a, b) => {
  const keep = Number.isFinite(a[REPORT.testError]) || !Number.isFinite(b[REPORT.testError]) ? a : b;
  const loss = finiteMean(a[REPORT.trainLoss] as number, b[REPORT.trainLoss] as number);
  out.set(keep);
  out[REPORT.trainLoss] = loss;
};

export type MetricsListener = () => void;

export class MetricSeries {
  runId = -1;
  /** Target positions J of the current run (the columns of testErrorByPosition). */
  positions: number[] = [];
  readonly report = new DownsamplingBuffer(3, REPORT_CAPACITY, mergeReportRows);
  byPosition = new DownsamplingBuffer(1, POSITION_CAPACITY);
  readonly lazy = new DownsamplingBuffer(5, LAZY_CAPACITY);
  influence: InfluenceSnapshot | null = null;
  trajectories: TrajectorySnapshot | null = null;
  predictions: PredictionSnapshot | null = null;
  /** Messages applied so far (for tests and the update-rate benchmark). */
  applied = 0;
  private readonly listeners = new Set<MetricsListener>();

  subscribe(listener: MetricsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Clears everything for a new run. */
  startRun(runId: number, positions: number[]): void {
    this.runId = runId;
    this.positions = [...positions];
    this.report.clear();
    this.byPosition = new DownsamplingBuffer(1 + positions.length, POSITION_CAPACITY);
    this.lazy.clear();
    this.influence = null;
    this.trajectories = null;
    this.predictions = null;
    this.notify();
  }

  /** Appends a batch of new points; ignores batches of an older run. Returns whether it applied. */
  apply(msg: MetricsMessage): boolean {
    if (msg.runId !== this.runId) return false;
    const { report, positions, lazy } = msg;
    if (report) {
      for (let i = 0; i < report.samples.length; i++)
        this.report.push([
          report.samples[i] as number,
          report.trainLoss[i] as number,
          report.testError[i] as number,
        ]);
    }
    if (positions) {
      const w = this.positions.length;
      const row = new Float64Array(1 + w);
      for (let i = 0; i < positions.samples.length; i++) {
        row[0] = positions.samples[i] as number;
        row.set(positions.byPosition.subarray(i * w, (i + 1) * w), 1);
        this.byPosition.push(row);
      }
    }
    if (lazy) {
      for (let i = 0; i < lazy.samples.length; i++)
        this.lazy.push([
          lazy.samples[i] as number,
          lazy.weightMovementFrobenius[i] as number,
          lazy.weightMovementSpectral[i] as number,
          lazy.patternFlips[i] as number,
          lazy.linearizationGap[i] as number,
        ]);
    }
    if (msg.influence) this.influence = msg.influence;
    if (msg.trajectories) this.trajectories = msg.trajectories;
    if (msg.predictions) this.predictions = msg.predictions;
    this.applied += 1;
    this.notify();
    return true;
  }

  /** The newest finite test error, or null. */
  latestTestError(): number | null {
    for (let i = this.report.length - 1; i >= 0; i--) {
      const v = this.report.get(i, REPORT.testError);
      if (Number.isFinite(v)) return v;
    }
    return null;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
