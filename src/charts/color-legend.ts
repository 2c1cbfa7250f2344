/** A continuous colour legend: a gradient bar with an axis, drawn in SVG (sparse, so no canvas needed). */
import type { ScaleContinuousNumeric, Selection } from 'd3';
import { drawAxis } from './axes';
import { layer } from './shell';
import { COLORS, type Theme } from './theme';

let nextId = 0;

/** How to draw the legend. */
export interface ColorLegendSpec {
  /** Maps a value to its colour. */
  color: (value: number) => string;
  /** Positions values along the bar (its range is the bar's extent in pixels). */
  scale: ScaleContinuousNumeric<number, number>;
  /** Bar thickness in pixels. */
  thickness: number;
  ticks: number[];
  format: (value: number) => string;
  label?: string;
}

/**
 * Draws a horizontal legend into `g` (translated to the bar's top-left): the bar spans the scale's range, the
 * axis hangs below it. Replaces what was there.
 */
export function drawColorLegend(
  g: Selection<SVGGElement, unknown, null, undefined>,
  spec: ColorLegendSpec,
  theme: Theme,
): void {
  let id = g.attr('data-gradient-id');
  if (!id) {
    id = `rl-gradient-${nextId++}`;
    g.attr('data-gradient-id', id);
  }
  const [r0, r1] = spec.scale.range() as [number, number];
  const stops = Array.from({ length: 33 }, (_, k) => k / 32);
  const defs = g.selectAll('defs').data([0]).join('defs');
  const gradient = defs
    .selectAll('linearGradient')
    .data([0])
    .join('linearGradient')
    .attr('id', id)
    .attr('x1', '0%')
    .attr('x2', '100%')
    .attr('y1', '0%')
    .attr('y2', '0%');
  gradient
    .selectAll('stop')
    .data(stops)
    .join('stop')
    .attr('offset', (t) => `${t * 100}%`)
    .attr('stop-color', (t) => spec.color(spec.scale.invert(r0 + t * (r1 - r0))));
  g.selectAll('rect.color-bar')
    .data([0])
    .join('rect')
    .attr('class', 'color-bar')
    .attr('x', Math.min(r0, r1))
    .attr('width', Math.abs(r1 - r0))
    .attr('height', spec.thickness)
    .attr('fill', `url(#${id})`)
    .attr('stroke', COLORS.axis)
    .attr('stroke-width', 0.5);
  const axisG = layer(g, 'color-axis').attr('transform', `translate(0,${spec.thickness})`);
  drawAxis(
    axisG,
    spec.scale,
    {
      orient: 'bottom',
      ticks: spec.ticks,
      format: spec.format,
      ...(spec.label ? { label: spec.label } : {}),
    },
    theme,
  );
}
