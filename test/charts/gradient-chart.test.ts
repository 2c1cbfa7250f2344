// @vitest-environment jsdom
/** Gradients through time: the profile now and at W_0 by position, the first-over-last ratio over training. */
import { afterEach, describe, expect, it } from 'vitest';
import { createGradientChart, endRatio, ratioHistory } from '../../src/charts/gradient-chart';
import type { GradientData } from '../../src/charts/types';
import { mountContainer, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

// L = 5: the current profile falls by 2× per position from l = 1 (so ‖δ_1‖/‖δ_L‖ = 16), W_0's is flat.
const data: GradientData = {
  L: 5,
  probes: 8,
  samples: 12_000,
  norms: [16, 8, 4, 2, 1],
  normsAtInit: [1, 1, 1, 1, 1],
  history: { samples: [0, 6000, 12_000], first: [1, 4, 16], last: [1, 1, 1] },
};

/** The y pixel of each vertex of an SVG path made of M/L commands. */
function pathYs(d: string | null): number[] {
  return Array.from((d ?? '').matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g), (m) => Number(m[2]));
}

describe('gradient chart', () => {
  it('draws the profile now (a marker per position) and at the start, on a log axis', () => {
    const chart = createGradientChart(mountContainer());
    chart.update(data);
    chart.flush();
    const root = chart.element;
    expect(root.querySelectorAll('.profile-panel circle').length).toBe(5);
    const now = pathYs(root.querySelector('.profile-panel path.now-line')?.getAttribute('d') ?? null);
    const init = pathYs(root.querySelector('.profile-panel path.init-line')?.getAttribute('d') ?? null);
    expect(now.length).toBe(5);
    // Halving per position is a constant step on a log axis; the flat W_0 profile is one height.
    const steps = now.slice(1).map((y, i) => y - (now[i] as number));
    for (const s of steps) expect(s).toBeCloseTo(steps[0] as number, 2);
    expect(steps[0]).toBeGreaterThan(0);
    expect(new Set(init.map((y) => y.toFixed(2))).size).toBe(1);
    expect(textsOf(root, '.profile-panel .x-axis .tick text')).toEqual(['1', '2', '3', '4', '5']);
    expect(textsOf(root, '.rl-legend-label')).toEqual(['now (current weights)', 'at the start (W₀)']);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toBe(
      'L = 5, mean over 8 probe sequences · 12k samples · ‖δ₁‖/‖δ_L‖ 16 now · 1 at the start',
    );
    expect(root.querySelector('.rl-chart-title')?.textContent).toBe('Gradients through time');
  });

  it('draws the ratio over training with the start level and the level 1', () => {
    const chart = createGradientChart(mountContainer());
    chart.update(data);
    chart.flush();
    const root = chart.element;
    const ys = pathYs(root.querySelector('.ratio-panel path.ratio-line')?.getAttribute('d') ?? null);
    expect(ys.length).toBe(3);
    // 1 → 4 → 16: equal steps up on the log axis (smaller y is higher).
    expect((ys[0] as number) - (ys[1] as number)).toBeCloseTo((ys[1] as number) - (ys[2] as number), 2);
    expect(ys[2]).toBeLessThan(ys[0] as number);
    // The start ratio is 1 here, so both levels sit where the line starts.
    const start = root.querySelector('.ratio-panel line.level-start');
    expect(Number(start?.getAttribute('y1'))).toBeCloseTo(ys[0] as number, 2);
    expect(root.querySelector('.ratio-panel line.level-one')).not.toBeNull();
  });

  it('redraws in place, skips missing readings and waits while nothing is measured', () => {
    const chart = createGradientChart(mountContainer());
    chart.update({ ...data, norms: [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN] });
    chart.flush();
    expect(chart.element.querySelector('.profile-panel')).toBeNull();
    chart.update({
      ...data,
      history: { samples: [0, 10, 20], first: [1, Number.NaN, 2], last: [1, 1, 0] },
    });
    chart.flush();
    chart.update(data);
    chart.flush();
    expect(chart.element.querySelectorAll('.profile-panel').length).toBe(1);
    expect(chart.element.querySelectorAll('.ratio-panel path.ratio-line').length).toBe(1);
  });

  it('side by side when wide, stacked when narrow, the profile alone when narrow and low', () => {
    const drawAt = (width: number, height: number) => {
      const chart = createGradientChart(mountContainer(), { height });
      const plot = chart.element.querySelector('.rl-chart-plot') as HTMLElement;
      Object.defineProperty(plot, 'clientWidth', { value: width, configurable: true });
      chart.update(data);
      chart.flush();
      const y = (sel: string) =>
        Number(
          /translate\([-\d.]+,([-\d.]+)\)/.exec(
            chart.element.querySelector(sel)?.getAttribute('transform') ?? '',
          )?.[1],
        );
      return {
        ratio: chart.element.querySelector('.ratio-panel') !== null,
        y1: y('.profile-panel'),
        y2: y('.ratio-panel'),
      };
    };
    const wide = drawAt(900, 300);
    expect(wide.ratio).toBe(true);
    expect(wide.y2).toBe(wide.y1);
    const narrow = drawAt(440, 520);
    expect(narrow.ratio).toBe(true);
    expect(narrow.y2).toBeGreaterThan(narrow.y1 + 200);
    const dashboard = drawAt(440, 300);
    expect(dashboard.ratio).toBe(false);
  });

  it('forms ratios only from positive, finite ends', () => {
    expect(endRatio([2, 1, 0.5])).toBe(4);
    expect(endRatio([1, 0])).toBeNull();
    expect(endRatio([])).toBeNull();
    expect(endRatio(null)).toBeNull();
    expect(
      Array.from(ratioHistory({ samples: [0, 1, 2], first: [1, Number.NaN, 2], last: [2, 1, 0] })),
    ).toEqual([0.5, Number.NaN, Number.NaN]);
  });
});
