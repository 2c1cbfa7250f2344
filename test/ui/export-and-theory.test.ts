/** Metrics CSV from a run export, the hide-flag style sheet, and the theory panel's live readings. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { emptyRunMetrics, makeRunExport } from '../../src/model/run-export';
import { FIELDS } from '../../src/model/fields';
import { MetricSeries } from '../../src/state/metric-series';
import { hideRules } from '../../src/ui/classroom/hide-style';
import { csvFileName, metricsCsv } from '../../src/model/metrics-csv';
import { influenceAgreement, lazyReading, lossReading } from '../../src/ui/theory/readings';
import type { MetricsMessage } from '../../src/worker/protocol/training-protocol';

describe('metrics CSV', () => {
  it('writes one row per evaluation with every metric and the error by position', () => {
    const m = emptyRunMetrics([3, 4]);
    m.samples.push(0, 64);
    m.step.push(0, 2);
    m.trainLoss.push(null, 0.125);
    m.testError.push(1.5, 0.75);
    m.testErrorByPosition.push([1.25, 1.75], [0.5, null]);
    m.weightMovementFrobenius.push(0, 0.01);
    m.weightMovementSpectral.push(0, 0.2);
    m.patternFlips.push(0, 0.03);
    m.linearizationGap.push(null, 0.4);
    const csv = metricsCsv(makeRunExport(DEFAULT_CONFIG, 'wasm', m));
    expect(csv.split('\n')).toEqual([
      'samples,step,trainLoss,testError,weightMovementFrobenius,weightMovementSpectral,patternFlips,linearizationGap,testError_j3,testError_j4',
      '0,0,,1.5,0,0,0,,1.25,1.75',
      '64,2,0.125,0.75,0.01,0.2,0.03,0.4,0.5,',
      '',
    ]);
    expect(csvFileName('rnn-lab_L10_m256_seed1_64samples.run.json')).toBe(
      'rnn-lab_L10_m256_seed1_64samples.metrics.csv',
    );
  });
});

describe('hide flags', () => {
  it('hides single fields, and a settings group only when all of its fields are hidden', () => {
    const teacher = FIELDS.filter((f) => f.group === 'teacher').map((f) => f.key);
    expect(hideRules([])).toBe('');
    const some = hideRules(['lr', 'chart-lazy', 'runbar']);
    expect(some).toContain('.field:has(#field-lr)');
    expect(some).toContain('[data-testid="chart-lazy"]');
    expect(some).toContain('.run-bar');
    expect(some).not.toContain('.group--training');
    expect(hideRules(teacher.slice(1))).not.toContain('.group--teacher');
    expect(hideRules(teacher)).toContain('.group--teacher');
    expect(hideRules(['settings'])).toMatch(/\.sidebar[\s\S]*grid-template-columns: minmax\(0, 1fr\)/);
  });
});

function metricsMessage(samples: number[], testError: number[], lazy: number[][]): MetricsMessage {
  return {
    type: 'metrics',
    runId: 1,
    progress: {
      step: 0,
      samplesSeen: samples.at(-1) ?? 0,
      samplesToEps: null,
      stepsPerSecond: 0,
      samplesPerSecond: 0,
      heavyEvery: 1,
      heavyFraction: 0,
      evalFraction: 0,
      noiseFloor: null,
      targetScale: null,
    },
    report: {
      samples: Float64Array.from(samples),
      trainLoss: Float64Array.from(samples, () => Number.NaN),
      testError: Float64Array.from(testError),
    },
    positions: null,
    lazy: {
      samples: Float64Array.from(lazy.map((r) => r[0] as number)),
      weightMovementFrobenius: Float64Array.from(lazy.map((r) => r[1] as number)),
      weightMovementSpectral: Float64Array.from(lazy.map((r) => r[2] as number)),
      patternFlips: Float64Array.from(lazy.map((r) => r[3] as number)),
      linearizationGap: Float64Array.from(lazy.map((r) => r[4] as number)),
    },
    flow: null,
    influence: null,
    trajectories: null,
    predictions: null,
    gradients: null,
  };
}

describe('theory readings', () => {
  it('reads the newest evaluated test error and the lazy metrics of the series', () => {
    const series = new MetricSeries();
    series.startRun(1, [3, 4]);
    expect(lossReading(series, 0.05, null)).toBe('No evaluation yet.');
    series.apply(metricsMessage([0, 32, 64], [1.25, Number.NaN, 0.5], [[64, 0.021, 3, 0.1, 0.25]]));
    expect(lossReading(series, 0.05, null)).toBe(
      'Test error 0.500 after 64 samples, from 1.25 at the start; ε = 0.05 not reached yet.',
    );
    expect(lossReading(series, 0.6, 64)).toMatch(/ε = 0.6 reached after 64 samples/);
    expect(lazyReading(series)).toBe(
      'W has moved 2.1% of its initial norm; 10.0% of ReLU patterns flipped; linearization gap 0.250.',
    );
  });

  it('says how the test error moved over the last 10k samples', () => {
    const series = new MetricSeries();
    series.startRun(1, [3, 4]);
    series.apply(metricsMessage([0, 20_000, 25_000, 30_000], [1.1, 0.5, 0.47, 0.44], []));
    // 30k against the newest point at least 10k earlier (20k): 0.44 / 0.5 − 1 = −12%.
    expect(lossReading(series, 0.05, null)).toBe(
      'Test error 0.440 after 30,000 samples, from 1.10 at the start, down 12% over the last 10k samples; ε = 0.05 not reached yet.',
    );
  });

  it('measures how far the influence maps agree over the pairs 2 <= i < j (row 1 is zero by construction)', () => {
    const L = 4;
    // Entries (i, j) with 2 <= i < j: (2,3), (2,4), (3,4); row i = 1, the diagonal and below are ignored.
    const t = [0, 0, 0, 0, 9, 9, 1, 2, 9, 9, 9, 3, 9, 9, 9, 9];
    const s = (a: number, b: number, c: number, row1 = [0, 0, 0, 0]) => [
      ...row1,
      7,
      7,
      a,
      b,
      7,
      7,
      7,
      c,
      7,
      7,
      7,
      7,
    ];
    expect(influenceAgreement(L, s(2, 4, 6), t)).toBeCloseTo(1, 12);
    expect(influenceAgreement(L, s(3, 2, 1), t)).toBeCloseTo(-1, 12);
    expect(Number.isNaN(influenceAgreement(L, s(1, 1, 1), t))).toBe(true);
    // Row 1 does not count: values there would change a correlation that included it.
    expect(influenceAgreement(L, s(2, 4, 6, [0, 50, -50, 50]), t)).toBeCloseTo(1, 12);
  });
});
