/**
 * Collects the metric points produced since the last message and packs them into one `metrics` message with
 * fresh typed arrays (which the worker then transfers). Only new points are ever sent. Written over the metric
 * table (src/worker/protocol/metric-table.ts): rows of each row metric, the newest value of each snapshot.
 */
import {
  ROW_METRIC_KEYS,
  ROW_METRICS,
  SNAPSHOT_METRIC_KEYS,
  wideColumn,
  type MetricRow,
  type RowMetric,
  type RowPoints,
  type SnapshotMetric,
} from '../protocol/metric-table';
import type { MetricsMessage, Progress, Snapshots } from '../protocol/training-protocol';

/** Shortest gap between two metrics messages: at most 20 a second. */
export const MIN_MESSAGE_INTERVAL_MS = 50;

/** A row as stored until it is sent: a number or a list (wide column) per column. */
type PendingRow = Record<string, number | readonly number[]>;

function emptyRows(): Record<RowMetric, PendingRow[]> {
  return Object.fromEntries(ROW_METRIC_KEYS.map((k) => [k, []])) as unknown as Record<
    RowMetric,
    PendingRow[]
  >;
}

/** The pending rows of one metric as one Float64Array per column (a wide column row-major). */
function pack<K extends RowMetric>(metric: K, rows: readonly PendingRow[]): RowPoints<K> | null {
  if (rows.length === 0) return null;
  const wide = wideColumn(metric);
  const columns = ROW_METRICS[metric].columns.map((c) => [
    c,
    c === wide
      ? Float64Array.from(rows.flatMap((r) => r[c] as readonly number[]))
      : Float64Array.from(rows, (r) => r[c] as number),
  ]);
  return Object.fromEntries(columns) as RowPoints<K>;
}

export class MetricBatcher {
  private rows = emptyRows();
  private snapshots: Partial<Snapshots> = {};

  /**
   * A new row of `metric`. For a metric that fills rows at the same sample count (the report), a row at the
   * count of the last one fills in that row's finite values instead (an evaluation right after a report).
   */
  add<K extends RowMetric>(metric: K, row: MetricRow<K>): void {
    const pending = this.rows[metric];
    const values = row as unknown as PendingRow;
    const last = pending[pending.length - 1];
    if (ROW_METRICS[metric].fillSameSamples && last && last.samples === values.samples) {
      for (const [c, v] of Object.entries(values))
        if (typeof v === 'number' && Number.isFinite(v)) last[c] = v;
      return;
    }
    const wide = wideColumn(metric);
    pending.push(
      wide === null ? { ...values } : { ...values, [wide]: [...(values[wide] as readonly number[])] },
    );
  }

  /** Snapshots replace any not yet sent: only the newest matters. */
  set<K extends SnapshotMetric>(metric: K, snapshot: Snapshots[K]): void {
    this.snapshots[metric] = snapshot;
  }

  /** Drops everything pending (a new run starts). */
  clear(): void {
    this.take();
  }

  /** Builds the message of everything pending and empties the batch. */
  take(runId: number, progress: Progress): MetricsMessage;
  take(): null;
  take(runId?: number, progress?: Progress): MetricsMessage | null {
    const rows = this.rows;
    const snapshots = this.snapshots;
    this.rows = emptyRows();
    this.snapshots = {};
    if (runId === undefined || progress === undefined) return null;
    const message = { type: 'metrics', runId, progress } as Record<string, unknown>;
    for (const k of ROW_METRIC_KEYS) message[k] = pack(k, rows[k]);
    for (const k of SNAPSHOT_METRIC_KEYS) message[k] = snapshots[k] ?? null;
    return message as MetricsMessage;
  }
}
