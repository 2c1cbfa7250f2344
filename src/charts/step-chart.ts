/**
 * Step through a sequence: one probe sequence on the current weights, walked one position l at a time, as four
 * panels (a 2 × 2 grid when wide, stacked when narrow):
 *
 * 1. "token": the token x*_l arriving at l, one signed bar per coordinate (nothing at l = 1, the start token);
 * 2. "hidden": the path h_1 → … → h_L projected on the top two principal components of the probe batch's
 *    hidden states (on the same weights), solid up to l and faint after it, the current point large;
 * 3. "output": the student's output F_l beside the teacher's target y_l, a pair of bars per coordinate (F_l
 *    alone where l is not a target position);
 * 4. "influence": the student's ‖∂F_l/∂x*_i‖ beside the teacher's ‖∂y_l/∂x*_i‖ for the earlier tokens
 *    2 ≤ i < l, on one shared scale for both (as the influence maps), fixed over all positions.
 *
 * Every axis domain is fixed from all steps of the sequence, not just the current one, so the picture does not
 * jump while stepping: only the marks move.
 */
import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear, type Selection } from 'd3';
import { drawAxis, drawPanelHeader, estimateTextWidth, leftMarginFor, sparseLabels } from './axes';
import { linearDomain } from './domain';
import { drawLegend } from './legend';
import { createChart, layer, setSubtitle, type RenderContext } from './shell';
import { formatPercent, formatValue } from './tick-format';
import { COLORS, PALETTE, themeFor, type Theme } from './theme';
import type { BaseChartOptions, ChartHandle } from './types';

// ---------------------------------------------------------------------------------------------------------
// Data.

/** One position l of the probe sequence. */
export interface StepPoint {
  /** Position, 1-based. */
  l: number;
  /** The token x*_l arriving at l (length d_in); null at l = 1, where the fixed start token arrives. */
  token: number[] | null;
  /** h_l projected on the top two principal components of the probe batch's hidden states: [PC1, PC2]. */
  hidden: number[];
  /** The student's output F_l (length d). */
  output: number[];
  /** The teacher's target y_l (length d); null where l is not a target position. */
  target: number[] | null;
  /** For 2 ≤ i < l: the student's ‖∂F_l/∂x*_i‖ and the teacher's ‖∂y_l/∂x*_i‖. */
  influence: { i: number; student: number; teacher: number }[];
}

/** One probe sequence, stepped through. */
export interface StepData {
  L: number;
  /** One entry per position (any order; looked up by `l`). */
  steps: StepPoint[];
  /** current position, 1-based */
  position: number;
  /** fraction of variance of each hidden-state principal component (PC1, PC2) */
  explained: number[];
  /** target positions J, 1-based */
  targets: number[];
}

/** The step chart has only the options every chart has. */
export type StepOptions = BaseChartOptions;

/** Handle of the step chart. */
export type StepChartHandle = ChartHandle<StepData>;

/** The chart's default title (pass `title` to replace it). */
export const STEP_CHART_TITLE = 'Step through a sequence';

/** The chart's default caption: a definition of what is drawn (pass `caption` to replace or hide it). */
export const STEP_CHART_CAPTION =
  'One probe sequence on the current weights, one position at a time: the token arriving, where the hidden state moves, the output beside its target, and how strongly each earlier token moves the output (student: ‖∂Fₗ/∂x*ᵢ‖; teacher: the same for yₗ).';

/** The panels, in reading order (their groups carry `data-panel`). */
export const STEP_PANELS = ['token', 'hidden', 'output', 'influence'] as const;
export type StepPanel = (typeof STEP_PANELS)[number];

/** Colours: the student in the test-error blue, the teacher in vermillion, the token in green. */
const STUDENT = PALETTE[0];
const TEACHER = PALETTE[1];
const TOKEN = PALETTE[2];
/** The hidden path after the current position: light grey, dashed. */
const FUTURE = '#b3b3b3';
const FUTURE_DASH = '4 4';

/** The plot is a 2 × 2 grid from this width up, one panel per row below it. */
export const GRID_MIN_WIDTH = 620;

// ---------------------------------------------------------------------------------------------------------
// Pure helpers.

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The current position, rounded and clamped to 1..L. */
export function clampPosition(data: StepData): number {
  const p = Math.round(Number(data.position));
  return Math.min(Math.max(1, data.L), Math.max(1, Number.isFinite(p) ? p : 1));
}

/** The step at position `l`, or (when the data has none there) the step nearest to it; null without steps. */
export function stepAt(data: StepData, l: number): StepPoint | null {
  let best: StepPoint | null = null;
  for (const s of data.steps) {
    if (s.l === l) return s;
    if (best === null || Math.abs(s.l - l) < Math.abs(best.l - l)) best = s;
  }
  return best;
}

/**
 * A symmetric domain [−m, m] around zero with m the largest |value| (padded by 5% and rounded out to nice
 * ticks), so signed bars of different steps compare on one axis; [−1, 1] when every value is zero or missing.
 */
export function symmetricDomain(values: Iterable<number | null | undefined>): [number, number] {
  let m = 0;
  for (const v of values) if (finite(v)) m = Math.max(m, Math.abs(v));
  if (!(m > 0)) return [-1, 1];
  const [lo, hi] = scaleLinear()
    .domain([-m * 1.05, m * 1.05])
    .nice(6)
    .domain() as [number, number];
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  return [-top, top];
}

/** [0, max] over every step's student and teacher influence (rounded out); [0, 1] when all are zero. */
export function influenceMax(data: StepData): [number, number] {
  let m = 0;
  for (const s of data.steps)
    for (const e of s.influence) {
      if (finite(e.student)) m = Math.max(m, e.student);
      if (finite(e.teacher)) m = Math.max(m, e.teacher);
    }
  if (!(m > 0)) return [0, 1];
  return scaleLinear()
    .domain([0, m * 1.05])
    .nice(5)
    .domain() as [number, number];
}

/** The axis domains of all four panels, from every step (fixed while the position changes). */
export interface StepDomains {
  token: [number, number];
  /** Number of token coordinates d_in (the widest token of any step). */
  tokenSize: number;
  pc1: [number, number];
  pc2: [number, number];
  output: [number, number];
  /** Output dimension d (the widest output or target of any step). */
  outputSize: number;
  influence: [number, number];
}

export function stepDomains(data: StepData): StepDomains {
  const tokens = data.steps.flatMap((s) => s.token ?? []);
  const tokenSize = Math.max(0, ...data.steps.map((s) => s.token?.length ?? 0));
  const outputSize = Math.max(0, ...data.steps.map((s) => Math.max(s.output.length, s.target?.length ?? 0)));
  const plane = (k: 0 | 1): [number, number] => {
    const vs = data.steps.map((s) => s.hidden[k]).filter(finite);
    if (vs.length === 0) return [-1, 1];
    return linearDomain(Math.min(...vs), Math.max(...vs), false, 0.08);
  };
  return {
    token: symmetricDomain(tokens),
    tokenSize,
    pc1: plane(0),
    pc2: plane(1),
    output: symmetricDomain(data.steps.flatMap((s) => [...s.output, ...(s.target ?? [])])),
    outputSize,
    influence: influenceMax(data),
  };
}

/** ‖F_l − y_l‖², or null where there is no target (or a coordinate is missing). */
export function squaredError(step: StepPoint): number | null {
  if (!step.target) return null;
  const n = Math.max(step.output.length, step.target.length);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const f = step.output[k];
    const y = step.target[k];
    if (!finite(f) || !finite(y)) return null;
    sum += (f - y) ** 2;
  }
  return sum;
}

/** The influence entries drawn at `step`: finite ones of earlier tokens, 2 ≤ i < l. */
export function earlierInfluence(step: StepPoint): { i: number; student: number; teacher: number }[] {
  return step.influence.filter((e) => e.i >= 2 && e.i < step.l && (finite(e.student) || finite(e.teacher)));
}

/** A panel's box inside the plot (CSS pixels). */
export interface PanelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The four panel boxes, in STEP_PANELS order: a 2 × 2 grid when wide, stacked one per row when narrow. */
export function stepPanelBoxes(width: number, height: number, theme: Theme): PanelBox[] {
  const grid = width >= GRID_MIN_WIDTH;
  const gapX = 32;
  const gapY = theme.label + 14;
  if (grid) {
    const w = (width - gapX) / 2;
    const h = (height - gapY) / 2;
    return [0, 1, 2, 3].map((k) => ({ x: (k % 2) * (w + gapX), y: Math.floor(k / 2) * (h + gapY), w, h }));
  }
  const h = (height - 3 * gapY) / 4;
  return [0, 1, 2, 3].map((k) => ({ x: 0, y: k * (h + gapY), w: width, h }));
}

/** The default plot height: about 520 px for the grid, 4 × 230 px stacked (larger in presenter mode). */
export function stepDefaultHeight(width: number, presenter: boolean | undefined): number {
  const theme = themeFor(presenter);
  if (width >= GRID_MIN_WIDTH) return presenter ? 640 : 520;
  return 4 * (presenter ? 290 : 230) + 3 * (theme.label + 14);
}

// ---------------------------------------------------------------------------------------------------------
// Drawing.

type G = Selection<SVGGElement, unknown, null, undefined>;

/** `long` when it fits in `room` pixels at the label size, else `short`. */
function fitLabel(long: string, short: string, room: number, theme: Theme): string {
  return estimateTextWidth(long, theme.label) <= room ? long : short;
}

/** The inner geometry of a panel: its group (translated to the plot's top left corner) and plot size. */
interface PanelFrame {
  g: G;
  w: number;
  h: number;
}

/**
 * Lays out one panel in `box`: the group with its `data-panel`, the heading above the plot, and the plot size
 * left inside the margins (`yTickLabels` size the left margin; `extraTop` adds a row under the heading).
 */
function panelFrame(
  svg: RenderContext<StepOptions>['shell']['svg'],
  key: StepPanel,
  title: string,
  box: PanelBox,
  yTickLabels: string[],
  theme: Theme,
  extraTop = 0,
): PanelFrame {
  const header = theme.label + 10;
  const margin = {
    top: header + Math.ceil(theme.font * 0.6) + extraTop,
    right: 14,
    bottom: theme.font + theme.label + 22,
    left: leftMarginFor(yTickLabels, theme),
  };
  const w = Math.max(40, box.w - margin.left - margin.right);
  const h = Math.max(40, box.h - margin.top - margin.bottom);
  const g = layer(svg, `step-panel-${key}`)
    .attr('data-panel', key)
    .attr('transform', `translate(${box.x + margin.left},${box.y + margin.top})`);
  drawPanelHeader(g, title, theme, margin);
  return { g, w, h };
}

/** A centred note in a panel (an empty list removes it). */
function drawNote(g: G, notes: string[], x: number, y: number, theme: Theme): void {
  layer(g, 'notes')
    .selectAll('text.panel-note')
    .data(notes)
    .join('text')
    .attr('class', 'panel-note')
    .attr('x', x)
    .attr('y', y)
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'middle')
    .attr('font-size', theme.font)
    .attr('font-weight', 500)
    .attr('fill', COLORS.text)
    .attr('paint-order', 'stroke')
    .attr('stroke', COLORS.background)
    .attr('stroke-width', 4)
    .text((d) => d);
}

/** A horizontal line at y = 0 across the plot. */
function drawZero(g: G, y: ScaleLinear<number, number>, w: number): void {
  layer(g, 'zero-line')
    .selectAll('line')
    .data([0])
    .join('line')
    .attr('x2', w)
    .attr('y1', (v) => y(v))
    .attr('y2', (v) => y(v))
    .attr('stroke', COLORS.axis)
    .attr('stroke-width', 1);
}

/** One bar of a bar panel. */
interface Bar {
  key: string;
  className: string;
  x: number;
  width: number;
  value: number;
  color: string;
  title: string;
}

/** Draws signed bars from y = 0 (replacing the panel's previous bars). */
function drawBars(g: G, bars: Bar[], y: ScaleLinear<number, number>): void {
  const zero = y(0);
  layer(g, 'bars')
    .selectAll<SVGRectElement, Bar>('rect')
    .data(bars, (b) => b.key)
    .join((enter) => {
      const r = enter.append('rect');
      r.append('title');
      return r;
    })
    .attr('class', (b) => b.className)
    .attr('x', (b) => b.x)
    .attr('width', (b) => Math.max(1, b.width))
    .attr('y', (b) => Math.min(zero, y(b.value)))
    .attr('height', (b) => Math.abs(y(b.value) - zero))
    .attr('fill', (b) => b.color)
    .select('title')
    .text((b) => b.title);
}

/** A band scale over `keys` of the plot width and, inside each band, one sub-band per series. */
function pairedBands<K extends number>(
  keys: K[],
  w: number,
): { outer: ScaleBand<K>; inner: ScaleBand<'student' | 'teacher'> } {
  const outer = scaleBand<K>().domain(keys).range([0, w]).paddingInner(0.25).paddingOuter(0.12);
  const inner = scaleBand<'student' | 'teacher'>()
    .domain(['student', 'teacher'])
    .range([0, outer.bandwidth()])
    .paddingInner(0.08);
  return { outer, inner };
}

/** Labelled ticks for `count` band positions over `w` pixels. */
function bandTicks(keys: number[], w: number, theme: Theme): number[] {
  return sparseLabels(keys, Math.max(2, Math.floor(w / (theme.font * 2.4))));
}

/** A label that fits: the long form when there is room, else the short one. */
type FitLabel = [long: string, short: string];

/**
 * The axes of a bar panel: signed or positive values up the left (grid across), band positions along the
 * bottom, each titled with the longest label that fits.
 */
function drawBandAxes(
  g: G,
  y: ScaleLinear<number, number>,
  yTicks: number[],
  yLabel: FitLabel,
  x: ScaleBand<number>,
  xLabel: FitLabel,
  size: { w: number; h: number },
  theme: Theme,
): void {
  const { w, h } = size;
  drawAxis(
    layer(g, 'y-axis'),
    y,
    { orient: 'left', ticks: yTicks, format: formatValue, label: fitLabel(...yLabel, h, theme), grid: w },
    theme,
  );
  drawAxis(
    layer(g, 'x-axis').attr('transform', `translate(0,${h})`),
    x,
    {
      orient: 'bottom',
      ticks: bandTicks(x.domain(), w, theme),
      format: String,
      label: fitLabel(...xLabel, w, theme),
    },
    theme,
  );
}

/** The student's and the teacher's bar at band `key` (each only where its value is finite). */
function pairedBars(
  outer: ScaleBand<number>,
  inner: ScaleBand<'student' | 'teacher'>,
  key: number,
  values: { student: number | null | undefined; teacher: number | null | undefined },
  title: (who: 'student' | 'teacher', value: number) => string,
): Bar[] {
  const x0 = outer(key);
  if (x0 === undefined) return [];
  const bars: Bar[] = [];
  for (const who of ['student', 'teacher'] as const) {
    const value = values[who];
    if (!finite(value)) continue;
    bars.push({
      key: `${who === 'student' ? 's' : 't'}${key}`,
      className: `bar-${who}`,
      x: x0 + (inner(who) ?? 0),
      width: inner.bandwidth(),
      value,
      color: who === 'student' ? STUDENT : TEACHER,
      title: title(who, value),
    });
  }
  return bars;
}

/** Creates the step-through chart in `container`. */
export function createStepChart(container: HTMLElement, options?: StepOptions): StepChartHandle {
  const render = (data: StepData, ctx: RenderContext<StepOptions>): void => {
    const { shell, theme, width, height } = ctx;
    const L = data.L;
    const l = clampPosition(data);
    const step = stepAt(data, l);
    if (!step) return;
    const domains = stepDomains(data);
    const boxes = stepPanelBoxes(width, height, theme);
    const [boxToken, boxHidden, boxOutput, boxInfluence] = boxes as [PanelBox, PanelBox, PanelBox, PanelBox];

    // 1. The token arriving.
    {
      const y = scaleLinear().domain(domains.token);
      const yTicks = y.ticks(5);
      const { g, w, h } = panelFrame(
        shell.svg,
        'token',
        'Token arriving: x*ₗ',
        boxToken,
        yTicks.map(formatValue),
        theme,
      );
      y.range([h, 0]);
      const coords = Array.from({ length: Math.max(1, domains.tokenSize) }, (_, k) => k + 1);
      const x = scaleBand<number>().domain(coords).range([0, w]).paddingInner(0.2).paddingOuter(0.1);
      drawBandAxes(
        g,
        y,
        yTicks,
        ['value', ''],
        x,
        ['coordinate of the token', 'coordinate'],
        { w, h },
        theme,
      );
      drawZero(g, y, w);
      const token = step.token ?? [];
      drawBars(
        g,
        token.flatMap((v, k) =>
          finite(v)
            ? [
                {
                  key: `t${k}`,
                  className: 'bar-token',
                  x: x(k + 1) ?? 0,
                  width: x.bandwidth(),
                  value: v,
                  color: TOKEN,
                  title: `x*ₗ coordinate ${k + 1}: ${formatValue(v)}`,
                },
              ]
            : [],
        ),
        y,
      );
      drawNote(
        g,
        step.token === null ? [`l = ${l}: the start token arrives (no input)`] : [],
        w / 2,
        h / 2,
        theme,
      );
    }

    // 2. The hidden state in the plane of its top two principal components.
    {
      const y = scaleLinear().domain(domains.pc2);
      const yTicks = y.ticks(4);
      const { g, w, h } = panelFrame(
        shell.svg,
        'hidden',
        'Hidden state hₗ (PC1, PC2)',
        boxHidden,
        yTicks.map(formatValue),
        theme,
      );
      y.range([h, 0]);
      const x = scaleLinear().domain(domains.pc1).range([0, w]);
      const pcLabel = (k: 0 | 1, room: number): string => {
        const e = data.explained[k];
        const name = `PC${k + 1}`;
        return finite(e)
          ? fitLabel(
              `${name} (${formatPercent(e)} of variance)`,
              `${name} (${formatPercent(e)})`,
              room,
              theme,
            )
          : name;
      };
      drawAxis(
        layer(g, 'y-axis'),
        y,
        { orient: 'left', ticks: yTicks, format: formatValue, label: pcLabel(1, h), grid: w },
        theme,
      );
      drawAxis(
        layer(g, 'x-axis').attr('transform', `translate(0,${h})`),
        x,
        {
          orient: 'bottom',
          tickCount: Math.max(2, Math.min(6, Math.floor(w / (theme.font * 4.5)))),
          format: formatValue,
          label: pcLabel(0, w),
          grid: h,
        },
        theme,
      );
      const points = data.steps
        .filter((s) => finite(s.hidden[0]) && finite(s.hidden[1]))
        .map((s) => ({ l: s.l, px: x(s.hidden[0] as number), py: y(s.hidden[1] as number) }))
        .sort((a, b) => a.l - b.l);
      const past = points.filter((p) => p.l <= l);
      // The faint part starts at the current point, so the two parts join.
      const future = points.filter((p) => p.l >= l);
      const path = (pts: typeof points): string =>
        pts.map((p, k) => `${k ? 'L' : 'M'}${p.px.toFixed(2)},${p.py.toFixed(2)}`).join('');
      layer(g, 'paths')
        .selectAll('path')
        .data([
          { key: 'future', d: future.length > 1 ? path(future) : '' },
          { key: 'past', d: past.length > 1 ? path(past) : '' },
        ])
        .join('path')
        .attr('class', (p) => `hidden-${p.key}`)
        .attr('fill', 'none')
        .attr('stroke', (p) => (p.key === 'past' ? STUDENT : FUTURE))
        .attr('stroke-width', (p) => (p.key === 'past' ? theme.line : theme.thin))
        .attr('stroke-dasharray', (p) => (p.key === 'past' ? null : FUTURE_DASH))
        .attr('stroke-linejoin', 'round')
        .attr('d', (p) => p.d);
      const current = points.find((p) => p.l === step.l) ?? null;
      layer(g, 'dots')
        .selectAll<SVGCircleElement, (typeof points)[number]>('circle')
        .data(
          points.filter((p) => p !== current),
          (p) => p.l,
        )
        .join((enter) => {
          const c = enter.append('circle');
          c.append('title');
          return c;
        })
        .attr('class', (p) => (p.l < l ? 'hidden-dot hidden-dot--past' : 'hidden-dot hidden-dot--future'))
        .attr('cx', (p) => p.px)
        .attr('cy', (p) => p.py)
        .attr('r', (p) => (p.l < l ? theme.marker * 0.8 : theme.marker * 0.6))
        .attr('fill', (p) => (p.l < l ? STUDENT : FUTURE))
        .select('title')
        .text((p) => `h at l = ${p.l}`);
      layer(g, 'current')
        .selectAll('circle')
        .data(current ? [current] : [])
        .join((enter) => {
          const c = enter.append('circle');
          c.append('title');
          return c;
        })
        .attr('class', 'hidden-current')
        .attr('data-testid', 'step-current')
        .attr('data-l', (p) => p.l)
        .attr('cx', (p) => p.px)
        .attr('cy', (p) => p.py)
        .attr('r', theme.marker * 2)
        .attr('fill', STUDENT)
        .attr('stroke', COLORS.background)
        .attr('stroke-width', 2)
        .select('title')
        .text((p) => `h at l = ${p.l} (current)`);
      const r = theme.marker * 2;
      layer(g, 'current-label')
        .selectAll('text')
        .data(current ? [current] : [])
        .join('text')
        .attr('class', 'current-label')
        // Right of the point, or left of it near the right edge; above it, or below it near the top.
        .attr('x', (p) => (p.px > w - theme.font * 4 ? p.px - r - 4 : p.px + r + 4))
        .attr('y', (p) => (p.py < theme.font + r ? p.py + r + theme.font : p.py - r))
        .attr('text-anchor', (p) => (p.px > w - theme.font * 4 ? 'end' : 'start'))
        .attr('font-size', theme.font)
        .attr('font-weight', 600)
        .attr('fill', COLORS.text)
        .attr('paint-order', 'stroke')
        .attr('stroke', COLORS.background)
        .attr('stroke-width', 4)
        .text((p) => `l = ${p.l}`);
    }

    // 3. The output beside its target.
    {
      const y = scaleLinear().domain(domains.output);
      const yTicks = y.ticks(5);
      const noteRow = theme.font + 8;
      const { g, w, h } = panelFrame(
        shell.svg,
        'output',
        'Output Fₗ and target yₗ',
        boxOutput,
        yTicks.map(formatValue),
        theme,
        noteRow,
      );
      y.range([h, 0]);
      const coords = Array.from({ length: Math.max(1, domains.outputSize) }, (_, k) => k + 1);
      const { outer, inner } = pairedBands(coords, w);
      drawBandAxes(g, y, yTicks, ['value', ''], outer, ['output coordinate k', 'k'], { w, h }, theme);
      drawZero(g, y, w);
      const bars = coords.flatMap((k) =>
        pairedBars(
          outer,
          inner,
          k,
          { student: step.output[k - 1], teacher: step.target?.[k - 1] },
          (who, v) =>
            `${who === 'student' ? 'student Fₗ' : 'teacher yₗ'}, coordinate ${k}: ${formatValue(v)}`,
        ),
      );
      drawBars(g, bars, y);
      drawNote(
        g,
        step.target === null ? [`no target at l = ${l} (not in J)`] : [],
        w / 2,
        -noteRow / 2 - Math.ceil(theme.font * 0.3),
        theme,
      );
    }

    // 4. Which earlier tokens feed the output at l.
    {
      const y = scaleLinear().domain(domains.influence);
      const yTicks = y.ticks(4);
      const { g, w, h } = panelFrame(
        shell.svg,
        'influence',
        'Which earlier tokens feed Fₗ',
        boxInfluence,
        yTicks.map(formatValue),
        theme,
      );
      y.range([h, 0]);
      const positions = Array.from({ length: Math.max(1, L - 1) }, (_, k) => k + 2);
      const { outer, inner } = pairedBands(positions, w);
      drawBandAxes(
        g,
        y,
        yTicks,
        ['gradient norm (one scale)', 'gradient norm'],
        outer,
        ['earlier token position i', 'position i'],
        { w, h },
        theme,
      );
      const bars = earlierInfluence(step).flatMap((e) =>
        pairedBars(outer, inner, e.i, e, (who, v) =>
          who === 'student'
            ? `student ‖∂Fₗ/∂x*ᵢ‖ at i = ${e.i}: ${formatValue(v)}`
            : `teacher ‖∂yₗ/∂x*ᵢ‖ at i = ${e.i}: ${formatValue(v)}`,
        ),
      );
      drawBars(g, bars, y);
      // The current position: the edge past which no token has arrived yet.
      const edge = outer(l);
      layer(g, 'position-marker')
        .selectAll('line')
        .data(edge !== undefined ? [edge - (outer.step() - outer.bandwidth()) / 2] : [])
        .join('line')
        .attr('x1', (v) => v)
        .attr('x2', (v) => v)
        .attr('y2', h)
        .attr('stroke', COLORS.muted)
        .attr('stroke-width', 1)
        .attr('stroke-dasharray', '3 3');
      drawNote(g, l <= 2 ? ['no earlier input token yet'] : [], w / 2, h / 2, theme);
    }

    drawLegend(
      shell.legend,
      [
        { label: 'student Fₗ · ‖∂Fₗ/∂x*ᵢ‖', color: STUDENT, symbol: 'marker' },
        { label: 'teacher yₗ · ‖∂yₗ/∂x*ᵢ‖', color: TEACHER, symbol: 'marker' },
        { label: 'token x*ₗ', color: TOKEN, symbol: 'marker' },
        { label: 'hₗ so far', color: STUDENT, symbol: 'line-marker' },
        { label: 'hₗ still to come', color: FUTURE, dash: FUTURE_DASH },
      ],
      theme,
    );
    const isTarget = step.target !== null;
    const error = squaredError(step);
    setSubtitle(shell, [
      `l = ${l} of ${L}`,
      isTarget ? 'target position' : 'no target here',
      error !== null ? `‖Fₗ − yₗ‖² ${formatValue(error)}` : null,
      'influence bars: one scale for both',
    ]);
  };

  return createChart<StepData, StepOptions>(
    container,
    {
      kind: 'step',
      title: STEP_CHART_TITLE,
      caption: STEP_CHART_CAPTION,
      canvas: false,
      defaults: {},
      defaultHeight: (w, o) => stepDefaultHeight(w, o.presenter),
      hasData: (data) => data.L > 0 && data.steps.length > 0,
      render,
    },
    options,
  );
}
