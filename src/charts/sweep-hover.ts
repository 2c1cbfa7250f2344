/**
 * Hover read-out of the sweep charts: the pointer picks the nearest drawn mark (a run or a median) within
 * a few pixels and the tooltip says what it is, so a reader can check any single seed.
 */
import { pointer } from 'd3';
import { layer, type ChartShell } from './shell';
import { hideTooltip, hoverCapture, showTooltip, type TooltipRow } from './tooltip';
import type { Theme } from './theme';
import type { SweepFrame } from './sweep-plot';

/** A drawn mark a reader can point at. */
export interface HoverMark {
  x: number;
  y: number;
  heading: string;
  rows: TooltipRow[];
}

/** Index of the mark nearest to (px, py) within `radius` pixels, or -1. */
export function nearestMark(marks: readonly HoverMark[], px: number, py: number, radius: number): number {
  let best = -1;
  let bestDistance = radius * radius;
  marks.forEach((m, i) => {
    const d = (m.x - px) ** 2 + (m.y - py) ** 2;
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

/**
 * Puts a transparent capture rectangle over the plot area of `frame` (its root, translated by its margin)
 * that shows the read-out of the nearest mark and rings it.
 */
export function attachSweepHover(
  frame: Pick<SweepFrame, 'root' | 'innerWidth' | 'innerHeight' | 'margin'>,
  shell: ChartShell,
  marks: readonly HoverMark[],
  theme: Theme,
): void {
  const { root, margin } = frame;
  const size = { width: frame.innerWidth, height: frame.innerHeight, margin };
  const ring = layer(root, 'hover');
  const show = (index: number) => {
    const m = marks[index];
    ring
      .selectAll('circle.hover-ring')
      .data(m ? [m] : [])
      .join('circle')
      .attr('class', 'hover-ring')
      .attr('cx', (d) => d.x)
      .attr('cy', (d) => d.y)
      .attr('r', theme.marker * 2.4)
      .attr('fill', 'none')
      .attr('stroke', '#111')
      .attr('stroke-width', 1.5)
      .attr('pointer-events', 'none');
    if (!m) {
      hideTooltip(shell.tooltip);
      return;
    }
    showTooltip(
      shell.tooltip,
      m.heading,
      m.rows,
      m.x + size.margin.left,
      m.y + size.margin.top - 10,
      size.width + size.margin.left,
    );
  };
  hoverCapture(
    layer(root, 'hover-capture'),
    size,
    (event) => {
      const [px, py] = pointer(event, root.node());
      show(nearestMark(marks, px, py, Math.max(14, theme.marker * 4)));
    },
    () => show(-1),
  );
  show(-1);
}
