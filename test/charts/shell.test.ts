// @vitest-environment jsdom
/** The chart life cycle every chart shares: one draw per frame, resize, height option, destroy. */
import { afterEach, describe, expect, it } from 'vitest';
import { createChart, type ChartSpec } from '../../src/charts/shell';
import { createFrameScheduler } from '../../src/charts/schedule';
import type { BaseChartOptions } from '../../src/charts/types';
import { mountContainer } from './dom';

afterEach(() => document.body.replaceChildren());

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

function countingSpec(drawn: number[][]): ChartSpec<number[], BaseChartOptions> {
  return {
    kind: 'test',
    title: 'Test chart',
    caption: 'Notice the test.',
    canvas: true,
    defaults: {},
    defaultHeight: () => 200,
    hasData: (d) => d.length > 0,
    render: (d, ctx) => {
      drawn.push(d);
      ctx.shell.svg.selectAll('circle').data(d).join('circle');
    },
  };
}

describe('frame scheduler', () => {
  it('runs a burst of requests as one draw on the next frame', async () => {
    let draws = 0;
    const scheduler = createFrameScheduler(() => draws++);
    for (let k = 0; k < 50; k++) scheduler.request();
    expect(draws).toBe(0);
    await nextFrame();
    expect(draws).toBe(1);
    scheduler.request();
    scheduler.flush();
    expect(draws).toBe(2);
    scheduler.request();
    scheduler.cancel();
    await nextFrame();
    expect(draws).toBe(2);
  });
});

describe('createChart', () => {
  it('coalesces updates: only the latest data of a frame is drawn', async () => {
    const drawn: number[][] = [];
    const chart = createChart(mountContainer(), countingSpec(drawn), undefined);
    chart.update([1]);
    chart.update([1, 2]);
    chart.update([1, 2, 3]);
    await nextFrame();
    expect(drawn).toEqual([[1, 2, 3]]);
    expect(chart.element.querySelectorAll('circle').length).toBe(3);
  });

  it('builds title, caption, canvas under SVG and honours height and caption options', () => {
    const drawn: number[][] = [];
    const container = mountContainer();
    const chart = createChart(container, countingSpec(drawn), {
      height: 321,
      caption: false,
      title: 'Custom',
    });
    chart.update([1]);
    chart.flush();
    const root = chart.element;
    expect(root.querySelector('.rl-chart-title')?.textContent).toBe('Custom');
    expect(root.getAttribute('aria-label')).toBe('Custom');
    expect((root.querySelector('.rl-chart-caption') as HTMLElement).style.display).toBe('none');
    expect(root.querySelector('svg')?.getAttribute('height')).toBe('321');
    const plot = root.querySelector('.rl-chart-plot') as HTMLElement;
    expect(plot.firstElementChild?.tagName).toBe('CANVAS');
    expect(plot.querySelector('canvas + svg')).not.toBeNull();
  });

  it('redraws on resize() and stops after destroy()', async () => {
    const drawn: number[][] = [];
    const container = mountContainer();
    const sibling = container.appendChild(document.createElement('span'));
    const chart = createChart(container, countingSpec(drawn), undefined);
    chart.update([1]);
    chart.flush();
    chart.resize();
    await nextFrame();
    expect(drawn.length).toBe(2);
    chart.update([2]);
    chart.destroy();
    await nextFrame();
    expect(drawn.length).toBe(2);
    expect(container.querySelector('figure')).toBeNull();
    expect(container.firstElementChild).toBe(sibling); // the host's own nodes stay
  });
});
