// @vitest-environment jsdom
/** Position chart structure: heatmap axes, one bar per position, colour legend, update, destroy. */
import { afterEach, describe, expect, it } from 'vitest';
import { createPositionChart, evaluationAt } from '../../src/charts/position-chart';
import type { PositionData } from '../../src/charts/types';
import { mountContainer, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

const data: PositionData = {
  positions: [3, 4, 5, 6],
  samples: [0, 1000, 2000],
  errorByPosition: [
    [1, 1, 1, 1],
    [0.3, 0.5, 0.7, 0.9],
    [0.01, 0.05, Number.NaN, 0.4],
  ],
};

describe('position chart', () => {
  it('draws labelled heatmap axes, bars for the latest evaluation and a colour legend', () => {
    const chart = createPositionChart(mountContainer());
    chart.update(data);
    chart.flush();
    const root = chart.element;
    expect(root.getAttribute('aria-label')).toBe('Test error by output position');
    expect(root.querySelector('canvas')).not.toBeNull();
    expect(textsOf(root, '.heatmap .y-axis .tick text')).toEqual(['3', '4', '5', '6']);
    expect(textsOf(root, '.axis-title')).toEqual(['output position j', 'samples seen', 'test error now']);
    // Position 5 has no value in the latest evaluation: three bars.
    const bars = root.querySelectorAll('rect.position-bar');
    expect(bars.length).toBe(3);
    const widths = Array.from(bars, (b) => Number(b.getAttribute('width')));
    expect(widths[0]).toBeLessThan(widths[1] as number);
    expect(widths[1]).toBeLessThan(widths[2] as number);
    expect(textsOf(root, 'text.position-value')).toEqual(['0.01', '0.05', '0.4']);
    expect(root.querySelector('.color-legend rect.color-bar')).not.toBeNull();
    expect(root.querySelectorAll('.color-legend stop').length).toBeGreaterThan(8);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toMatch(/3 evaluations/);
  });

  it("marks the best linear map per position on the bars, at the bars' scale", () => {
    const chart = createPositionChart(mountContainer());
    chart.update({ ...data, linearByPosition: [0.05, 0.2, 0.3, Number.NaN] });
    chart.flush();
    const root = chart.element;
    const ticks = Array.from(root.querySelectorAll('line.position-baseline'));
    expect(ticks.length).toBe(3);
    // Position 4's bar (error 0.05) ends where position 3's tick (linear 0.05) stands.
    const bar4 = root.querySelectorAll('rect.position-bar')[1] as Element;
    expect(Number(ticks[0]?.getAttribute('x1'))).toBeCloseTo(Number(bar4.getAttribute('width')), 6);
    const xs = ticks.map((t) => Number(t.getAttribute('x1')));
    expect(xs[0]).toBeLessThan(xs[1] as number);
    expect(xs[1]).toBeLessThan(xs[2] as number);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toMatch(/best linear map/);
    chart.update(data);
    chart.flush();
    expect(root.querySelectorAll('line.position-baseline').length).toBe(0);
  });

  it('replaces bars on update and removes everything on destroy', () => {
    const container = mountContainer();
    const chart = createPositionChart(container);
    chart.update(data);
    chart.flush();
    chart.update({
      ...data,
      positions: [3, 4],
      errorByPosition: data.errorByPosition.map((c) => Array.from(c).slice(0, 2)),
    });
    chart.flush();
    expect(chart.element.querySelectorAll('rect.position-bar').length).toBe(2);
    expect(chart.element.querySelectorAll('.heatmap').length).toBe(1);
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });

  it('names the evaluation under the pointer: the nearest one, as the cells are drawn', () => {
    expect(evaluationAt([0, 1000, 2000], 1400)).toBe(1000);
    expect(evaluationAt([0, 1000, 2000], 1600)).toBe(2000);
    expect(evaluationAt([1000], 10)).toBe(1000);
    expect(Number.isNaN(evaluationAt([Number.NaN], 10))).toBe(true);
  });

  it('waits when no evaluation has a value', () => {
    const chart = createPositionChart(mountContainer());
    chart.update({ positions: [3], samples: [0], errorByPosition: [[Number.NaN]] });
    chart.flush();
    expect((chart.element.querySelector('.rl-chart-empty') as HTMLElement).style.display).toBe('flex');
  });
});
