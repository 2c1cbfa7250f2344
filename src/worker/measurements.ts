/**
 * The measurements the loop takes between steps, turned into protocol snapshots: the test-set evaluation with
 * the probe predictions (cheap, frequent), and the heavy round of lazy metrics, influence maps and hidden
 * trajectories (every k steps). Each function reads the device asynchronously and returns plain numbers.
 */
import type { LazyMetrics } from '../model/lazy';
import type { Evaluation, Run } from '../model/run';
import type { PcaBasis } from '../model/trajectories';
import type { InfluenceSnapshot, PredictionSnapshot, TrajectorySnapshot, ViewOptions } from './protocol';

export interface EvaluationResult {
  evaluation: Evaluation;
  predictions: PredictionSnapshot;
}

/** testError, testErrorByPosition and the prediction of the selected probe, at the current step. */
export async function measureEvaluation(run: Run, probe: number): Promise<EvaluationResult> {
  const evaluation = await run.evaluate();
  const predictions = await measurePredictions(run, probe);
  return { evaluation, predictions };
}

export async function measurePredictions(run: Run, probe: number): Promise<PredictionSnapshot> {
  const p = await run.predictions(probe);
  return {
    samples: run.state.samplesSeen,
    probe: p.probe,
    positions: p.positions,
    d: run.config.d,
    predicted: p.predicted,
    target: p.target,
  };
}

/** PCA bases carried from one trajectory snapshot to the next, so the picture does not flip or jump. */
export interface TrajectoryBases {
  /** Fitted at W_0, used when the view asks for the initial basis. */
  initial: PcaBasis | null;
  /** The last refitted basis, to sign-align the next one. */
  previous: PcaBasis | null;
}

export async function measureTrajectories(
  run: Run,
  basis: ViewOptions['basis'],
  bases: TrajectoryBases,
): Promise<TrajectorySnapshot> {
  let t;
  if (basis === 'initial') {
    bases.initial ??= (await run.trajectories({ initial: true })).basis;
    t = await run.trajectories({ fixedBasis: bases.initial });
  } else {
    t = await run.trajectories({ previous: bases.previous });
    bases.previous = t.basis;
  }
  return {
    samples: run.state.samplesSeen,
    probes: t.probes,
    L: t.L,
    k: t.k,
    coords: t.coords,
    explained: [...t.basis.explained],
    basis,
  };
}

export interface HeavyResult {
  lazy: LazyMetrics;
  influence: InfluenceSnapshot;
  trajectories: TrajectorySnapshot;
}

/** The heavy round: lazy-training metrics, influence maps and hidden trajectories. */
export async function measureHeavy(
  run: Run,
  view: ViewOptions,
  bases: TrajectoryBases,
): Promise<HeavyResult> {
  const samples = run.state.samplesSeen;
  const lazy = await run.lazy();
  const maps = await run.influence();
  const trajectories = await measureTrajectories(run, view.basis, bases);
  return {
    lazy,
    influence: { samples, L: maps.L, probes: maps.probes, student: maps.student, teacher: maps.teacher },
    trajectories,
  };
}
