// @vitest-environment jsdom
/** Prediction chart: target and prediction markers per position, residuals, the output coordinate option. */
import { afterEach, describe, expect, it } from 'vitest';
import { createPredictionChart, predictionPoints } from '../../src/charts/prediction-chart';
import type { PredictionData } from '../../src/charts/types';
import { mountContainer, textsOf, tickY } from './dom';

afterEach(() => document.body.replaceChildren());

// d = 2, positions 3..6: coordinate 1 targets 1, 2, 3, 4; coordinate 2 targets -1, -2, -3, -4.
const data: PredictionData = {
  positions: [3, 4, 5, 6],
  d: 2,
  target: [1, -1, 2, -2, 3, -3, 4, -4],
  predicted: [0.5, -0.5, 2, -2, 2.5, -2.5, 4.5, -4.5],
  probe: 0,
  samples: 12_000,
};

describe('prediction chart', () => {
  it('draws one target and one prediction marker per position with a residual between them', () => {
    const chart = createPredictionChart(mountContainer());
    chart.update(data);
    chart.flush();
    const root = chart.element;
    expect(root.querySelectorAll('circle.target-marker').length).toBe(4);
    expect(root.querySelectorAll('circle.prediction-marker').length).toBe(4);
    expect(root.querySelectorAll('line.residual').length).toBe(4);
    expect(textsOf(root, '.x-axis .tick text')).toEqual(['3', '4', '5', '6']);
    expect(textsOf(root, '.axis-title')).toEqual(['output F_j,s (s = 1)', 'output position j']);
    expect(textsOf(root, '.rl-legend-label')).toEqual(['target (teacher)', 'prediction (student)', 'gap']);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toBe(
      'probe sequence 1 · output coordinate s = 1 of 2 · 12k samples · mean squared gap 0.188', // (0.25 + 0 + 0.25 + 0.25) / 4
    );
    // Position 4 is predicted exactly: its residual has zero length.
    const residual = root.querySelectorAll('line.residual')[1] as Element;
    expect(residual.getAttribute('y1')).toBe(residual.getAttribute('y2'));
  });

  it('shows the chosen output coordinate', () => {
    const chart = createPredictionChart(mountContainer(), { coordinate: 2 });
    chart.update(data);
    chart.flush();
    const root = chart.element;
    // All coordinate-2 values are negative: every target marker lies below the 0 tick.
    const zeroTick = Array.from(root.querySelectorAll('.y-axis .tick')).find(
      (t) => t.textContent === '0',
    ) as Element;
    const ys = Array.from(root.querySelectorAll('circle.target-marker'), (c) => Number(c.getAttribute('cy')));
    expect(ys.every((y) => y > tickY(zeroTick))).toBe(true);
    chart.setOptions({ coordinate: 1 });
    chart.flush();
    const ys1 = Array.from(root.querySelectorAll('circle.target-marker'), (c) =>
      Number(c.getAttribute('cy')),
    );
    const zero1 = Array.from(root.querySelectorAll('.y-axis .tick')).find(
      (t) => t.textContent === '0',
    ) as Element;
    expect(ys1.every((y) => y < tickY(zero1))).toBe(true);
    expect(root.querySelectorAll('circle.target-marker').length).toBe(4);
  });

  it('picks values row-major [position, coordinate] and drops non-finite pairs', () => {
    expect(predictionPoints(data, 2).map((p) => p.target)).toEqual([-1, -2, -3, -4]);
    expect(predictionPoints(data, 9).map((p) => p.target)).toEqual([-1, -2, -3, -4]); // clamped to d
    const gappy = { ...data, d: 1, target: [1, Number.NaN, 3, 4], predicted: [1, 2, 3, 4] };
    expect(predictionPoints(gappy, 1).map((p) => p.j)).toEqual([3, 5, 6]);
  });

  it('removes itself on destroy', () => {
    const container = mountContainer();
    const chart = createPredictionChart(container);
    chart.update(data);
    chart.flush();
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });
});
