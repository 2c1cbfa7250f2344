/**
 * Builds each chart's data object from the metric series. Arrays are fresh copies, so a chart may keep them
 * until its next frame while the buffers go on changing. Returns null when there is nothing to draw yet.
 */
import type {
  GradientData,
  HiddenData,
  InfluenceData,
  LazyData,
  LossData,
  PositionData,
  PredictionData,
} from '../charts/types';
import type { Baselines } from '../model/baselines';
import { FLOW, LAZY, REPORT, type MetricSeries } from '../state/metric-series';

export interface LossContext {
  eps: number;
  samplesToEps: number | null;
  noiseFloor: number | null;
  /** Mean squared target of the test set; with the squared loss it puts the train loss on testError's scale. */
  targetScale?: number | null;
  loss?: 'sq' | 'abs' | 'huber';
  /** The run's baselines (SPEC §6), drawn as reference lines; null before the run has started. */
  baselines?: Baselines | null;
}

export function lossData(s: MetricSeries, ctx: LossContext): LossData {
  const trainLoss = s.report.column(REPORT.trainLoss);
  // With the squared loss, loss / mean y² is the normalized error on the training batches: the same scale as
  // testError, so the two curves can be compared (raw, the train loss sits far below for no real reason).
  const normalize = ctx.loss === 'sq' && typeof ctx.targetScale === 'number' && ctx.targetScale > 0;
  if (normalize)
    for (let i = 0; i < trainLoss.length; i++)
      trainLoss[i] = (trainLoss[i] as number) / (ctx.targetScale as number);
  return {
    samples: s.report.column(REPORT.samples),
    trainLoss,
    trainLabel: normalize ? 'train error' : 'train loss',
    testError: s.report.column(REPORT.testError),
    eps: ctx.eps,
    noiseFloor: ctx.noiseFloor,
    samplesToEps: ctx.samplesToEps,
    baselines: ctx.baselines ?? null,
  };
}

export function positionData(s: MetricSeries, baselines: Baselines | null = null): PositionData {
  const b = s.byPosition;
  const errorByPosition: Float64Array[] = [];
  for (let i = 0; i < b.length; i++) errorByPosition.push(b.row(i).subarray(1));
  const data: PositionData = { positions: [...s.positions], samples: b.column(0), errorByPosition };
  // Per-position baselines line up with the rows only when they describe the same positions.
  const byPosition = baselines?.byPosition;
  if (byPosition && byPosition.positions.join() === data.positions.join())
    data.linearByPosition = byPosition.linear;
  return data;
}

export function lazyData(s: MetricSeries): LazyData {
  return {
    samples: s.lazy.column(LAZY.samples),
    weightMovementFrobenius: s.lazy.column(LAZY.weightMovementFrobenius),
    weightMovementSpectral: s.lazy.column(LAZY.weightMovementSpectral),
    patternFlips: s.lazy.column(LAZY.patternFlips),
    linearizationGap: s.lazy.column(LAZY.linearizationGap),
  };
}

export function hiddenData(s: MetricSeries): HiddenData | null {
  const t = s.trajectories;
  if (!t) return null;
  return {
    probes: t.probes,
    L: t.L,
    tokens: [...t.tokens],
    memory: Float64Array.from(t.memory),
    memoryAtInit: Float64Array.from(t.memoryAtInit),
    samples: t.samples,
  };
}

export function predictionData(s: MetricSeries): PredictionData | null {
  const p = s.predictions;
  if (!p) return null;
  return {
    positions: p.positions,
    d: p.d,
    predicted: p.predicted,
    target: p.target,
    probe: p.probe,
    samples: p.samples,
  };
}

export function gradientData(s: MetricSeries): GradientData | null {
  const g = s.gradients;
  if (!g) return null;
  return {
    L: g.L,
    probes: g.probes,
    samples: g.samples,
    norms: Float64Array.from(g.norms),
    normsAtInit: Float64Array.from(g.normsAtInit),
    history: {
      samples: s.flow.column(FLOW.samples),
      first: s.flow.column(FLOW.first),
      last: s.flow.column(FLOW.last),
    },
  };
}

export function influenceData(s: MetricSeries): InfluenceData | null {
  const m = s.influence;
  if (!m) return null;
  return { L: m.L, teacher: m.teacher, student: m.student, probes: m.probes, samples: m.samples };
}
