/**
 * Collects the metric points produced since the last message and packs them into one `metrics` message with
 * fresh typed arrays (which the worker then transfers). Only new points are ever sent.
 */
import type {
  InfluenceSnapshot,
  LazyPoints,
  MetricsMessage,
  PositionPoints,
  PredictionSnapshot,
  Progress,
  ReportPoints,
  TrajectorySnapshot,
} from '../protocol/training-protocol';

/** Shortest gap between two metrics messages: at most 20 a second. */
export const MIN_MESSAGE_INTERVAL_MS = 50;

export interface LazyRow {
  samples: number;
  weightMovementFrobenius: number;
  weightMovementSpectral: number;
  patternFlips: number;
  linearizationGap: number;
}

export class MetricBatcher {
  private reportSamples: number[] = [];
  private reportLoss: number[] = [];
  private reportTest: number[] = [];
  private positionSamples: number[] = [];
  private positionRows: number[][] = [];
  private lazyRows: LazyRow[] = [];
  private influence: InfluenceSnapshot | null = null;
  private trajectories: TrajectorySnapshot | null = null;
  private predictions: PredictionSnapshot | null = null;

  /** A report row; `testError` is NaN when the test set was not evaluated for it. */
  addReport(samples: number, trainLoss: number, testError: number): void {
    const last = this.reportSamples.length - 1;
    // An evaluation right after a report at the same sample count fills that row instead of adding one.
    if (last >= 0 && this.reportSamples[last] === samples) {
      if (Number.isFinite(trainLoss)) this.reportLoss[last] = trainLoss;
      if (Number.isFinite(testError)) this.reportTest[last] = testError;
      return;
    }
    this.reportSamples.push(samples);
    this.reportLoss.push(trainLoss);
    this.reportTest.push(testError);
  }

  addPositions(samples: number, byPosition: readonly number[]): void {
    this.positionSamples.push(samples);
    this.positionRows.push([...byPosition]);
  }

  addLazy(row: LazyRow): void {
    this.lazyRows.push(row);
  }

  /** Snapshots replace any not yet sent: only the newest matters. */
  setInfluence(s: InfluenceSnapshot): void {
    this.influence = s;
  }
  setTrajectories(s: TrajectorySnapshot): void {
    this.trajectories = s;
  }
  setPredictions(s: PredictionSnapshot): void {
    this.predictions = s;
  }

  /** Drops everything pending (a new run starts). */
  clear(): void {
    this.take();
  }

  /** Builds the message of everything pending and empties the batch. */
  take(runId: number, progress: Progress): MetricsMessage;
  take(): null;
  take(runId?: number, progress?: Progress): MetricsMessage | null {
    const report: ReportPoints | null = this.reportSamples.length
      ? {
          samples: Float64Array.from(this.reportSamples),
          trainLoss: Float64Array.from(this.reportLoss),
          testError: Float64Array.from(this.reportTest),
        }
      : null;
    const positions: PositionPoints | null = this.positionSamples.length
      ? {
          samples: Float64Array.from(this.positionSamples),
          byPosition: Float64Array.from(this.positionRows.flat()),
        }
      : null;
    const lazy: LazyPoints | null = this.lazyRows.length
      ? {
          samples: Float64Array.from(this.lazyRows, (r) => r.samples),
          weightMovementFrobenius: Float64Array.from(this.lazyRows, (r) => r.weightMovementFrobenius),
          weightMovementSpectral: Float64Array.from(this.lazyRows, (r) => r.weightMovementSpectral),
          patternFlips: Float64Array.from(this.lazyRows, (r) => r.patternFlips),
          linearizationGap: Float64Array.from(this.lazyRows, (r) => r.linearizationGap),
        }
      : null;
    const msg: MetricsMessage | null =
      runId === undefined || progress === undefined
        ? null
        : {
            type: 'metrics',
            runId,
            progress,
            report,
            positions,
            lazy,
            influence: this.influence,
            trajectories: this.trajectories,
            predictions: this.predictions,
          };
    this.reportSamples = [];
    this.reportLoss = [];
    this.reportTest = [];
    this.positionSamples = [];
    this.positionRows = [];
    this.lazyRows = [];
    this.influence = null;
    this.trajectories = null;
    this.predictions = null;
    return msg;
  }
}
