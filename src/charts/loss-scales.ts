/** Scales of the loss chart, computed from the data alone (pure, so tests check them directly). */
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { countDomain, finiteExtent, linearDomain, logDomain } from './domain';
import type { LossData, Series } from './types';

/** The two scales and the tick values of the loss chart. */
export interface LossScales {
  x: ScaleContinuousNumeric<number, number>;
  y: ScaleContinuousNumeric<number, number>;
  xDomain: [number, number];
  yDomain: [number, number];
}

function* values(...series: (Series | undefined)[]): Generator<number | null | undefined> {
  for (const s of series) if (s) for (let i = 0; i < s.length; i++) yield s[i];
}

/**
 * The x domain: every sample count of the run and its overlays (positive only on a log axis), from zero on a
 * linear axis; a lone report (step 0) gets a short count axis instead of a zero-width one.
 */
export function lossXDomain(data: LossData, logX: boolean): [number, number] {
  const overlays = data.overlays ?? [];
  const extent = finiteExtent(values(data.samples, ...overlays.map((o) => o.samples)), logX);
  if (!logX) return countDomain(extent);
  if (!extent) return [1, 10];
  const [lo, hi] = extent;
  return hi > lo ? [lo, hi] : [lo / 2, hi * 2];
}

/**
 * The baselines worth a line: positive and finite, and not within 2% of the zero predictor (a constant that
 * explains nothing would draw over it; an exactly linear teacher's linear baseline is 0 and off a log axis).
 */
export function baselineLevels(data: LossData): { key: 'linear' | 'constant'; level: number }[] {
  const b = data.baselines;
  if (!b) return [];
  const out: { key: 'linear' | 'constant'; level: number }[] = [];
  for (const key of ['linear', 'constant'] as const) {
    const level = b[key];
    if (Number.isFinite(level) && level > 1e-6 && Math.abs(level - 1) > 0.02) out.push({ key, level });
  }
  return out;
}

/**
 * The y domain: the drawn series plus the reference levels (zero predictor 1.0, ε, noise floor), so the lines
 * the reader compares against are always on screen.
 */
export function lossYDomain(data: LossData, logY: boolean, showTrainLoss: boolean): [number, number] {
  const overlays = data.overlays ?? [];
  const refs = [1, data.eps, data.noiseFloor ?? Number.NaN, ...baselineLevels(data).map((b) => b.level)];
  const extent = finiteExtent(
    values(
      data.testError,
      showTrainLoss ? data.trainLoss : undefined,
      refs,
      ...overlays.map((o) => o.testError),
    ),
    logY,
  );
  if (!extent) return logY ? [0.01, 1] : [0, 1];
  return logY ? logDomain(extent[0], extent[1]) : linearDomain(extent[0], extent[1], true);
}

/** Scales for a plot of innerWidth × innerHeight pixels. */
export function lossScales(
  data: LossData,
  options: { logX: boolean; logY: boolean; showTrainLoss: boolean },
  innerWidth: number,
  innerHeight: number,
): LossScales {
  const xDomain = lossXDomain(data, options.logX);
  const yDomain = lossYDomain(data, options.logY, options.showTrainLoss);
  const x = (options.logX ? scaleLog() : scaleLinear()).domain(xDomain).range([0, innerWidth]);
  const y = (options.logY ? scaleLog() : scaleLinear()).domain(yDomain).range([innerHeight, 0]);
  return { x, y, xDomain, yDomain };
}
