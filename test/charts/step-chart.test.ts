// @vitest-environment jsdom
/**
 * Step through a sequence: the four panels show the step at the current position (the token arriving, the
 * hidden path up to l, F_l beside y_l, the influence row for l), with axis domains fixed over all positions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  clampPosition,
  createStepChart,
  earlierInfluence,
  squaredError,
  STEP_PANELS,
  stepDomains,
  stepPanelBoxes,
  symmetricDomain,
  type StepData,
} from '../../src/charts/step-chart';
import { themeFor } from '../../src/charts/theme';
import { mountContainer, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

// L = 4, d_in = 2, d = 1, J = {3, 4}: the hidden path goes round a square.
const data = (position: number): StepData => ({
  L: 4,
  position,
  explained: [0.6, 0.3],
  targets: [3, 4],
  steps: [
    { l: 1, token: null, hidden: [0, 0], output: [0.1], target: null, influence: [] },
    { l: 2, token: [0.5, -0.25], hidden: [1, 0], output: [0.2], target: null, influence: [] },
    {
      l: 3,
      token: [-1, 0.5],
      hidden: [1, 1],
      output: [0.4],
      target: [0.6],
      influence: [{ i: 2, student: 0.3, teacher: 0.5 }],
    },
    {
      l: 4,
      token: [0.25, 2],
      hidden: [0, 1],
      output: [-0.5],
      target: [-1],
      influence: [
        { i: 2, student: 0.1, teacher: 0 },
        { i: 3, student: 0.8, teacher: 1.2 },
      ],
    },
  ],
});

// jsdom has no layout: the chart draws at the shell's fallback width (640 px, the 2 × 2 grid).
function render(position: number): HTMLElement {
  const chart = createStepChart(mountContainer());
  chart.update(data(position));
  chart.flush();
  return chart.element;
}

const heights = (root: Element, sel: string): number[] =>
  Array.from(root.querySelectorAll(sel), (r) => Number(r.getAttribute('height')));

describe('step chart: pure helpers', () => {
  it('clamps the position to 1..L and computes the error only at targets', () => {
    expect(clampPosition({ ...data(9) })).toBe(4);
    expect(clampPosition({ ...data(-3) })).toBe(1);
    expect(clampPosition({ ...data(Number.NaN) })).toBe(1);
    const d = data(1);
    expect(squaredError(d.steps[1]!)).toBeNull();
    expect(squaredError(d.steps[3]!)).toBeCloseTo(0.25, 12);
    expect(earlierInfluence(d.steps[3]!).map((e) => e.i)).toEqual([2, 3]);
  });

  it('fixes every domain over all positions (symmetric for signed values)', () => {
    const dm = stepDomains(data(1));
    expect(dm.token[0]).toBe(-dm.token[1]);
    expect(dm.token[1]).toBeGreaterThanOrEqual(2);
    expect(dm.output[1]).toBeGreaterThanOrEqual(1);
    expect(dm.influence[0]).toBe(0);
    expect(dm.influence[1]).toBeGreaterThanOrEqual(1.2);
    expect(dm.tokenSize).toBe(2);
    expect(dm.outputSize).toBe(1);
    expect(dm.pc1[0]).toBeLessThan(0);
    expect(dm.pc1[1]).toBeGreaterThan(1);
    expect(symmetricDomain([0, null, Number.NaN])).toEqual([-1, 1]);
    // The domains do not depend on the position.
    expect(stepDomains(data(4))).toEqual(dm);
  });

  it('lays the panels out in a 2 × 2 grid when wide and stacked when narrow', () => {
    const theme = themeFor(false);
    const grid = stepPanelBoxes(900, 500, theme);
    expect(new Set(grid.map((b) => b.x)).size).toBe(2);
    expect(new Set(grid.map((b) => b.y)).size).toBe(2);
    const stacked = stepPanelBoxes(400, 1000, theme);
    expect(new Set(stacked.map((b) => b.x)).size).toBe(1);
    expect(new Set(stacked.map((b) => b.y)).size).toBe(4);
    for (const b of stacked) expect(b.w).toBe(400);
  });
});

describe('step chart: drawing', () => {
  it('draws four labelled panels and the current point at l', () => {
    const root = render(3);
    expect(Array.from(root.querySelectorAll('[data-panel]'), (g) => g.getAttribute('data-panel'))).toEqual([
      ...STEP_PANELS,
    ]);
    expect(textsOf(root, '.panel-title')).toEqual([
      'Token arriving: x*ₗ',
      'Hidden state hₗ (PC1, PC2)',
      'Output Fₗ and target yₗ',
      'Which earlier tokens feed Fₗ',
    ]);
    const current = root.querySelector('[data-testid="step-current"]');
    expect(current?.getAttribute('data-l')).toBe('3');
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toContain('l = 3 of 4');
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toContain('target position');
  });

  it('shows the token at l as signed bars, and a note for the start token at l = 1', () => {
    const at2 = render(2);
    const bars = at2.querySelectorAll('[data-panel="token"] rect.bar-token');
    expect(bars.length).toBe(2);
    // 0.5 is twice as tall as −0.25.
    const [a, b] = heights(at2, '[data-panel="token"] rect.bar-token');
    expect((a as number) / (b as number)).toBeCloseTo(2, 3);
    document.body.replaceChildren();
    const at1 = render(1);
    expect(at1.querySelectorAll('[data-panel="token"] rect.bar-token').length).toBe(0);
    expect(textsOf(at1, '[data-panel="token"] .panel-note')).toEqual([
      'l = 1: the start token arrives (no input)',
    ]);
    expect(textsOf(at1, '[data-panel="influence"] .panel-note')).toEqual(['no earlier input token yet']);
  });

  it('draws F_l beside y_l at a target position and F_l alone elsewhere', () => {
    const at4 = render(4);
    const [f] = heights(at4, '[data-panel="output"] rect.bar-student');
    const [y] = heights(at4, '[data-panel="output"] rect.bar-teacher');
    expect((y as number) / (f as number)).toBeCloseTo(2, 3);
    document.body.replaceChildren();
    const at2 = render(2);
    expect(at2.querySelectorAll('[data-panel="output"] rect.bar-student').length).toBe(1);
    expect(at2.querySelectorAll('[data-panel="output"] rect.bar-teacher').length).toBe(0);
    expect(textsOf(at2, '[data-panel="output"] .panel-note')).toEqual(['no target at l = 2 (not in J)']);
    expect(at2.querySelector('.rl-chart-subtitle')?.textContent).toContain('no target here');
  });

  it('draws the influence row for l on one scale for student and teacher', () => {
    const root = render(4);
    const s = heights(root, '[data-panel="influence"] rect.bar-student');
    const t = heights(root, '[data-panel="influence"] rect.bar-teacher');
    expect(s.length).toBe(2);
    expect(t.length).toBe(2);
    // student 0.8 vs teacher 1.2 at i = 3 share one axis.
    expect((t[1] as number) / (s[1] as number)).toBeCloseTo(1.5, 3);
  });

  it('draws the hidden path solid up to l and faint after it', () => {
    const root = render(2);
    const past = root.querySelector('[data-panel="hidden"] path.hidden-past')?.getAttribute('d') ?? '';
    const future = root.querySelector('[data-panel="hidden"] path.hidden-future')?.getAttribute('d') ?? '';
    expect((past.match(/[ML]/g) ?? []).length).toBe(2);
    expect((future.match(/[ML]/g) ?? []).length).toBe(3);
    expect(root.querySelectorAll('[data-panel="hidden"] circle.hidden-dot--past').length).toBe(1);
    expect(root.querySelectorAll('[data-panel="hidden"] circle.hidden-dot--future').length).toBe(2);
    // The PC labels carry the explained variance.
    expect(root.querySelector('[data-panel="hidden"] .x-axis')?.textContent).toContain('PC1');
  });

  it('keeps the axes fixed while the position changes', () => {
    const ticks = (root: Element): string[] => textsOf(root, '[data-panel="output"] .y-axis .tick text');
    const a = ticks(render(2));
    document.body.replaceChildren();
    const b = ticks(render(4));
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(2);
  });
});
