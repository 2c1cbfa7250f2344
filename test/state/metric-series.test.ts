/** The live metric series: applying worker batches, ignoring stale runs, downsampling, and chart data. */
import { describe, expect, it } from 'vitest';
import { hiddenData, lazyData, lossData, positionData, predictionData } from '../../src/ui/live-chart-data';
import { MetricSeries, REPORT, REPORT_CAPACITY, mergeReportRows } from '../../src/state/metric-series';
import { EMPTY_PROGRESS } from '../../src/state/store';
import type { MetricsMessage } from '../../src/worker/protocol/training-protocol';

function batch(
  runId: number,
  samples: number[],
  testError: number[],
  extra: Partial<MetricsMessage> = {},
): MetricsMessage {
  return {
    type: 'metrics',
    runId,
    progress: EMPTY_PROGRESS,
    report: {
      samples: Float64Array.from(samples),
      trainLoss: Float64Array.from(samples, (s) => 1 / (1 + s)),
      testError: Float64Array.from(testError),
    },
    positions: null,
    lazy: null,
    flow: null,
    influence: null,
    trajectories: null,
    predictions: null,
    gradients: null,
    ...extra,
  };
}

describe('MetricSeries', () => {
  it('appends only the new points of each batch and notifies subscribers', () => {
    const s = new MetricSeries();
    let calls = 0;
    s.subscribe(() => calls++);
    s.startRun(3, [3, 4, 5]);
    expect(s.apply(batch(3, [0], [1]))).toBe(true);
    expect(s.apply(batch(3, [32, 64], [Number.NaN, 0.5]))).toBe(true);
    expect(Array.from(s.report.column(REPORT.samples))).toEqual([0, 32, 64]);
    expect(s.latestTestError()).toBe(0.5);
    expect(calls).toBe(3);
  });

  it('ignores batches of an earlier run', () => {
    const s = new MetricSeries();
    s.startRun(4, [3]);
    expect(s.apply(batch(3, [0], [1]))).toBe(false);
    expect(s.report.length).toBe(0);
  });

  it('splits position rows by |J| and lazy rows by column', () => {
    const s = new MetricSeries();
    s.startRun(1, [3, 4]);
    s.apply(
      batch(1, [0, 8], [1, 0.9], {
        positions: { samples: Float64Array.from([0, 8]), byPosition: Float64Array.from([1, 2, 0.5, 0.6]) },
        lazy: {
          samples: Float64Array.from([8]),
          weightMovementFrobenius: Float64Array.from([0.1]),
          weightMovementSpectral: Float64Array.from([2]),
          patternFlips: Float64Array.from([0.01]),
          linearizationGap: Float64Array.from([0.3]),
        },
      }),
    );
    const p = positionData(s);
    expect(p.positions).toEqual([3, 4]);
    expect(Array.from(p.samples)).toEqual([0, 8]);
    expect(p.errorByPosition.map((r) => Array.from(r))).toEqual([
      [1, 2],
      [0.5, 0.6],
    ]);
    const l = lazyData(s);
    expect(Array.from(l.weightMovementSpectral)).toEqual([2]);
    expect(Array.from(l.linearizationGap)).toEqual([0.3]);
  });

  it('reads every metric of the table by name, as the named fields do', () => {
    const s = new MetricSeries();
    s.startRun(2, [3, 4]);
    const predictions = {
      samples: 8,
      probe: 0,
      positions: [3, 4],
      d: 1,
      predicted: Float64Array.from([0.1, 0.2]),
      target: Float64Array.from([0.3, 0.4]),
    };
    s.apply(
      batch(2, [0, 8], [1, 0.9], {
        positions: { samples: Float64Array.from([8]), byPosition: Float64Array.from([0.5, 0.6]) },
        predictions,
      }),
    );
    expect(s.rowsOf('report')).toBe(s.report);
    expect(s.rowsOf('positions')).toBe(s.byPosition);
    expect(s.rowsOf('lazy')).toBe(s.lazy);
    expect(s.rowsOf('positions').width).toBe(3);
    expect(s.snapshotOf('predictions')).toBe(predictions);
    expect(s.snapshotOf('influence')).toBeNull();
    s.startRun(3, [3, 4]);
    expect(s.snapshotOf('predictions')).toBeNull();
    expect(s.rowsOf('report').length).toBe(0);
  });

  it('keeps evaluated test errors when it downsamples a long run', () => {
    const s = new MetricSeries();
    s.startRun(1, [3]);
    // One evaluation every 4 reports, for three times the capacity.
    const n = 3 * REPORT_CAPACITY;
    for (let i = 0; i < n; i++) s.apply(batch(1, [i], [i % 4 === 0 ? 1 / (1 + i) : Number.NaN]));
    expect(s.report.length).toBeLessThanOrEqual(REPORT_CAPACITY);
    const t = s.report.column(REPORT.testError);
    const evaluated = Array.from(t).filter(Number.isFinite).length;
    // Blind every-second thinning would leave about a quarter of the rows evaluated in the old part or none.
    expect(evaluated).toBeGreaterThan(s.report.length / 4);
    expect(s.report.get(0, REPORT.samples)).toBe(0);
    expect(s.report.get(0, REPORT.testError)).toBe(1);
  });

  it('merges report rows: keeps an evaluated row and averages the losses', () => {
    const out = new Float64Array(3);
    mergeReportRows(out, Float64Array.from([10, 2, Number.NaN]), Float64Array.from([20, 4, 0.5]));
    expect(Array.from(out)).toEqual([20, 3, 0.5]);
    mergeReportRows(out, Float64Array.from([10, 2, 0.7]), Float64Array.from([20, Number.NaN, 0.5]));
    expect(Array.from(out)).toEqual([10, 2, 0.7]);
  });

  it('puts the squared train loss on the test error scale when the target scale is known', () => {
    const s = new MetricSeries();
    s.startRun(1, [3]);
    s.apply(batch(1, [0, 4, 8], [1, 0.8, 0.6]));
    const raw = lossData(s, { eps: 0.05, samplesToEps: null, noiseFloor: null });
    const scaled = lossData(s, {
      eps: 0.05,
      samplesToEps: null,
      noiseFloor: null,
      targetScale: 0.04,
      loss: 'sq',
    });
    const absolute = lossData(s, {
      eps: 0.05,
      samplesToEps: null,
      noiseFloor: null,
      targetScale: 0.04,
      loss: 'abs',
    });
    expect(raw.trainLabel).toBe('train loss');
    expect(scaled.trainLabel).toBe('train error');
    expect(absolute.trainLabel).toBe('train loss');
    const finite = Array.from(raw.trainLoss as ArrayLike<number>).filter(Number.isFinite);
    expect(finite.length).toBeGreaterThan(0);
    const rawValues = Array.from(raw.trainLoss as ArrayLike<number>);
    const scaledValues = Array.from(scaled.trainLoss as ArrayLike<number>);
    rawValues.forEach((v, i) => {
      if (Number.isFinite(v)) expect(scaledValues[i]).toBeCloseTo(v / 0.04, 10);
    });
    expect(Array.from(absolute.trainLoss as ArrayLike<number>)).toEqual(
      Array.from(raw.trainLoss as ArrayLike<number>),
    );
  });

  it('builds chart data as fresh arrays with the loss context, and null snapshots before any arrive', () => {
    const s = new MetricSeries();
    s.startRun(1, [3]);
    expect(hiddenData(s)).toBeNull();
    expect(predictionData(s)).toBeNull();
    s.apply(batch(1, [0, 4], [1, 0.8]));
    const a = lossData(s, { eps: 0.05, samplesToEps: null, noiseFloor: 0.01 });
    expect(Array.from(a.testError)).toEqual([1, 0.8]);
    expect(a.eps).toBe(0.05);
    expect(a.noiseFloor).toBe(0.01);
    s.apply(batch(1, [8], [0.7]));
    expect(a.samples.length).toBe(2);
    s.apply(
      batch(1, [12], [0.6], {
        predictions: {
          samples: 12,
          probe: 2,
          positions: [3],
          d: 1,
          predicted: Float64Array.from([0.1]),
          target: Float64Array.from([0.2]),
        },
      }),
    );
    expect(predictionData(s)).toMatchObject({ probe: 2, positions: [3], samples: 12 });
  });
});
