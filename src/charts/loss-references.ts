/** The loss chart's reference levels (zero predictor, ε, noise floor) and its samplesToEps marker. */
import { estimateTextWidth } from './axes';
import { formatCount, formatValue } from './tick-format';
import { baselineLevels, type LossScales } from './loss-scales';
import { layer } from './shell';
import { COLORS, type Theme } from './theme';
import type { LossData } from './types';

/** Horizontal reference lines: level, label, colour, dash. */
export interface ReferenceLine {
  key: string;
  level: number;
  label: string;
  color: string;
  dash: string;
  /** The line's data-testid, for the baselines a test or a reader looks for. */
  testId?: string;
}

export function referenceLines(data: LossData): ReferenceLine[] {
  const refs: ReferenceLine[] = [
    { key: 'zero', level: 1, label: 'zero predictor (1.0)', color: COLORS.zeroPredictor, dash: '6 4' },
    { key: 'eps', level: data.eps, label: `ε = ${formatValue(data.eps)}`, color: COLORS.eps, dash: '8 4' },
  ];
  const levels = baselineLevels(data);
  // Within a few percent of each other, the two lines coincide: one label says so, on the constant's line.
  const together =
    levels.length === 2 &&
    Math.abs(Math.log((levels[0] as { level: number }).level / (levels[1] as { level: number }).level)) < 0.1;
  for (const b of levels)
    refs.push(
      b.key === 'linear'
        ? {
            key: 'linear',
            level: b.level,
            label: together ? '' : `best linear map ${formatValue(b.level)}`,
            color: COLORS.linearBaseline,
            dash: '1 3',
            testId: 'baseline-linear',
          }
        : {
            key: 'constant',
            level: b.level,
            label: together
              ? `best constant ≈ best linear map ${formatValue(b.level)}`
              : `best constant ${formatValue(b.level)}`,
            color: COLORS.constantBaseline,
            dash: '3 3',
            testId: 'baseline-constant',
          },
    );
  if (data.noiseFloor !== null && Number.isFinite(data.noiseFloor) && data.noiseFloor > 0) {
    refs.push({
      key: 'noise',
      level: data.noiseFloor,
      label: `noise floor ${formatValue(data.noiseFloor)}`,
      color: COLORS.noiseFloor,
      dash: '2 4',
    });
  }
  return refs;
}

/** Draws the vertical samplesToEps line, a dot where it meets ε, and its label (nothing when null). */
export function drawEpsMarker(
  root: ReturnType<typeof layer>,
  data: LossData,
  scales: LossScales,
  innerWidth: number,
  innerHeight: number,
  theme: Theme,
): void {
  const { x, y } = scales;
  const s = data.samplesToEps;
  const visible = s !== null && Number.isFinite(s) && x(s) >= 0 && x(s) <= innerWidth;
  const g = layer(root, 'eps-marker');
  const marker = visible ? [s] : [];
  g.selectAll('line')
    .data(marker)
    .join('line')
    .attr('class', 'eps-marker-line')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', 0)
    .attr('y2', innerHeight)
    .attr('stroke', COLORS.eps)
    .attr('stroke-width', theme.thin + 0.5);
  const epsY = y(data.eps);
  g.selectAll('circle')
    .data(Number.isFinite(epsY) ? marker : [])
    .join('circle')
    .attr('class', 'eps-marker-dot')
    .attr('cx', (d) => x(d))
    .attr('cy', epsY)
    .attr('r', theme.marker + 1.5)
    .attr('fill', COLORS.eps)
    .attr('stroke', 'white')
    .attr('stroke-width', 2);
  const label = s === null ? '' : `ε reached at ${formatCount(s)} samples`;
  // Put the label left of the marker when it would run past the right edge.
  const nearRight = s !== null && visible && x(s) + 8 + estimateTextWidth(label, theme.font) > innerWidth;
  g.selectAll('text')
    .data(marker)
    .join('text')
    .attr('class', 'eps-marker-label')
    .attr('x', (d) => x(d) + (nearRight ? -8 : 8))
    .attr('y', Number.isFinite(epsY) ? epsY + (nearRight ? theme.font + 8 : -10) : theme.font + 4)
    .attr('text-anchor', nearRight ? 'end' : 'start')
    .attr('font-size', theme.font)
    .attr('font-weight', 600)
    .attr('fill', COLORS.eps)
    .attr('paint-order', 'stroke')
    .attr('stroke', 'white')
    .attr('stroke-width', 3)
    .text(label);
}
