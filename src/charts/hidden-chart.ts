/**
 * Hidden-state trajectories: h_1..h_L of a few probe sequences projected on two principal components, one
 * path per probe with position markers. The chart keeps the last few snapshots and draws the older ones as
 * fainter trails, so the reader sees the representation move as training goes on.
 */
import { scaleLinear } from 'd3';
import { drawAxis, leftMarginFor } from './axes';
import { CHART_CAPTIONS, CHART_TITLES } from './captions';
import { formatCount, formatValue, subscript } from './format';
import { drawLegend } from './legend';
import { createChart, layer, type RenderContext } from './shell';
import { paletteColor } from './theme';
import type { ConfigurableChartHandle, HiddenData, HiddenOptions } from './types';
import { HiddenTrail } from './hidden-trail';
import { DampedWindow, dataBox, equalAspectDomains, sharedTicks, type Box } from './hidden-view';

/** Handle of the trajectory chart (options: trail, maxProbes, presenter...). */
export type HiddenChartHandle = ConfigurableChartHandle<HiddenData, HiddenOptions>;

type Resolved = HiddenOptions & Required<Pick<HiddenOptions, 'trail' | 'maxProbes'>>;

const DEFAULTS: Resolved = { trail: 4, maxProbes: 5 };

/** Words for the basis kinds, as the axis labels and subtitle show them. */
export const BASIS_LABELS = {
  initial: 'basis fixed at initialisation',
  current: 'current basis, sign-aligned',
} as const;

/** One drawn path: a probe in a snapshot, with its age (0 = current). */
interface TrajectoryPath {
  key: string;
  probe: number;
  age: number;
  points: [number, number][];
}

/** Positions labelled on the current paths: 1, L and about three in between. */
export function labelledPositions(L: number): number[] {
  const step = Math.max(1, Math.ceil((L - 1) / 4));
  const out: number[] = [];
  for (let l = 1; l < L; l += step) out.push(l);
  out.push(L);
  return Array.from(new Set(out));
}

/** Opacity of a trail `age` snapshots old out of `count` kept: current 1, the oldest about 0.25 (still visible when projected). */
export function trailOpacity(age: number, count: number): number {
  if (age <= 0) return 1;
  return 0.25 + 0.4 * (1 - age / Math.max(1, count));
}

/** Coordinates (first two components) of probe q in a snapshot. */
export function probePoints(snapshot: HiddenData, q: number): [number, number][] {
  const out: [number, number][] = [];
  const { L, k } = snapshot;
  for (let l = 0; l < L; l++) {
    const base = (q * L + l) * k;
    out.push([Number(snapshot.coords[base]), Number(snapshot.coords[base + 1])]);
  }
  return out;
}

/** The paths to draw: every kept snapshot (oldest first) of the first `probes` probes. */
function trajectoryPaths(snapshots: HiddenData[], probes: number): TrajectoryPath[] {
  const paths: TrajectoryPath[] = [];
  snapshots.forEach((snapshot, index) => {
    const age = snapshots.length - 1 - index;
    for (let q = 0; q < Math.min(snapshot.probes, probes); q++)
      paths.push({ key: `${snapshot.samples}:${q}`, probe: q, age, points: probePoints(snapshot, q) });
  });
  return paths;
}

const UNIT_BOX: Box = { x0: -1, x1: 1, y0: -1, y1: 1 };

/** Creates the trajectory chart in `container`. */
export function createHiddenChart(container: HTMLElement, options?: HiddenOptions): HiddenChartHandle {
  const trail = new HiddenTrail();
  const view = new DampedWindow();

  // A new snapshot is one damping step: the window follows the data, growing at once and shrinking slowly.
  const accept = (data: HiddenData, o: Resolved): void => {
    if (trail.push(data, o.trail)) view.reset();
    const paths = trajectoryPaths(trail.latest(o.trail), Math.min(data.probes, o.maxProbes));
    const box = dataBox(paths.flatMap((p) => p.points));
    if (box) view.follow(box);
  };

  const render = (data: HiddenData, ctx: RenderContext<Resolved>): void => {
    const { shell, options: o, theme, width, height } = ctx;
    const snapshots = trail.latest(o.trail);
    const probes = Math.min(data.probes, o.maxProbes);
    const paths = trajectoryPaths(snapshots, probes);
    // A redraw without a new snapshot (resize, options) may grow the window but never shrinks it.
    const box = view.cover(dataBox(paths.flatMap((p) => p.points)) ?? UNIT_BOX);
    const margin = {
      top: Math.ceil(theme.font * 0.6) + 4,
      right: 18,
      bottom: theme.font + theme.label + 24,
      left: 0,
    };
    // The left margin depends on the y tick labels, which depend on the plot width: widen it until they fit.
    const layout = () => {
      const innerWidth = Math.max(40, width - margin.left - margin.right);
      const innerHeight = Math.max(40, height - margin.top - margin.bottom);
      const frame = equalAspectDomains(box, innerWidth, innerHeight);
      const ticks = sharedTicks(frame.x, frame.y, innerWidth, innerHeight);
      return { innerWidth, innerHeight, frame, ticks };
    };
    margin.left = leftMarginFor(['−0.0'], theme);
    let fit = layout();
    for (let pass = 0; pass < 3; pass++) {
      const need = leftMarginFor(fit.ticks.y.map(formatValue), theme);
      if (need <= margin.left) break;
      margin.left = need;
      fit = layout();
    }
    const { innerWidth, innerHeight, frame, ticks } = fit;
    const x = scaleLinear().domain(frame.x).range([0, innerWidth]);
    const y = scaleLinear().domain(frame.y).range([innerHeight, 0]);
    const yTicks = ticks.y;

    const pc = (c: number): string => {
      const share = data.explained[c];
      return `PC${c + 1}${share !== undefined && Number.isFinite(share) ? ` (${(share * 100).toFixed(1)}% of variance)` : ''}`;
    };
    const root = layer(shell.svg, 'plot-area').attr('transform', `translate(${margin.left},${margin.top})`);
    drawAxis(
      layer(root, 'y-axis'),
      y,
      { orient: 'left', ticks: yTicks, format: formatValue, label: pc(1), grid: innerWidth },
      theme,
    );
    drawAxis(
      layer(root, 'x-axis').attr('transform', `translate(0,${innerHeight})`),
      x,
      {
        orient: 'bottom',
        ticks: ticks.x,
        format: formatValue,
        label: pc(0),
        grid: innerHeight,
      },
      theme,
    );

    const sx = (p: [number, number]): number => x(p[0]);
    const sy = (p: [number, number]): number => y(p[1]);
    const d = (pts: [number, number][]): string =>
      pts
        .filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
        .map((p, i) => `${i ? 'L' : 'M'}${sx(p)},${sy(p)}`)
        .join('');
    // Oldest first so the current snapshot is drawn on top.
    const ordered = paths.slice().sort((a, b) => b.age - a.age);
    layer(root, 'trajectories')
      .selectAll('path.trajectory')
      .data(ordered, (p) => (p as TrajectoryPath).key)
      .join('path')
      .attr('class', (p) => `trajectory${p.age === 0 ? ' trajectory-current' : ' trajectory-trail'}`)
      .attr('fill', 'none')
      .attr('stroke', (p) => paletteColor(p.probe))
      .attr('stroke-width', (p) => (p.age === 0 ? theme.line : theme.thin))
      .attr('stroke-linejoin', 'round')
      .attr('opacity', (p) => trailOpacity(p.age, snapshots.length))
      .attr('d', (p) => d(p.points))
      .order();

    const current = paths.filter((p) => p.age === 0);
    const markers = current.flatMap((p) =>
      p.points
        .map((pt, l) => ({ probe: p.probe, position: l + 1, pt }))
        .filter((m) => Number.isFinite(m.pt[0]) && Number.isFinite(m.pt[1])),
    );
    const markerRadius = data.L > 60 ? theme.marker * 0.6 : theme.marker;
    layer(root, 'markers')
      .selectAll('circle.position-marker')
      .data(markers)
      .join((enter) => {
        const c = enter.append('circle').attr('class', 'position-marker');
        c.append('title');
        return c;
      })
      .attr('cx', (m) => sx(m.pt))
      .attr('cy', (m) => sy(m.pt))
      .attr('r', (m) => (m.position === 1 ? markerRadius * 1.35 : markerRadius))
      .attr('fill', (m) => (m.position === 1 ? 'white' : paletteColor(m.probe)))
      .attr('stroke', (m) => paletteColor(m.probe))
      .attr('stroke-width', (m) => (m.position === 1 ? 2 : 1))
      .select('title')
      .text(
        (m) =>
          `probe ${m.probe + 1}, position ${m.position}: (${formatValue(m.pt[0])}, ${formatValue(m.pt[1])})`,
      );
    const shown = new Set(labelledPositions(data.L));
    layer(root, 'position-labels')
      .selectAll('text.position-label')
      .data(markers.filter((m) => shown.has(m.position)))
      .join('text')
      .attr('class', 'position-label')
      .attr('x', (m) => sx(m.pt) + markerRadius + 3)
      .attr('y', (m) => sy(m.pt) - markerRadius - 2)
      .attr('font-size', theme.font)
      .attr('font-weight', 600)
      .attr('fill', (m) => paletteColor(m.probe))
      .attr('paint-order', 'stroke')
      .attr('stroke', 'white')
      .attr('stroke-width', 3)
      .text((m) => String(m.position));

    drawLegend(
      shell.legend,
      Array.from({ length: probes }, (_, q) => ({
        label: `probe ${q + 1}`,
        color: paletteColor(q),
        symbol: 'line-marker' as const,
      })),
      theme,
    );
    const trailNote =
      snapshots.length > 1
        ? ` · fainter: ${snapshots.length - 1} earlier snapshot${snapshots.length > 2 ? 's' : ''}`
        : '';
    shell.subtitle.text(
      `${subscript('h', 1)} … ${subscript('h', data.L)} on the top two principal components · ${BASIS_LABELS[data.basis]} · ${formatCount(data.samples)} samples${trailNote} · open dot = position 1`,
    );
  };

  return createChart<HiddenData, Resolved>(
    container,
    {
      kind: 'hidden',
      title: CHART_TITLES.hidden,
      caption: CHART_CAPTIONS.hidden,
      canvas: false,
      defaults: DEFAULTS,
      defaultHeight: (w) => Math.round(Math.min(440, Math.max(240, w * 0.62))),
      hasData: (data) =>
        data.probes > 0 && data.L > 0 && data.k >= 2 && data.coords.length >= data.probes * data.L * data.k,
      accept,
      render,
    },
    options as Resolved | undefined,
  );
}
