// @vitest-environment jsdom
/** Trajectory chart: one path per probe and snapshot, markers and sparse labels, trails that fade and reset. */
import { afterEach, describe, expect, it } from 'vitest';
import { createHiddenChart, labelledPositions, trailOpacity } from '../../src/charts/hidden-chart';
import type { HiddenData } from '../../src/charts/types';
import { mountContainer, textsOf } from './dom';

afterEach(() => document.body.replaceChildren());

/** A snapshot of `probes` straight paths, scaled by `t` so snapshots differ. */
function snapshot(
  samples: number,
  t = 1,
  probes = 3,
  L = 6,
  basis: HiddenData['basis'] = 'current',
): HiddenData {
  const k = 2;
  const coords = new Float64Array(probes * L * k);
  for (let q = 0; q < probes; q++)
    for (let l = 0; l < L; l++) {
      coords[(q * L + l) * k] = t * l;
      coords[(q * L + l) * k + 1] = t * (q - 1) * l;
    }
  return { probes, L, k, coords, explained: [0.5, 0.25], basis, samples };
}

function mount(options = {}) {
  const chart = createHiddenChart(mountContainer(), options);
  const feed = (d: HiddenData) => {
    chart.update(d);
    chart.flush();
  };
  return { chart, feed, root: chart.element };
}

describe('hidden-state trajectory chart', () => {
  it('draws one path per probe with a marker per position and the explained variance on the axes', () => {
    const { feed, root } = mount();
    feed(snapshot(1000));
    expect(root.querySelectorAll('path.trajectory-current').length).toBe(3);
    expect(root.querySelectorAll('circle.position-marker').length).toBe(3 * 6);
    expect(textsOf(root, '.axis-title')).toEqual(['PC2 (25.0% of variance)', 'PC1 (50.0% of variance)']);
    expect(textsOf(root, '.rl-legend-label')).toEqual(['probe 1', 'probe 2', 'probe 3']);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toMatch(/current basis, sign-aligned/);
    // Labels only at a few positions: 1, L and some in between, on each probe.
    const labels = textsOf(root, 'text.position-label');
    expect(labels.length).toBe(3 * labelledPositions(6).length);
    expect(new Set(labels)).toEqual(new Set(labelledPositions(6).map(String)));
  });

  it('keeps the last snapshots as fainter trails, up to the trail length', () => {
    const { feed, root } = mount({ trail: 3 });
    for (let s = 1; s <= 5; s++) feed(snapshot(s * 1000, s));
    expect(root.querySelectorAll('path.trajectory').length).toBe(3 * 3);
    expect(root.querySelectorAll('path.trajectory-trail').length).toBe(3 * 2);
    // Markers belong to the current snapshot only: update does not accumulate them.
    expect(root.querySelectorAll('circle.position-marker').length).toBe(3 * 6);
    const opacities = Array.from(root.querySelectorAll('path.trajectory'), (p) =>
      Number(p.getAttribute('opacity')),
    );
    expect(Math.max(...opacities)).toBe(1);
    expect(Math.min(...opacities)).toBeCloseTo(trailOpacity(2, 3), 12);
    expect(trailOpacity(2, 3)).toBeLessThan(trailOpacity(1, 3));
  });

  it('replaces a snapshot with the same samples and restarts the trail on a new basis or run', () => {
    const { feed, root } = mount();
    feed(snapshot(1000, 1));
    feed(snapshot(2000, 2));
    feed(snapshot(2000, 3));
    expect(root.querySelectorAll('path.trajectory').length).toBe(3 * 2);
    feed(snapshot(3000, 1, 3, 6, 'initial'));
    expect(root.querySelectorAll('path.trajectory').length).toBe(3);
    expect(root.querySelector('.rl-chart-subtitle')?.textContent).toMatch(/basis fixed at initialisation/);
    feed(snapshot(500, 1, 3, 6, 'initial')); // samples went backwards: a new run
    expect(root.querySelectorAll('path.trajectory').length).toBe(3);
  });

  it('draws at most maxProbes probes and waits without data', () => {
    const { feed, root, chart } = mount({ maxProbes: 2 });
    feed(snapshot(1000, 1, 4));
    expect(root.querySelectorAll('path.trajectory').length).toBe(2);
    chart.update({ ...snapshot(2000), coords: new Float64Array(0) });
    chart.flush();
    expect((root.querySelector('.rl-chart-empty') as HTMLElement).style.display).toBe('flex');
    const container = root.parentElement as HTMLElement;
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });

  it('labels position 1, L and a few in between', () => {
    expect(labelledPositions(10)).toEqual([1, 4, 7, 10]);
    expect(labelledPositions(3)).toEqual([1, 2, 3]);
    expect(labelledPositions(200).length).toBeLessThanOrEqual(6);
  });
});
