// @vitest-environment jsdom
/**
 * Every chart with the data of a run's first moments: one reading (step 0, just after Reset) and two (after
 * the first step). Axes must have distinct labels, whole sample counts, no negative range for quantities
 * that cannot be negative, and sample axes that end where the data does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHiddenChart } from '../../src/charts/hidden-chart';
import { createInfluenceChart } from '../../src/charts/influence-chart';
import { createLazyChart, lazyXDomain, lazyYDomain } from '../../src/charts/lazy-chart';
import { createLossChart } from '../../src/charts/loss-chart';
import { createPositionChart } from '../../src/charts/position-chart';
import { createPredictionChart } from '../../src/charts/prediction-chart';
import { countDomain, nonNegativeDomain } from '../../src/charts/domain';
import { distinctTicks, integerTicks } from '../../src/charts/axes';
import { formatCount, formatPercent, formatValue } from '../../src/charts/tick-format';
import type { ChartHandle, HiddenData, LazyData } from '../../src/charts/types';
import { mountContainer, parseCount, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

function draw<D>(create: (c: HTMLElement) => ChartHandle<D>, ...data: D[]): HTMLElement {
  const chart = create(mountContainer());
  for (const d of data) {
    chart.update(d);
    chart.flush();
  }
  return chart.element;
}

/** Tick labels of every axis in the chart, one list per axis. */
function axisLabels(root: HTMLElement): string[][] {
  return Array.from(root.querySelectorAll('g.x-axis, g.y-axis, g.color-axis'), (axis) =>
    textsOf(axis, ':scope > .tick text'),
  );
}

function expectDistinctLabels(root: HTMLElement): void {
  const axes = axisLabels(root);
  expect(axes.length).toBeGreaterThan(0);
  for (const labels of axes) expect(new Set(labels).size).toBe(labels.length);
}

/** Parses a percentage or plain value label ("12%", "0.004", "1.2e-3"). */
function parseLabel(label: string): number {
  return label.endsWith('%') ? Number(label.slice(0, -1)) / 100 : Number(label.replace('−', '-'));
}

const J = [3, 4, 5, 6, 7, 8, 9, 10];
const column = (v: number) => J.map((j) => v + j / 100);
const SAMPLES = { one: [0], two: [0, 32] } as const;

describe.each([
  ['one reading (step 0)', 'one'],
  ['two readings (after one step)', 'two'],
] as const)('charts with %s', (_, n) => {
  const samples = [...SAMPLES[n]];
  const two = n === 'two';

  it('learning curve: whole, distinct sample ticks from zero', () => {
    const root = draw(createLossChart, {
      samples,
      trainLoss: two ? [Number.NaN, 0.08] : [Number.NaN],
      testError: two ? [1.68, 0.87] : [1.68],
      eps: 0.05,
      noiseFloor: null,
      samplesToEps: null,
    });
    expectDistinctLabels(root);
    const xs = textsOf(root, '.x-axis .tick text').map(parseCount);
    expect(xs.length).toBeGreaterThanOrEqual(2);
    expect(xs.every(Number.isInteger)).toBe(true);
    expect(xs[0]).toBe(0);
    if (two) expect(Math.max(...xs)).toBeLessThanOrEqual(32);
    // The first training loss is a lone point: drawn as a marker, since a path through it shows nothing.
    expect(root.querySelectorAll('circle.train-marker').length).toBe(two ? 1 : 0);
  });

  it('position chart: the sample axis ends at the last evaluation', () => {
    const root = draw(createPositionChart, {
      positions: J,
      samples,
      errorByPosition: two ? [column(1.5), column(0.9)] : [column(1.5)],
    });
    expectDistinctLabels(root);
    const xs = textsOf(root, '.heatmap .x-axis .tick text').map(parseCount);
    expect(xs.every(Number.isInteger)).toBe(true);
    expect(xs.length).toBeGreaterThanOrEqual(2);
    // Not 60 for a run that has seen 32 samples.
    if (two) expect(Math.max(...xs)).toBeLessThanOrEqual(32);
    expect(root.querySelectorAll('rect.position-bar').length).toBe(J.length);
  });

  it('lazy chart: y axes start at zero and never go negative; x ticks are whole counts', () => {
    const data: LazyData = {
      samples,
      weightMovementFrobenius: two ? [0, 0.0132] : [0],
      weightMovementSpectral: two ? [0, 4.64] : [0],
      patternFlips: two ? [0, 0.0864] : [0],
      linearizationGap: two ? [Number.NaN, 0.376] : [Number.NaN],
    };
    const root = draw(createLazyChart, data);
    expectDistinctLabels(root);
    for (const panel of root.querySelectorAll('g.lazy-panel')) {
      const ys = textsOf(panel, '.y-axis .tick text').map(parseLabel);
      expect(ys.length).toBeGreaterThanOrEqual(2);
      expect(Math.min(...ys)).toBe(0);
      const xs = textsOf(panel, '.x-axis .tick text').map(parseCount);
      expect(xs.every(Number.isInteger)).toBe(true);
    }
    // The gap has no reading at step 0: its panel says so instead of staying blank.
    const pending = textsOf(root, '.panel-linearizationGap text.panel-pending');
    expect(pending).toEqual(two ? [] : ['no reading yet']);
  });

  it('hidden, prediction and influence charts draw with distinct axis labels', () => {
    const L = 5;
    const snapshot = (s: number, t: number): HiddenData => ({
      probes: 2,
      L,
      tokens: [2, 3],
      memory: Float64Array.from({ length: 2 * L }, (_, i) =>
        i % L < 1 + Math.floor(i / L) ? Number.NaN : 1 / t,
      ),
      memoryAtInit: null,
      samples: s,
    });
    const hidden = draw(createHiddenChart, ...samples.map((s, i) => snapshot(s, i + 1)));
    expectDistinctLabels(hidden);
    expect(hidden.querySelectorAll('path.memory-line').length).toBe(2);
    const positions = J.slice(0, samples.length);
    const prediction = draw(createPredictionChart, {
      positions,
      d: 1,
      predicted: positions.map(() => 0),
      target: positions.map(() => 0),
      probe: 0,
    });
    expectDistinctLabels(prediction);
    const influence = draw(createInfluenceChart, {
      L: samples.length + 2,
      teacher: new Float64Array((samples.length + 2) ** 2),
      student: new Float64Array((samples.length + 2) ** 2),
    });
    expectDistinctLabels(influence);
  });
});

describe('count and non-negative domains', () => {
  it('countDomain widens a lone count without going below zero and keeps a spread as is', () => {
    expect(countDomain(null)).toEqual([0, 10]);
    expect(countDomain([0, 0])).toEqual([0, 10]);
    expect(countDomain([0, 32])).toEqual([0, 32]);
    expect(countDomain([100, 300])).toEqual([0, 300]);
    expect(countDomain([100, 300], false)).toEqual([100, 300]);
    const [lo, hi] = countDomain([5000, 5000], false);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(lo).toBeLessThan(5000);
    expect(hi).toBeGreaterThan(5000);
    expect(countDomain([3, 3], false)[0]).toBe(0);
  });

  it('nonNegativeDomain starts at zero, pads the top, and has a span when everything is zero', () => {
    expect(nonNegativeDomain(null)).toEqual([0, 1]);
    expect(nonNegativeDomain(0, 0.08, 0.01)).toEqual([0, 0.01]);
    expect(nonNegativeDomain(2, 0.1)).toEqual([0, expect.closeTo(2.2, 12)]);
    expect(lazyYDomain([0, 0], 0.01)).toEqual([0, 0.01]);
    expect(lazyYDomain([Number.NaN])[0]).toBe(0);
  });

  it('the lazy x axis stretches to the samples seen when the run has moved past its last reading', () => {
    const base = {
      samples: [0, 32],
      weightMovementFrobenius: [0, 0.01],
      weightMovementSpectral: [0, 1],
      patternFlips: [0, 0.01],
      linearizationGap: [Number.NaN, 0.3],
    };
    expect(lazyXDomain(base, false)).toEqual([0, 32]);
    expect(lazyXDomain({ ...base, samplesSeen: 1568 }, false)).toEqual([0, 1568]);
  });

  it('integerTicks and distinctTicks remove fractional counts and repeated labels', () => {
    expect(integerTicks([0, 0.2, 0.4, 1, 1.0000000000001])).toEqual([0, 1, 1]);
    expect(distinctTicks([0, 0.2, 0.4, 0.6, 0.8, 1], formatCount)).toEqual([0, 0.6]);
    expect(distinctTicks([0.001, 0.0012, 0.002], formatValue)).toEqual([0.001, 0.0012, 0.002]);
    expect(distinctTicks([0, 0.00001, 0.01], formatPercent)).toEqual([0, 0.00001, 0.01]);
  });
});
