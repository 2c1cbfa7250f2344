/**
 * The hover read-out box: a heading and rows of "label value", placed beside the pointer inside the plot;
 * and the pointer handling (mouse, pen and touch) on the transparent rectangle that shows it.
 */
import type { Selection } from 'd3';
import type { Div } from './shell';

/** One line of the read-out. */
export interface TooltipRow {
  label: string;
  value: string;
  /** Colour of the small square before the label (the series colour). */
  color?: string;
}

/** Shows `rows` under `heading` near (x, y), flipping to the left of x when it would overflow `plotWidth`. */
export function showTooltip(
  tip: Div,
  heading: string,
  rows: TooltipRow[],
  x: number,
  y: number,
  plotWidth: number,
): void {
  tip.style('display', 'block');
  tip
    .selectAll<HTMLDivElement, string>('div.rl-tooltip-heading')
    .data([heading])
    .join('div')
    .attr('class', 'rl-tooltip-heading')
    .style('font-weight', '600')
    .style('margin-bottom', '3px')
    .text((d) => d);
  const row = tip
    .selectAll<HTMLDivElement, TooltipRow>('div.rl-tooltip-row')
    .data(rows)
    .join((enter) => {
      const r = enter.append('div').attr('class', 'rl-tooltip-row');
      r.append('span').attr('class', 'rl-tooltip-key');
      r.append('span').attr('class', 'rl-tooltip-label');
      r.append('span').attr('class', 'rl-tooltip-value');
      return r;
    })
    .style('display', 'flex')
    .style('align-items', 'center')
    .style('gap', '6px');
  row
    .select('span.rl-tooltip-key')
    .style('display', (d) => (d.color ? 'inline-block' : 'none'))
    .style('width', '10px')
    .style('height', '10px')
    .style('background', (d) => d.color ?? 'transparent');
  row.select('span.rl-tooltip-label').text((d) => d.label);
  row
    .select('span.rl-tooltip-value')
    .style('margin-left', 'auto')
    .style('padding-left', '12px')
    .style('font-variant-numeric', 'tabular-nums')
    .style('font-weight', '600')
    .text((d) => d.value);
  const node = tip.node();
  const width = node && node.offsetWidth > 0 ? node.offsetWidth : 180;
  const left = x + 14 + width > plotWidth ? Math.max(0, x - 14 - width) : x + 14;
  tip.style('left', `${left}px`).style('top', `${Math.max(0, y)}px`);
}

/** Hides the read-out. */
export function hideTooltip(tip: Div): void {
  tip.style('display', 'none');
}

/** Anything d3 can attach pointer listeners to (a hover-capture rectangle). */
interface PointerTarget {
  on(type: string, listener: ((event: PointerEvent) => void) | null): unknown;
  style(name: string, value: string): unknown;
}

/**
 * Hover read-outs that also work by touch: a mouse or pen shows the read-out while it moves over `target`
 * and hides it on leaving; a finger shows it where it taps or drags (a vertical swipe still scrolls the
 * page), and the read-out stays after the finger lifts, until the next tap.
 */
export function onHover<T extends PointerTarget>(
  target: T,
  show: (event: PointerEvent) => void,
  hide: () => void,
): T {
  target.style('touch-action', 'pan-y');
  target.on('pointermove', show);
  target.on('pointerdown', (event: PointerEvent) => {
    if (event.pointerType !== 'mouse') show(event);
  });
  target.on('pointerleave', (event: PointerEvent) => {
    if (event.pointerType !== 'touch') hide();
  });
  return target;
}

/**
 * The transparent rectangle (width × height, at the origin of `g`) that catches the pointer for a read-out,
 * with onHover's `show` and `hide`; kept across redraws, one per `g` (per `className` when given, which the
 * rectangle then carries).
 */
export function hoverCapture(
  g: Selection<SVGGElement, unknown, null, undefined>,
  size: { width: number; height: number; className?: string },
  show: (event: PointerEvent) => void,
  hide: () => void,
): Selection<SVGRectElement, number, SVGGElement, unknown> {
  const { width, height, className } = size;
  return g
    .selectAll<SVGRectElement, number>(className ? `rect.${className}` : 'rect')
    .data([0])
    .join('rect')
    .attr('class', className ?? null)
    .attr('width', width)
    .attr('height', height)
    .attr('fill', 'transparent')
    .call((capture) => onHover(capture, show, hide));
}
