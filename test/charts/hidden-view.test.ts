// @vitest-environment jsdom
/** The trajectory chart's window: equal aspect on both PCs, growing at once and shrinking slowly. */
import { afterEach, describe, expect, it } from 'vitest';
import { createHiddenChart } from '../../src/charts/hidden-chart';
import { dampBox, dataBox, equalAspectDomains, sharedTicks, type Box } from '../../src/charts/hidden-view';
import type { HiddenData } from '../../src/charts/types';
import { mountContainer, tickX, tickY } from './dom';

afterEach(() => document.body.replaceChildren());

const span = (b: Box) => ({ w: b.x1 - b.x0, h: b.y1 - b.y0 });

describe('damped window', () => {
  it('grows at once to hold data that leaves the window', () => {
    const shown: Box = { x0: -1, x1: 1, y0: -1, y1: 1 };
    const next = dampBox(shown, { x0: -0.5, x1: 3, y0: -0.5, y1: 0.5 });
    expect(next.x1).toBe(3);
    expect(next.x0).toBeLessThanOrEqual(-0.5);
  });

  it('keeps its size while the data fills most of it', () => {
    const shown: Box = { x0: -1, x1: 1, y0: -1, y1: 1 };
    expect(dampBox(shown, { x0: -0.9, x1: 0.8, y0: -0.85, y1: 0.9 })).toEqual(shown);
  });

  it('shrinks towards much smaller data a step at a time and never cuts into it', () => {
    let shown: Box = { x0: -10, x1: 10, y0: -10, y1: 10 };
    const target: Box = { x0: -1, x1: 1, y0: -1, y1: 1 };
    const widths: number[] = [];
    for (let k = 0; k < 30; k++) {
      shown = dampBox(shown, target);
      widths.push(span(shown).w);
      expect(shown.x0).toBeLessThanOrEqual(target.x0);
      expect(shown.x1).toBeGreaterThanOrEqual(target.x1);
    }
    // Not in one jump: the first step keeps most of the width; later ones settle within the slack.
    expect(widths[0]).toBeGreaterThan(10);
    for (let k = 1; k < widths.length; k++) expect(widths[k]).toBeLessThanOrEqual(widths[k - 1] as number);
    expect(widths.at(-1)).toBeLessThanOrEqual(1.4 * span(target).w + 1e-9);
  });

  it('dataBox pads the points and gives a lone point a span', () => {
    const box = dataBox([
      [0, 0],
      [2, 1],
      [Number.NaN, 5],
    ]) as Box;
    expect(box.x0).toBeLessThan(0);
    expect(box.x1).toBeGreaterThan(2);
    expect(box.y1).toBeLessThan(5);
    const lone = dataBox([[3, 3]]) as Box;
    expect(span(lone).w).toBeGreaterThan(0);
    expect(dataBox([[Number.NaN, 1]])).toBeNull();
  });
});

describe('equal aspect', () => {
  it('gives both axes the same pixels per unit and holds the whole box', () => {
    const box: Box = { x0: -4, x1: 4, y0: -1, y1: 1 };
    const { x, y } = equalAspectDomains(box, 600, 300);
    expect(600 / (x[1] - x[0])).toBeCloseTo(300 / (y[1] - y[0]), 9);
    expect(x[0]).toBeLessThanOrEqual(-4);
    expect(x[1]).toBeGreaterThanOrEqual(4);
    expect(y[0]).toBeLessThanOrEqual(-1);
    expect(y[1]).toBeGreaterThanOrEqual(1);
  });

  it('sharedTicks uses one step on both axes', () => {
    const ticks = sharedTicks([-4, 4], [-2, 2], 600, 300);
    const step = (t: number[]) => (t[1] as number) - (t[0] as number);
    expect(step(ticks.x)).toBeCloseTo(step(ticks.y), 12);
    expect(ticks.y.length).toBeGreaterThanOrEqual(2);
  });
});

describe('trajectory chart window', () => {
  function snapshot(samples: number, scale: number): HiddenData {
    const L = 6;
    const coords = new Float64Array(2 * L * 2);
    for (let q = 0; q < 2; q++)
      for (let l = 0; l < L; l++) {
        coords[(q * L + l) * 2] = scale * l;
        coords[(q * L + l) * 2 + 1] = scale * (q - 0.5) * 0.3 * l;
      }
    return { probes: 2, L, k: 2, coords, explained: [0.5, 0.1], basis: 'current', samples };
  }

  /** Pixels per unit along an axis, from its first and last labelled ticks. */
  function perUnit(root: HTMLElement, axis: 'x' | 'y'): number {
    const ticks = Array.from(root.querySelectorAll(`.${axis}-axis .tick`));
    const value = (t: Element) => Number((t.querySelector('text')?.textContent ?? '').replace('−', '-'));
    const pos = axis === 'x' ? tickX : tickY;
    const [a, b] = [ticks[0] as Element, ticks.at(-1) as Element];
    return Math.abs((pos(b) - pos(a)) / (value(b) - value(a)));
  }

  it('draws PC1 and PC2 at the same scale', () => {
    const chart = createHiddenChart(mountContainer(), { trail: 1 });
    chart.update(snapshot(100, 1));
    chart.flush();
    expect(perUnit(chart.element, 'x')).toBeCloseTo(perUnit(chart.element, 'y'), 6);
  });

  it('does not zoom in at once when the paths shrink, but does zoom out at once', () => {
    const chart = createHiddenChart(mountContainer(), { trail: 1 });
    const scaleAfter = (s: number, size: number) => {
      chart.update(snapshot(s, size));
      chart.flush();
      return perUnit(chart.element, 'x');
    };
    const big = scaleAfter(100, 10);
    const small = scaleAfter(200, 1);
    // Ten times smaller paths: an undamped chart would zoom in about ten times.
    expect(small).toBeLessThan(big * 2);
    let later = small;
    for (let s = 300; s < 3000; s += 100) later = scaleAfter(s, 1);
    expect(later).toBeGreaterThan(big * 5);
    // Growing again is immediate: the paths never leave the plot.
    expect(scaleAfter(4000, 10)).toBeCloseTo(big, 0);
    // A new run (samples going back) starts from a fresh window.
    expect(scaleAfter(0, 1)).toBeGreaterThan(big * 5);
  });
});
