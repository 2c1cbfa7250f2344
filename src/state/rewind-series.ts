/**
 * Drops the metric points after a checkpoint from the live series, when the run went back to it (a rollback,
 * a lost GPU, a restarted worker): the steps after it are trained again and their points come again, so
 * nothing is shown twice.
 */
import { EMPTY_PROGRESS } from './store';
import type { MetricSeries } from './metric-series';
import type { DownsamplingBuffer } from './ring-buffer';

/** Keeps the rows whose first column (samples seen) is at most `samples`; returns how many were dropped. */
export function keepRowsUpTo(buffer: DownsamplingBuffer, samples: number): number {
  const rows: Float64Array[] = [];
  for (let i = 0; i < buffer.length; i++) if (buffer.get(i, 0) <= samples) rows.push(buffer.row(i));
  const dropped = buffer.length - rows.length;
  if (dropped === 0) return 0;
  buffer.clear();
  for (const row of rows) buffer.push(row);
  return dropped;
}

/** Rewinds every series of `series` to `samples` and redraws the charts; returns the points dropped. */
export function rewindSeries(series: MetricSeries, samples: number): number {
  const dropped =
    keepRowsUpTo(series.report, samples) +
    keepRowsUpTo(series.byPosition, samples) +
    keepRowsUpTo(series.lazy, samples) +
    keepRowsUpTo(series.flow, samples);
  // An empty batch for the current run is how subscribers (the charts) hear that the series changed.
  series.apply({
    type: 'metrics',
    runId: series.runId,
    progress: EMPTY_PROGRESS,
    report: null,
    positions: null,
    lazy: null,
    flow: null,
    influence: null,
    trajectories: null,
    predictions: null,
    gradients: null,
  });
  return dropped;
}
