// @vitest-environment jsdom
/**
 * Token-memory chart: one line per followed token from its own position on, thin lines at initialisation,
 * lines told apart by colour (viridis by position), dash and marker, and the snapshot replacing the last one.
 */
import { interpolateViridis } from 'd3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHiddenChart,
  LABEL_ROW_MIN_HEIGHT,
  markerPositions,
  memoryDomain,
  memoryLines,
} from '../../src/charts/hidden-chart';
import { TOKEN_DASHES, tokenColor, tokenDash, tokenMarker } from '../../src/charts/hidden-style';
import type { HiddenData } from '../../src/charts/types';
import { mountContainer, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

/** Memory of tokens 2 and 4 of L = 6, decaying at `rate` per step (NaN before each token). */
function snapshot(samples: number, rate = 0.1, L = 6, tokens = [2, 4]): HiddenData {
  const line = (r: number) => {
    const out = new Float64Array(tokens.length * L).fill(Number.NaN);
    tokens.forEach((i, t) => {
      for (let l = i; l <= L; l++) out[t * L + l - 1] = 1 - r * (l - i);
    });
    return out;
  };
  return { probes: 8, L, tokens, memory: line(rate), memoryAtInit: line(0.15), samples };
}

function mount(options = {}) {
  const chart = createHiddenChart(mountContainer(), options);
  const feed = (d: HiddenData) => {
    chart.update(d);
    chart.flush();
  };
  return { chart, feed, root: chart.element };
}

describe('token-memory chart', () => {
  it('reads each token’s line from its own position on', () => {
    const lines = memoryLines(snapshot(0));
    expect(lines.map((l) => l.token)).toEqual([2, 4]);
    expect(lines[0]?.points.map((p) => p.l)).toEqual([2, 3, 4, 5, 6]);
    expect(lines[1]?.points.map((p) => p.l)).toEqual([4, 5, 6]);
    expect(lines[1]?.points[0]?.value).toBe(1);
    expect(lines[1]?.initial.map((p) => p.value)).toEqual([1, 0.85, 0.7]);
    // Without reference data the lines have no initial points.
    expect(memoryLines({ ...snapshot(0), memoryAtInit: null })[0]?.initial).toEqual([]);
  });

  it('draws a line, markers and a label per token, thin reference lines and the legend', () => {
    const { feed, root } = mount();
    feed(snapshot(1000));
    expect(root.querySelectorAll('path.memory-line').length).toBe(2);
    expect(root.querySelectorAll('path.memory-initial').length).toBe(2);
    expect(root.querySelectorAll('path.memory-marker').length).toBe(5 + 3);
    expect(textsOf(root, 'text.token-label')).toEqual(['i = 2', 'i = 4']);
    expect(textsOf(root, '.rl-legend-label')).toEqual(['token 2', 'token 4', 'thin: at initialisation (W₀)']);
    expect(textsOf(root, '.axis-title')).toEqual(['memory of token i', 'position l']);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toMatch(/8 probe sequences · 1k samples/);
    const titles = textsOf(root, 'path.memory-marker title');
    expect(titles[1]).toBe('token 2 in h₃: 0.9 (at initialisation 0.85)');
  });

  it('tells lines apart by colour, dash and marker', () => {
    const { feed, root } = mount();
    feed(snapshot(1000));
    const lines = Array.from(root.querySelectorAll('path.memory-line'));
    expect(lines.map((p) => p.getAttribute('stroke'))).toEqual([tokenColor(2, 6), tokenColor(4, 6)]);
    expect(lines[0]?.getAttribute('stroke-dasharray')).toBeNull();
    expect(lines[1]?.getAttribute('stroke-dasharray')).toBe(TOKEN_DASHES[1]);
    const markers = Array.from(root.querySelectorAll('path.memory-marker'), (m) => m.getAttribute('d'));
    expect(markers[0]).not.toBe(markers[5]);
    // The reference lines keep their token's colour and dash.
    const initial = Array.from(root.querySelectorAll('path.memory-initial'));
    expect(initial.map((p) => p.getAttribute('stroke'))).toEqual([tokenColor(2, 6), tokenColor(4, 6)]);
    expect(initial[1]?.getAttribute('stroke-dasharray')).toBe(TOKEN_DASHES[1]);
  });

  it('maps positions to viridis in order, and cycles dashes and markers', () => {
    expect(tokenColor(2, 10)).toBe(interpolateViridis(0));
    expect(tokenColor(10, 10)).toBe(interpolateViridis(0.82));
    expect(tokenColor(6, 10)).toBe(interpolateViridis(0.41));
    // The same position keeps its colour whatever else is followed.
    expect(tokenColor(4, 10)).toBe(tokenColor(4, 10));
    expect(tokenColor(2, 2)).toBe(interpolateViridis(0));
    expect(new Set([0, 1, 2, 3].map(tokenDash)).size).toBe(4);
    expect(tokenDash(4)).toBe(tokenDash(0));
    expect(new Set([0, 1, 2, 3].map((k) => tokenMarker(k, 4))).size).toBe(4);
    expect(tokenMarker(4, 4)).toBe(tokenMarker(0, 4));
  });

  it('replaces the previous snapshot (no trails) and can leave out the reference', () => {
    const { feed, root, chart } = mount();
    feed(snapshot(1000));
    feed(snapshot(2000, 0.2));
    expect(root.querySelectorAll('path.memory-line').length).toBe(2);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toMatch(/2k samples/);
    chart.setOptions({ showInitial: false });
    chart.flush();
    expect(root.querySelectorAll('path.memory-initial').length).toBe(0);
    expect(textsOf(root, '.rl-legend-label')).toEqual(['token 2', 'token 4']);
  });

  it('leaves out the row of token labels when the plot is held low', () => {
    const { feed, root } = mount({ height: LABEL_ROW_MIN_HEIGHT - 1 });
    feed(snapshot(1000));
    expect(root.querySelectorAll('text.token-label').length).toBe(0);
    expect(root.querySelectorAll('path.memory-line').length).toBe(2);
    expect(textsOf(root, '.rl-legend-label').slice(0, 2)).toEqual(['token 2', 'token 4']);
  });

  it('waits without data', () => {
    const { feed, root, chart } = mount();
    feed({ ...snapshot(1000), memory: new Float64Array(12).fill(Number.NaN) });
    expect((root.querySelector('.rl-chart-empty') as HTMLElement).style.display).toBe('flex');
    const container = root.parentElement as HTMLElement;
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });

  it('keeps the y axis from 0 to at least 1.2, on a round step above the data', () => {
    expect(memoryDomain(memoryLines(snapshot(0)))).toEqual([0, 1.2]);
    const high = snapshot(0);
    (high.memory as Float64Array)[2] = 1.31;
    expect(memoryDomain(memoryLines(high))).toEqual([0, 1.4]);
  });

  it('puts markers on every position of short lines and on every few of long ones, ends included', () => {
    expect(markerPositions(2, 10)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const long = markerPositions(2, 200);
    expect(long[0]).toBe(2);
    expect(long[long.length - 1]).toBe(200);
    expect(long.length).toBeLessThanOrEqual(14);
    expect(markerPositions(11, 10)).toEqual([]);
  });
});
