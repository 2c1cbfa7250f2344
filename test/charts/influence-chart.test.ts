// @vitest-environment jsdom
/** Influence chart: two i × j panels on one colour scale, a legend, reachability, hover read-out. */
import { afterEach, describe, expect, it } from 'vitest';
import { createInfluenceChart, influenceDomain, reachable } from '../../src/charts/influence-chart';
import type { InfluenceData } from '../../src/charts/types';
import { firePointer, mountContainer, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

/** L = 4; teacher 0.2 on every i < j with i >= 2; student 0.1 there and 0.5 on (i=3, j=4). */
function maps(): InfluenceData {
  const L = 4;
  const teacher = new Float64Array(L * L);
  const student = new Float64Array(L * L);
  for (let i = 2; i <= L; i++)
    for (let j = i + 1; j <= L; j++) {
      teacher[(i - 1) * L + (j - 1)] = 0.2;
      student[(i - 1) * L + (j - 1)] = 0.1;
    }
  student[(3 - 1) * L + (4 - 1)] = 0.5;
  // An entry in an unreachable cell (i > j) must not stretch the colour scale.
  teacher[(4 - 1) * L + (2 - 1)] = 9;
  return { L, teacher, student, probes: 16, samples: 5000 };
}

describe('influence chart', () => {
  it('draws teacher and student panels with i and j axes and one shared colour legend', () => {
    const chart = createInfluenceChart(mountContainer());
    chart.update(maps());
    chart.flush();
    const root = chart.element;
    expect(textsOf(root, 'text.panel-title')).toEqual(['Teacher  ‖∂yⱼ/∂xᵢ‖', 'Student  ‖∂Fⱼ/∂xᵢ‖']);
    for (const panel of ['teacher', 'student']) {
      const g = root.querySelector(`.panel-${panel}`) as Element;
      expect(textsOf(g, '.y-axis .tick text')).toEqual(['1', '2', '3', '4']);
      expect(textsOf(g, '.x-axis .tick text')).toEqual(['1', '2', '3', '4']);
      expect(textsOf(g, '.axis-title')).toEqual(['input position i', 'output position j']);
    }
    expect(root.querySelectorAll('.color-legend').length).toBe(1);
    expect(root.querySelector('.color-legend .axis-title')?.textContent).toMatch(/shared scale/);
    // The legend runs from 0 to the largest reachable value of either map (0.5, not the unreachable 9).
    const ticks = textsOf(root, '.color-legend .tick text').map(Number);
    expect(ticks[0]).toBe(0);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(0.4);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toMatch(/16 probe sequences/);
  });

  it('computes a shared domain over reachable cells only', () => {
    expect(influenceDomain(maps())).toEqual([0, 0.5]);
    expect(influenceDomain({ L: 2, teacher: [0, 0, 0, 0], student: [0, 0, 0, 0] })).toEqual([0, 1]);
    expect(reachable(1, 3)).toBe(false); // the start token carries no teacher token
    expect(reachable(3, 2)).toBe(false); // the future cannot influence the past
    expect(reachable(2, 2)).toBe(true);
    expect(reachable(2, 5)).toBe(true);
  });

  it('reads out both maps for the hovered cell', () => {
    const chart = createInfluenceChart(mountContainer());
    chart.update(maps());
    chart.flush();
    const root = chart.element;
    const capture = root.querySelector('.panel-student rect.hover-capture') as Element;
    const side = Number(capture.getAttribute('width'));
    // Cell (i = 3, j = 4): column 4 and row 3 of 4, in the panel's own coordinates (jsdom: client = local).
    firePointer(capture, 'pointermove', side * 0.875, side * 0.625);
    const tooltip = root.querySelector('.rl-chart-tooltip') as HTMLElement;
    expect(tooltip.querySelector('.rl-tooltip-heading')?.textContent).toBe('input i = 3 → output j = 4');
    expect(textsOf(tooltip, '.rl-tooltip-value')).toEqual(['0.2', '0.5']);
    // The same cell is outlined in both panels: row i = 3 and column j = 4 of a 4 × 4 grid.
    for (const panel of ['teacher', 'student']) {
      const outline = root.querySelector(`.panel-${panel} .cell-highlight rect`) as Element;
      expect(Number(outline.getAttribute('x')) + 1).toBeCloseTo(side * 0.75, 6);
      expect(Number(outline.getAttribute('y')) + 1).toBeCloseTo(side * 0.5, 6);
    }
    firePointer(capture, 'pointermove', side * 0.125, side * 0.875);
    expect(textsOf(tooltip, '.rl-tooltip-value')).toEqual(['cannot reach', 'cannot reach']);
    firePointer(capture, 'pointerleave');
    expect(root.querySelectorAll('.cell-highlight rect').length).toBe(0);
  });

  it('replaces panels on update and cleans up on destroy', () => {
    const container = mountContainer();
    const chart = createInfluenceChart(container, { scale: 'linear' });
    chart.update(maps());
    chart.flush();
    chart.update({ ...maps(), L: 2, teacher: [0, 0.3, 0, 0], student: [0, 0.2, 0, 0] });
    chart.flush();
    expect(container.querySelectorAll('.panel-teacher').length).toBe(1);
    expect(textsOf(container, '.panel-teacher .y-axis .tick text')).toEqual(['1', '2']);
    expect(container.querySelector('.color-legend .axis-title')?.textContent).toMatch(/linear/);
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });
});
