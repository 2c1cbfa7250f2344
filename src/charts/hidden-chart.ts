/**
 * What the hidden state remembers: one line per followed token i, memory(i, l) over the positions l >= i, the
 * distance h_l moves when token i is reversed, over the distance h_i moved when it arrived
 * (src/model/token-memory.ts). Every line starts at 1 at l = i; a line that stays near 1 says h_l still
 * depends on token i as strongly as when it was read, one that falls towards 0 that the state lets it go.
 * Thin lines of the same style are the same measurement on the initial weights W_0, the random network the
 * run started from. Lines differ by colour (viridis by position), dash and marker. The chart draws no
 * animation: each snapshot replaces the previous one, with no transitions or trails, so it needs nothing
 * extra for `prefers-reduced-motion`.
 */
import { color, scaleLinear } from 'd3';
import { axisMargins, drawAxis, innerSize, sparseLabels } from './axes';
import { CHART_CAPTIONS, CHART_TITLES } from './chart-table';
import { formatCount, formatValue, subscript } from './tick-format';
import { drawMemoryLegend, tokenColor, tokenDash, tokenMarker } from './hidden-style';
import { createChart, layer, type RenderContext } from './shell';
import { COLORS } from './theme';
import type { ConfigurableChartHandle, HiddenData, HiddenOptions } from './types';

/** Handle of the token-memory chart (option: showInitial). */
export type HiddenChartHandle = ConfigurableChartHandle<HiddenData, HiddenOptions>;

/** A point of a memory line: position l and memory(i, l). */
export interface MemoryPoint {
  l: number;
  value: number;
}

/** One followed token: its line now and at initialisation (finite points only, l >= token). */
export interface MemoryLine {
  token: number;
  /** Index among the followed tokens (its dash and marker). */
  index: number;
  points: MemoryPoint[];
  initial: MemoryPoint[];
}

function row(
  values: ArrayLike<number> | null | undefined,
  t: number,
  token: number,
  L: number,
): MemoryPoint[] {
  const out: MemoryPoint[] = [];
  if (!values || values.length < (t + 1) * L) return out;
  for (let l = token; l <= L; l++) {
    const value = Number(values[t * L + (l - 1)]);
    if (Number.isFinite(value)) out.push({ l, value });
  }
  return out;
}

/** The lines to draw, in the order of data.tokens. */
export function memoryLines(data: HiddenData): MemoryLine[] {
  return data.tokens.map((token, index) => ({
    token,
    index,
    points: row(data.memory, index, token, data.L),
    initial: row(data.memoryAtInit, index, token, data.L),
  }));
}

/** The y domain: from 0 (forgotten) to a round step above the largest value, never below 1.2. */
export function memoryDomain(lines: MemoryLine[], withInitial = true): [number, number] {
  let top = 0;
  for (const line of lines) {
    for (const p of line.points) top = Math.max(top, p.value);
    if (withInitial) for (const p of line.initial) top = Math.max(top, p.value);
  }
  return [0, Math.max(1.2, Math.ceil(top * 1.04 * 5) / 5)];
}

/** Positions of a line that get a marker: all of them up to `most`, else every few, with both ends. */
export function markerPositions(token: number, L: number, most = 12): number[] {
  const count = L - token + 1;
  if (count <= 0) return [];
  const step = Math.max(1, Math.ceil(count / most));
  const out: number[] = [];
  for (let l = token; l <= L; l += step) out.push(l);
  if (out[out.length - 1] !== L) out.push(L);
  return out;
}

/** Plot heights below this leave out the row of token labels above the plot. */
export const LABEL_ROW_MIN_HEIGHT = 240;

/** Creates the token-memory chart in `container`. */
export function createHiddenChart(container: HTMLElement, options?: HiddenOptions): HiddenChartHandle {
  const render = (data: HiddenData, ctx: RenderContext<HiddenOptions>): void => {
    const { shell, options: o, theme, width, height } = ctx;
    const withInitial = o.showInitial !== false;
    const lines = memoryLines(data);
    const L = data.L;
    const first = Math.min(L, ...data.tokens);
    const y = scaleLinear().domain(memoryDomain(lines, withInitial));
    const yTicks = y.ticks(5);
    // The top margin holds a row of token labels, each above the position where its line starts; a plot held
    // to a low height (the projector dashboard) leaves the row out, and the legend names the lines alone.
    const labelled = height >= LABEL_ROW_MIN_HEIGHT;
    const margin = axisMargins(
      labelled ? theme.font + 12 : Math.ceil(theme.font * 0.6) + 4,
      yTicks.map(formatValue),
      theme,
    );
    const { innerWidth, innerHeight } = innerSize(width, height, margin);
    y.range([innerHeight, 0]);
    const x = scaleLinear()
      .domain([first - 0.35, L + 0.35])
      .range([0, innerWidth]);

    const root = layer(shell.svg, 'plot-area').attr('transform', `translate(${margin.left},${margin.top})`);
    drawAxis(
      layer(root, 'y-axis'),
      y,
      {
        orient: 'left',
        ticks: yTicks,
        format: formatValue,
        label: 'memory of token i',
        grid: innerWidth,
      },
      theme,
    );
    const positions = Array.from({ length: L - first + 1 }, (_, k) => first + k);
    drawAxis(
      layer(root, 'x-axis').attr('transform', `translate(0,${innerHeight})`),
      x,
      {
        orient: 'bottom',
        ticks: sparseLabels(positions, Math.max(2, Math.floor(innerWidth / (theme.font * 2.6)))),
        format: String,
        label: 'position l',
      },
      theme,
    );
    // memory = 1: as strong as when the token arrived.
    layer(root, 'arrival-line')
      .selectAll('line')
      .data([1])
      .join('line')
      .attr('x2', innerWidth)
      .attr('y1', (v) => y(v))
      .attr('y2', (v) => y(v))
      .attr('stroke', COLORS.muted)
      .attr('stroke-width', 1.5)
      .attr('stroke-dasharray', '2 4');

    const path = (pts: MemoryPoint[]): string =>
      pts.map((p, k) => `${k ? 'L' : 'M'}${x(p.l)},${y(p.value)}`).join('');
    layer(root, 'initial-lines')
      .selectAll('path.memory-initial')
      .data(
        withInitial ? lines.filter((line) => line.initial.length > 0) : [],
        (d) => (d as MemoryLine).token,
      )
      .join('path')
      .attr('class', 'memory-initial')
      .attr('fill', 'none')
      .attr('stroke', (d) => tokenColor(d.token, L))
      .attr('stroke-width', theme.thin)
      .attr('stroke-dasharray', (d) => tokenDash(d.index))
      .attr('opacity', 0.7)
      .attr('d', (d) => path(d.initial));
    layer(root, 'lines')
      .selectAll('path.memory-line')
      .data(lines, (d) => (d as MemoryLine).token)
      .join('path')
      .attr('class', 'memory-line')
      .attr('fill', 'none')
      .attr('stroke', (d) => tokenColor(d.token, L))
      .attr('stroke-width', theme.line)
      .attr('stroke-linejoin', 'round')
      .attr('stroke-dasharray', (d) => tokenDash(d.index))
      .attr('d', (d) => path(d.points));

    const radius = theme.marker + 1;
    const markers = lines.flatMap((line) => {
      const shown = new Set(markerPositions(line.token, L));
      const before = new Map(line.initial.map((p) => [p.l, p.value]));
      return line.points.filter((p) => shown.has(p.l)).map((p) => ({ line, p, init: before.get(p.l) }));
    });
    layer(root, 'markers')
      .selectAll('path.memory-marker')
      .data(markers)
      .join((enter) => {
        const m = enter.append('path').attr('class', 'memory-marker');
        m.append('title');
        return m;
      })
      .attr('transform', (m) => `translate(${x(m.p.l)},${y(m.p.value)})`)
      .attr('d', (m) => tokenMarker(m.line.index, radius))
      .attr('fill', (m) => tokenColor(m.line.token, L))
      .attr('stroke', COLORS.background)
      .attr('stroke-width', 1)
      .select('title')
      .text(
        (m) =>
          `token ${m.line.token} in ${subscript('h', m.p.l)}: ${formatValue(m.p.value)}` +
          (m.init !== undefined ? ` (at initialisation ${formatValue(m.init)})` : ''),
      );
    // Each line is named above the plot, over the position where it starts (l = i, memory 1).
    layer(root, 'token-labels')
      .selectAll('text.token-label')
      .data(labelled ? lines.filter((line) => line.points.length > 0) : [])
      .join('text')
      .attr('class', 'token-label')
      .attr('x', (d) => x(d.token))
      .attr('y', -8)
      .attr('text-anchor', 'middle')
      .attr('font-size', theme.font)
      .attr('font-weight', 600)
      // Text a shade darker than its line: the light end of viridis is faint as type on white.
      .attr('fill', (d) => color(tokenColor(d.token, L))?.darker(0.8).formatHex() ?? COLORS.text)
      .attr('paint-order', 'stroke')
      .attr('stroke', COLORS.background)
      .attr('stroke-width', 4)
      .text((d) => `i = ${d.token}`);

    drawMemoryLegend(
      shell.legend,
      [
        ...lines.map((line) => ({
          label: `token ${line.token}`,
          color: tokenColor(line.token, L),
          dash: tokenDash(line.index),
          marker: line.index,
        })),
        ...(withInitial && lines.some((line) => line.initial.length > 0)
          ? [
              {
                label: 'thin: at initialisation (W₀)',
                color: COLORS.muted,
                dash: null,
                marker: null,
                thin: true,
              },
            ]
          : []),
      ],
      theme,
    );
    shell.subtitle.text(
      `token i reversed (x*ᵢ → −x*ᵢ): move of h at l ÷ its move at i (1 = as on arrival) · ${data.probes} probe sequences · ${formatCount(data.samples)} samples`,
    );
  };

  return createChart<HiddenData, HiddenOptions>(
    container,
    {
      kind: 'hidden',
      title: CHART_TITLES.hidden,
      caption: CHART_CAPTIONS.hidden,
      canvas: false,
      defaults: { showInitial: true },
      defaultHeight: (w) => Math.round(Math.min(420, Math.max(240, w * 0.58))),
      hasData: (data) => data.L > 1 && memoryLines(data).some((line) => line.points.length > 0),
      render,
    },
    options,
  );
}
