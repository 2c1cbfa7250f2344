// @vitest-environment jsdom
/** Lazy-training chart: four labelled small multiples over shared samples, gaps skipped, replace on update. */
import { afterEach, describe, expect, it } from 'vitest';
import { LAZY_PANELS, createLazyChart, lazyColumns, lazyYDomain } from '../../src/charts/lazy-chart';
import type { LazyData } from '../../src/charts/types';
import { mountContainer, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

const data: LazyData = {
  samples: [0, 1000, 2000, 3000],
  weightMovementFrobenius: [0, 0.01, 0.02, 0.025],
  weightMovementSpectral: [0, 0.5, 0.9, 1.1],
  patternFlips: [0, 0.004, 0.008, 0.01],
  linearizationGap: [Number.NaN, 0.02, 0.03, 0.035],
};

describe('lazy-training chart', () => {
  it('draws four titled panels with their current value and a line each', () => {
    const chart = createLazyChart(mountContainer());
    chart.update(data);
    chart.flush();
    const root = chart.element;
    expect(root.querySelectorAll('g.lazy-panel').length).toBe(4);
    expect(textsOf(root, 'text.panel-title')).toEqual(LAZY_PANELS.map((p) => p.title));
    expect(textsOf(root, 'text.panel-now')).toEqual(['now 0.025', 'now 1.1', 'now 1%', 'now 0.035']);
    expect(textsOf(root, 'text.panel-formula')[1]).toMatch(/√m/);
    expect(root.querySelectorAll('path.lazy-line').length).toBe(4);
    // The gap has no reading at 0 samples: three markers, not four.
    expect(root.querySelectorAll('.panel-linearizationGap circle.lazy-marker').length).toBe(3);
    expect(root.querySelectorAll('.panel-weightMovementFrobenius circle.lazy-marker').length).toBe(4);
    expect(textsOf(root, '.panel-patternFlips .y-axis .tick text')).toContain('1%');
    // Two columns at the fallback width: only the bottom row names the x axis.
    expect(textsOf(root, '.axis-title')).toEqual(['samples seen', 'samples seen']);
  });

  it('replaces its panels on update and removes itself on destroy', () => {
    const container = mountContainer();
    const chart = createLazyChart(container);
    chart.update(data);
    chart.flush();
    chart.update({ ...data, samples: [0, 1000] });
    chart.flush();
    expect(container.querySelectorAll('g.lazy-panel').length).toBe(4);
    expect(container.querySelectorAll('path.lazy-line').length).toBe(4);
    expect(container.querySelectorAll('.panel-weightMovementFrobenius circle.lazy-marker').length).toBe(2);
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });

  it('lays out one column when narrow and starts every y axis at zero', () => {
    expect(lazyColumns(400)).toBe(1);
    expect(lazyColumns(900)).toBe(2);
    // Held to a low height (the projector dashboard), a plot of medium width uses two columns.
    expect(lazyColumns(560)).toBe(1);
    expect(lazyColumns(560, 400)).toBe(2);
    expect(lazyColumns(420, 400)).toBe(2);
    expect(lazyColumns(360, 400)).toBe(1);
    expect(lazyYDomain([0.2, 0.5, Number.NaN])[0]).toBe(0);
    expect(lazyYDomain([Number.NaN])).toEqual([0, 1]);
  });
});
