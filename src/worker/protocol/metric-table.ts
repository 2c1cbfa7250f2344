/**
 * The metrics the training worker streams to the page, each described once. A row metric is a table that
 * grows by one row per measurement: its columns (sent as one Float64Array each, transferred, not copied), how
 * many rows the page keeps (older rows are thinned, src/state/ring-buffer.ts), and whether a row at the same
 * sample count as the last one fills it in instead of adding a row. A `wide` column holds one value per target
 * position (row-major, |J| per row). A snapshot metric is replaced by the newest one; the table lists its
 * arrays, which are transferred. The batcher (src/worker/training/metric-batcher.ts), the message type and its
 * transfer list (training-protocol.ts) and the page's series (src/state/metric-series.ts) are written over
 * this table, so a new metric is one row here plus the code that measures and draws it.
 */

export const ROW_METRICS = {
  /**
   * One row per report interval: trainLoss is the mean loss of the steps since the previous row; testError
   * is NaN in rows where the held-out set was not evaluated (an evaluation at the same sample count fills it).
   */
  report: { columns: ['samples', 'trainLoss', 'testError'], keep: 4096, fillSameSamples: true },
  /** One row per evaluation: testErrorByPosition. */
  positions: { columns: ['samples', 'byPosition'], wide: 'byPosition', keep: 512, fillSameSamples: false },
  /** One row per heavy round: the lazy-training metrics (SPEC §6). */
  lazy: {
    columns: [
      'samples',
      'weightMovementFrobenius',
      'weightMovementSpectral',
      'patternFlips',
      'linearizationGap',
    ],
    keep: 1024,
    fillSameSamples: false,
  },
  /** One row per heavy round: gradients through time at its two ends, ‖δ_1‖ and ‖δ_L‖ (the `gradients` snapshot). */
  flow: { columns: ['samples', 'first', 'last'], keep: 1024, fillSameSamples: false },
} as const;

/** Snapshot metrics and the typed arrays each carries. */
export const SNAPSHOT_METRICS = {
  influence: ['student', 'teacher'],
  trajectories: ['memory', 'memoryAtInit'],
  predictions: ['predicted', 'target'],
  gradients: ['norms', 'normsAtInit'],
} as const;

export type RowMetric = keyof typeof ROW_METRICS;
export type SnapshotMetric = keyof typeof SNAPSHOT_METRICS;
export const ROW_METRIC_KEYS = Object.keys(ROW_METRICS) as RowMetric[];
export const SNAPSHOT_METRIC_KEYS = Object.keys(SNAPSHOT_METRICS) as SnapshotMetric[];

export type ColumnOf<K extends RowMetric> = (typeof ROW_METRICS)[K]['columns'][number];
type WideOf<K extends RowMetric> = (typeof ROW_METRICS)[K] extends { wide: infer W } ? W : never;

/** New rows of a row metric as they travel: one array per column (a wide column row-major, |J| per row). */
export type RowPoints<K extends RowMetric> = { [C in ColumnOf<K>]: Float64Array };

/** One row as the worker measures it: a number per column, a list for a wide column. */
export type MetricRow<K extends RowMetric> = {
  [C in ColumnOf<K>]: C extends WideOf<K> ? readonly number[] : number;
};

/** The wide column of a row metric, if it has one. */
export function wideColumn(metric: RowMetric): string | null {
  const spec = ROW_METRICS[metric];
  return 'wide' in spec ? spec.wide : null;
}

/** Values per row of a row metric in a run with `positions` target positions. */
export function rowWidth(metric: RowMetric, positions: number): number {
  const columns = ROW_METRICS[metric].columns.length;
  return wideColumn(metric) === null ? columns : columns - 1 + positions;
}

/** Column → index of a row metric without a wide column (how the page's buffers lay out a row). */
export function columnIndex<K extends RowMetric>(metric: K): { readonly [C in ColumnOf<K>]: number } {
  return Object.fromEntries(ROW_METRICS[metric].columns.map((c, i) => [c, i])) as {
    [C in ColumnOf<K>]: number;
  };
}
