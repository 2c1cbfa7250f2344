/**
 * The live metrics of the current run, outside React: bounded, downsampling series fed by the worker's
 * `metrics` messages, plus the newest snapshot of each heavy view. Charts subscribe and redraw at most once per
 * animation frame; React never holds these arrays in state.
 */
import {
  columnIndex,
  ROW_METRIC_KEYS,
  ROW_METRICS,
  rowWidth,
  SNAPSHOT_METRIC_KEYS,
  wideColumn,
  type RowMetric,
  type SnapshotMetric,
} from '../worker/protocol/metric-table';
import type { MetricsMessage, Snapshots } from '../worker/protocol/training-protocol';
import { DownsamplingBuffer, finiteMean, type MergeRows } from './ring-buffer';

/** Rows kept per series (the older half is thinned when full). */
export const REPORT_CAPACITY = ROW_METRICS.report.keep;
export const POSITION_CAPACITY = ROW_METRICS.positions.keep;
export const LAZY_CAPACITY = ROW_METRICS.lazy.keep;

/** Report columns: samples, trainLoss, testError. */
export const REPORT = columnIndex('report');
/** Lazy columns: samples then the four lazy-training metrics. */
export const LAZY = columnIndex('lazy');
export const FLOW = columnIndex('flow');

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

/** How two neighbouring rows of a metric are thinned into one (default: the older row is kept). */
const MERGES: Partial<Record<RowMetric, MergeRows>> = { report: mergeReportRows };

function buffer(metric: RowMetric, positions: number): DownsamplingBuffer {
  return new DownsamplingBuffer(rowWidth(metric, positions), ROW_METRICS[metric].keep, MERGES[metric]);
}

/** Appends the rows of one metric's message group to its buffer, columns in table order. */
function append(target: DownsamplingBuffer, metric: RowMetric, group: Record<string, Float64Array>): void {
  const wide = wideColumn(metric);
  const columns = ROW_METRICS[metric].columns;
  const n = (group.samples as Float64Array).length;
  const span = wide === null ? 0 : target.width - (columns.length - 1);
  const row = new Float64Array(target.width);
  for (let i = 0; i < n; i++) {
    let at = 0;
    for (const c of columns) {
      const values = group[c] as Float64Array;
      if (c === wide) {
        row.set(values.subarray(i * span, (i + 1) * span), at);
        at += span;
      } else row[at++] = values[i] as number;
    }
    target.push(row);
  }
}

export class MetricSeries {
  runId = -1;
  /** Target positions J of the current run (the columns of testErrorByPosition). */
  positions: number[] = [];
  /** One downsampling buffer per row metric of the table, a row laid out as its columns. */
  private readonly rows: Record<RowMetric, DownsamplingBuffer> = Object.fromEntries(
    ROW_METRIC_KEYS.map((k) => [k, buffer(k, 0)]),
  ) as Record<RowMetric, DownsamplingBuffer>;
  /** The newest snapshot of each snapshot metric. */
  private readonly snapshots: { [K in SnapshotMetric]: Snapshots[K] | null } = {
    influence: null,
    trajectories: null,
    predictions: null,
    gradients: null,
  };
  /** Messages applied so far (for tests and the update-rate benchmark). */
  applied = 0;
  private readonly listeners = new Set<MetricsListener>();

  /** The rows kept of a row metric (a row laid out as the table's columns, a wide column spread out). */
  rowsOf(metric: RowMetric): DownsamplingBuffer {
    return this.rows[metric];
  }
  /** The newest snapshot of a snapshot metric, or null. */
  snapshotOf<K extends SnapshotMetric>(metric: K): Snapshots[K] | null {
    return this.snapshots[metric];
  }

  get report(): DownsamplingBuffer {
    return this.rows.report;
  }
  /** Rows: samples, then the test error at each target position. */
  get byPosition(): DownsamplingBuffer {
    return this.rows.positions;
  }
  get lazy(): DownsamplingBuffer {
    return this.rows.lazy;
  }
  /** Rows: samples, ‖δ_1‖, ‖δ_L‖ (gradients through time at its two ends). */
  get flow(): DownsamplingBuffer {
    return this.rows.flow;
  }
  get gradients(): Snapshots['gradients'] | null {
    return this.snapshots.gradients;
  }
  set gradients(snapshot: Snapshots['gradients'] | null) {
    this.snapshots.gradients = snapshot;
  }
  get influence(): Snapshots['influence'] | null {
    return this.snapshots.influence;
  }
  set influence(snapshot: Snapshots['influence'] | null) {
    this.snapshots.influence = snapshot;
  }
  get trajectories(): Snapshots['trajectories'] | null {
    return this.snapshots.trajectories;
  }
  set trajectories(snapshot: Snapshots['trajectories'] | null) {
    this.snapshots.trajectories = snapshot;
  }
  get predictions(): Snapshots['predictions'] | null {
    return this.snapshots.predictions;
  }
  set predictions(snapshot: Snapshots['predictions'] | null) {
    this.snapshots.predictions = snapshot;
  }
  subscribe(listener: MetricsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Clears everything for a new run. */
  startRun(runId: number, positions: number[]): void {
    this.runId = runId;
    this.positions = [...positions];
    for (const k of ROW_METRIC_KEYS) {
      // A buffer keeps its identity across runs unless the row width changes (another |J|).
      if (this.rows[k].width === rowWidth(k, positions.length)) this.rows[k].clear();
      else this.rows[k] = buffer(k, positions.length);
    }
    for (const k of SNAPSHOT_METRIC_KEYS) this.keep(k, null);
    this.notify();
  }

  /** Appends a batch of new points; ignores batches of an older run. Returns whether it applied. */
  apply(msg: MetricsMessage): boolean {
    if (msg.runId !== this.runId) return false;
    for (const k of ROW_METRIC_KEYS) {
      const group = msg[k];
      if (group) append(this.rows[k], k, group as Record<string, Float64Array>);
    }
    for (const k of SNAPSHOT_METRIC_KEYS) if (msg[k]) this.keep(k, msg[k]);
    this.applied += 1;
    this.notify();
    return true;
  }

  private keep<K extends SnapshotMetric>(metric: K, snapshot: Snapshots[K] | null): void {
    this.snapshots[metric] = snapshot;
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
