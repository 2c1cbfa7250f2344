// @vitest-environment jsdom
/** Loss chart structure on fixed data: series, references, ε marker, overlays, hover, options, life cycle. */
import { afterEach, describe, expect, it } from 'vitest';
import { createLossChart } from '../../src/charts/loss-chart';
import { lossYDomain } from '../../src/charts/loss-scales';
import type { LossData } from '../../src/charts/types';
import { firePointer, fireTouch, mountContainer, parseCount, pixelOnLinearAxis, textsOf } from './dom';

const samples = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000];
const base: LossData = {
  samples,
  trainLoss: [0.5, 0.4, Number.NaN, 0.2, 0.12, null, 0.06, 0.04, 0.03],
  testError: [1, Number.NaN, 0.5, Number.NaN, 0.2, Number.NaN, 0.06, Number.NaN, 0.03],
  eps: 0.05,
  noiseFloor: null,
  samplesToEps: 8000,
};

afterEach(() => {
  document.body.replaceChildren();
});

function draw(data: LossData, options = {}) {
  const container = mountContainer();
  const chart = createLossChart(container, options);
  chart.update(data);
  chart.flush();
  return { container, chart, root: chart.element };
}

describe('loss chart', () => {
  it('renders a titled, labelled figure with both series and a caption', () => {
    const { root } = draw(base);
    expect(root.tagName).toBe('FIGURE');
    expect(root.getAttribute('aria-label')).toBe('Learning curve');
    expect(root.querySelector('.rl-chart-title')?.textContent).toBe('Learning curve');
    expect(root.querySelector('.rl-chart-caption')?.textContent).toMatch(/ε/);
    expect(textsOf(root, '.axis-title')).toEqual(['error (log scale)', 'samples seen (sequences)']);
    expect(root.querySelectorAll('.x-axis .tick').length).toBeGreaterThan(2);
    // Smoothing on: raw train loss (faint), smoothed train loss, test error.
    expect(root.querySelectorAll('path.series-line').length).toBe(3);
    expect(root.querySelector('path.series-test')?.getAttribute('d')).toMatch(/^M.*L/);
    // Five sparse test evaluations get a marker each; NaN reports get none.
    expect(root.querySelectorAll('circle.test-marker').length).toBe(5);
    expect(textsOf(root, '.rl-legend-label')).toEqual(['train loss (smoothed)', 'test error']);
    expect(root.querySelector('.rl-chart-empty')?.getAttribute('style')).toMatch(/display: none/);
  });

  it('skips missing values instead of drawing them at zero', () => {
    const { root } = draw(base, { smoothing: 0 });
    const d = root.querySelector('path.series-test')?.getAttribute('d') ?? '';
    // Five finite test errors: one move and four line segments, no NaN coordinates.
    expect(d.match(/[ML]/g)?.length).toBe(5);
    expect(d).not.toMatch(/NaN/);
  });

  it('draws the zero-predictor and ε lines, and the noise floor only when σ > 0', () => {
    const { root } = draw(base);
    expect(root.querySelector('line.ref-zero')).not.toBeNull();
    expect(root.querySelector('line.ref-eps')).not.toBeNull();
    expect(root.querySelector('line.ref-noise')).toBeNull();
    const noisy = draw({ ...base, noiseFloor: 0.01 }).root;
    expect(noisy.querySelector('line.ref-noise')).not.toBeNull();
    expect(noisy.querySelector('text.ref-noise')?.textContent).toBe('noise floor 0.01');
    // The zero predictor sits above ε on the (inverted) y axis.
    const yOf = (sel: string) => Number(noisy.querySelector(sel)?.getAttribute('y1'));
    expect(yOf('line.ref-zero')).toBeLessThan(yOf('line.ref-eps'));
    expect(yOf('line.ref-eps')).toBeLessThan(yOf('line.ref-noise'));
  });

  it('draws the linear and constant baselines as labelled lines at their levels', () => {
    const { root } = draw({ ...base, baselines: { linear: 0.13, constant: 0.6 } });
    const linear = root.querySelector('[data-testid="baseline-linear"]');
    const constant = root.querySelector('[data-testid="baseline-constant"]');
    expect(linear?.getAttribute('data-level')).toBe('0.13');
    expect(constant?.getAttribute('data-level')).toBe('0.6');
    expect(root.querySelector('text.ref-linear')?.textContent).toBe('best linear map 0.13');
    expect(root.querySelector('text.ref-constant')?.textContent).toBe('best constant 0.6');
    // Log y axis, inverted: zero (1.0) above the constant (0.6) above the linear map (0.13) above ε (0.05).
    const yOf = (sel: string) => Number(root.querySelector(sel)?.getAttribute('y1'));
    expect(yOf('line.ref-zero')).toBeLessThan(yOf('line.ref-constant'));
    expect(yOf('line.ref-constant')).toBeLessThan(yOf('line.ref-linear'));
    expect(yOf('line.ref-linear')).toBeLessThan(yOf('line.ref-eps'));
    // Two baselines that coincide (cos at R = 1) share one label, on the constant's line.
    const same = draw({ ...base, baselines: { linear: 0.0049, constant: 0.005 } }).root;
    expect(same.querySelector('[data-testid="baseline-linear"]')).not.toBeNull();
    expect(same.querySelector('text.ref-linear')?.textContent).toBe('');
    expect(same.querySelector('text.ref-constant')?.textContent).toBe(
      'best constant ≈ best linear map 0.005',
    );
    // A constant baseline at the zero predictor's level (an odd Φ) and an exact linear fit draw no line.
    const flat = draw({ ...base, baselines: { linear: 1e-12, constant: 1 } }).root;
    expect(flat.querySelector('[data-testid="baseline-linear"]')).toBeNull();
    expect(flat.querySelector('[data-testid="baseline-constant"]')).toBeNull();
    // A linear baseline far below the curves still widens the y axis so that its line is on screen.
    const low = draw({ ...base, baselines: { linear: 0.002, constant: 1 } }).root;
    expect(low.querySelector('[data-testid="baseline-linear"]')).not.toBeNull();
  });

  it('places the samplesToEps marker at its x on the sample axis', () => {
    const { root } = draw({ ...base, samplesToEps: 6000 });
    const line = root.querySelector('line.eps-marker-line');
    expect(line).not.toBeNull();
    const expected = pixelOnLinearAxis(root.querySelector('.x-axis') as Element, 6000, parseCount);
    // d3 shifts ticks by half a pixel for crisp lines: allow one pixel.
    expect(Math.abs(Number(line?.getAttribute('x1')) - expected)).toBeLessThan(1);
    // 6000 of 0..8000 samples: three quarters of the way along the axis.
    const axisEnd = pixelOnLinearAxis(root.querySelector('.x-axis') as Element, 8000, parseCount);
    expect(Number(line?.getAttribute('x1')) / axisEnd).toBeCloseTo(0.75, 2);
    expect(root.querySelector('text.eps-marker-label')?.textContent).toBe('ε reached at 6k samples');
    const none = draw({ ...base, samplesToEps: null }).root;
    expect(none.querySelector('line.eps-marker-line')).toBeNull();
  });

  it('moves the ε label to the right end when ε is reached so early that its marker would cross it', () => {
    const anchor = (root: HTMLElement) => root.querySelector('text.ref-eps')?.getAttribute('text-anchor');
    expect(anchor(draw(base).root)).toBe('start');
    expect(anchor(draw({ ...base, samplesToEps: 100 }).root)).toBe('end');
  });

  it('draws overlay runs with legend entries, and update replaces them', () => {
    const container = mountContainer();
    const chart = createLossChart(container);
    const overlay = (label: string) => ({
      label,
      samples,
      testError: samples.map((s) => 1 / (1 + s / 1000)),
    });
    chart.update({ ...base, overlays: [overlay('m = 64'), overlay('m = 1024')] });
    chart.flush();
    expect(container.querySelectorAll('path.overlay-line').length).toBe(2);
    expect(textsOf(container, '.rl-legend-label')).toContain('m = 1024');
    // Overlays differ in dash as well as colour.
    const dashes = Array.from(container.querySelectorAll('path.overlay-line')).map((l) =>
      l.getAttribute('stroke-dasharray'),
    );
    expect(new Set(dashes).size).toBe(2);
    chart.update({ ...base, overlays: [overlay('m = 64')] });
    chart.flush();
    chart.update({ ...base, overlays: [overlay('m = 64')] });
    chart.flush();
    expect(container.querySelectorAll('path.overlay-line').length).toBe(1);
    expect(container.querySelectorAll('path.series-line').length).toBe(3);
    expect(container.querySelectorAll('.x-axis').length).toBe(1);
    expect(container.querySelectorAll('line.ref-line').length).toBe(2);
    expect(textsOf(container, '.rl-legend-label')).toEqual(['train loss (smoothed)', 'test error', 'm = 64']);
    expect(container.querySelectorAll('figure').length).toBe(1);
  });

  it('switches to a linear y axis and drops smoothing through setOptions', () => {
    const { root, chart } = draw(base);
    chart.setOptions({ logY: false, smoothing: 0 });
    chart.flush();
    expect(textsOf(root, '.axis-title')[0]).toBe('error');
    expect(textsOf(root, '.y-axis .tick text')).toContain('0');
    expect(root.querySelectorAll('path.series-line').length).toBe(2);
    expect(lossYDomain(base, false, true)[0]).toBe(0);
  });

  it('shows a crosshair with the values at the nearest report on hover', () => {
    const { root } = draw(base, { smoothing: 0 });
    const capture = root.querySelector('.hover-capture rect') as Element;
    // jsdom has no layout: pointer() reads clientX as the plot x. Hover the pixel of 4000 samples.
    const x = pixelOnLinearAxis(root.querySelector('.x-axis') as Element, 4000, parseCount);
    firePointer(capture, 'pointermove', x, 10);
    expect(root.querySelector('line.crosshair')).not.toBeNull();
    expect(root.querySelectorAll('circle.hover-dot').length).toBe(2);
    const tooltip = root.querySelector('.rl-chart-tooltip') as HTMLElement;
    expect(tooltip.style.display).toBe('block');
    expect(tooltip.querySelector('.rl-tooltip-heading')?.textContent).toBe('4k samples');
    expect(textsOf(tooltip, '.rl-tooltip-value')).toEqual(['0.2', '0.12']);
    firePointer(capture, 'pointerleave');
    expect(root.querySelector('line.crosshair')).toBeNull();
    expect(tooltip.style.display).toBe('none');
  });

  it('shows the read-out where a finger taps and keeps it after the finger lifts', () => {
    const { root } = draw(base, { smoothing: 0 });
    const capture = root.querySelector('.hover-capture rect') as SVGRectElement;
    const tooltip = root.querySelector('.rl-chart-tooltip') as HTMLElement;
    expect(capture.style.touchAction).toBe('pan-y');
    const x = pixelOnLinearAxis(root.querySelector('.x-axis') as Element, 4000, parseCount);
    fireTouch(capture, 'pointerdown', x, 10);
    expect(tooltip.style.display).toBe('block');
    fireTouch(capture, 'pointerleave');
    expect(tooltip.style.display).toBe('block');
    firePointer(capture, 'pointerleave');
    expect(tooltip.style.display).toBe('none');
  });

  it('says it is waiting when there is nothing to draw', () => {
    const { root } = draw({ ...base, samples: [], trainLoss: [], testError: [], samplesToEps: null });
    const note = root.querySelector('.rl-chart-empty') as HTMLElement;
    expect(note.style.display).toBe('flex');
    expect(note.textContent).toBe('Waiting for data…');
    expect(root.querySelectorAll('path').length).toBe(0);
  });

  it('enlarges type in presenter mode and removes everything on destroy', () => {
    const { root, chart, container } = draw(base);
    const normal = Number(root.querySelector('.x-axis')?.getAttribute('font-size'));
    expect(normal).toBeGreaterThanOrEqual(13);
    chart.setOptions({ presenter: true });
    chart.flush();
    expect(Number(root.querySelector('.x-axis')?.getAttribute('font-size'))).toBeGreaterThan(normal);
    const lineWidth = Number(root.querySelector('path.series-test')?.getAttribute('stroke-width'));
    expect(lineWidth).toBeGreaterThanOrEqual(3);
    chart.destroy();
    expect(container.childElementCount).toBe(0);
    chart.update(base); // inert after destroy
    chart.flush();
    expect(container.childElementCount).toBe(0);
  });
});
