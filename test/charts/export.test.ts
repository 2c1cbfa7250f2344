// @vitest-environment jsdom
/**
 * SVG export: a standalone, well-formed document holding the whole figure (title, subtitle, legend, plot,
 * caption) with its styling written into the file and the hover-only layers left out. Canvas layers cannot be
 * read in jsdom; their embedding as PNG images is checked in a real browser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHART_CAPTIONS } from '../../src/charts/chart-table';
import { demoLossData, demoPositionData } from './demo-data';
import { chartFileName, exportChartSvg } from '../../src/charts/chart-export';
import { createLossChart } from '../../src/charts/loss-chart';
import { createPositionChart } from '../../src/charts/position-chart';
import { FONT_FAMILY } from '../../src/charts/theme';
import { firePointer, mountContainer, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

function parse(svg: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return doc.documentElement as unknown as SVGSVGElement;
}

function lossChart(options = {}) {
  const container = mountContainer();
  const chart = createLossChart(container, options);
  chart.update(demoLossData);
  chart.flush();
  return { container, chart };
}

describe('exportChartSvg', () => {
  it('writes a standalone SVG document of the whole figure', () => {
    const { container, chart } = lossChart();
    const text = exportChartSvg(container);
    expect(text.startsWith('<?xml')).toBe(true);
    const svg = parse(text);
    expect(svg.tagName).toBe('svg');
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    const plotHeight = Number(chart.element.querySelector('svg.rl-chart-svg')?.getAttribute('height'));
    expect(width).toBeGreaterThan(Number(chart.element.querySelector('svg')?.getAttribute('width')));
    // Title, subtitle, legend and caption add to the plot's height.
    expect(height).toBeGreaterThan(plotHeight + 60);
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${width} ${height}`);
    expect(svg.getAttribute('font-family')).toBe(FONT_FAMILY);
    expect(svg.querySelector(':scope > rect')?.getAttribute('fill')).toBe('#ffffff');

    expect(textsOf(svg, 'text.rl-export-title')).toEqual(['Learning curve']);
    expect(textsOf(svg, 'text.rl-export-subtitle').join(' ')).toMatch(/log y/);
    expect(textsOf(svg, 'text.rl-export-caption').join(' ')).toBe(CHART_CAPTIONS.loss);
    const legend = textsOf(svg, '.rl-export-legend text');
    expect(legend).toEqual(textsOf(chart.element, '.rl-legend-label'));
    expect(svg.querySelectorAll('.rl-export-legend svg line').length).toBeGreaterThan(0);
  });

  it('copies the plot with its drawn series and text sizes, and drops hover layers', () => {
    const { container, chart } = lossChart();
    // Leave a hover state behind: it must not reach the file.
    const capture = chart.element.querySelector('.hover-capture rect') as Element;
    firePointer(capture, 'pointermove', 200, 100);
    expect(chart.element.querySelector('.crosshair')).not.toBeNull();
    const svg = parse(exportChartSvg(container));
    const plot = svg.querySelector('.rl-export-plot > svg') as Element;
    expect(plot).not.toBeNull();
    expect(plot.querySelector('path.series-test')?.getAttribute('d')).toBe(
      chart.element.querySelector('path.series-test')?.getAttribute('d'),
    );
    expect(plot.querySelectorAll('.x-axis .tick').length).toBe(
      chart.element.querySelectorAll('.x-axis .tick').length,
    );
    expect(plot.querySelector('.hover-capture, .hover, .crosshair')).toBeNull();
    expect(plot.getAttribute('style')).toBeNull();
    expect(Number(plot.getAttribute('font-size'))).toBeGreaterThanOrEqual(13);
    // Every text carries its colour, so nothing depends on a style sheet.
    for (const t of plot.querySelectorAll('.tick text')) expect(t.getAttribute('fill')).toBeTruthy();
  });

  it('wraps long captions into lines and leaves out a hidden caption', () => {
    const narrow = mountContainer();
    narrow.style.width = '300px';
    const long = 'word '.repeat(80).trim();
    const chart = createLossChart(narrow, { caption: long });
    chart.update(demoLossData);
    chart.flush();
    const lines = textsOf(parse(exportChartSvg(narrow)), 'text.rl-export-caption');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(long);
    const { container } = lossChart({ caption: false });
    expect(parse(exportChartSvg(container)).querySelector('.rl-export-caption')).toBeNull();
  });

  it('exports the waiting note of a chart without data, and a heatmap chart without a readable canvas', () => {
    const empty = mountContainer();
    createLossChart(empty).flush();
    expect(textsOf(parse(exportChartSvg(empty)), 'text.rl-export-empty')).toEqual(['Waiting for data…']);
    const holder = mountContainer();
    const position = createPositionChart(holder);
    position.update(demoPositionData);
    position.flush();
    const svg = parse(exportChartSvg(position.element));
    // jsdom has no 2D canvas: the image layer is skipped, the SVG parts (axes, bars, legend) remain.
    expect(svg.querySelector('image')).toBeNull();
    expect(svg.querySelectorAll('rect.position-bar').length).toBe(demoPositionData.positions.length);
    expect(svg.querySelector('.color-legend linearGradient')).not.toBeNull();
  });

  it('refuses an element that holds no chart and names files after the title', () => {
    expect(() => exportChartSvg(mountContainer())).toThrow(/no \.rl-chart/);
    const { container } = lossChart();
    expect(chartFileName(container, 'svg')).toBe('learning-curve.svg');
    const { container: other } = lossChart({ title: 'Test error — σ = 0.1 (run 2)' });
    expect(chartFileName(other, 'png')).toBe('test-error-0-1-run-2.png');
  });
});
