/**
 * The measurements the loop takes between steps, turned into protocol snapshots: the test-set evaluation with
 * the probe predictions (cheap, frequent), and the heavy round of lazy metrics, influence maps and the hidden
 * state's token memory (every k steps). Each function reads the device asynchronously and returns plain numbers.
 */
import type { LazyMetrics } from '../../model/lazy';
import type { Evaluation, Run } from '../../model/run';
import { makeBatch } from '../../model/data';
import { PROBE_COUNT } from '../../model/run';
import { memoryTokens, tokenMemory } from '../../model/token-memory';
import type { PcaBasis } from '../../model/trajectories';
import type {
  GradientSnapshot,
  InfluenceSnapshot,
  PredictionSnapshot,
  TrajectorySnapshot,
  ViewOptions,
} from '../protocol/training-protocol';

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

/** What the hidden-state measurement keeps from one snapshot to the next, per run. */
export interface TrajectoryBases {
  /** PCA bases of the former trajectory chart: the run recorder still makes them, nothing reads them. */
  initial?: PcaBasis | null;
  previous?: PcaBasis | null;
  /** The probe inputs (host rows, position-major), drawn once per run. */
  probeX?: Float32Array;
  /** memory(i, l) at W_0: it does not change during the run, so it is measured once. */
  memoryAtInit?: Float64Array;
  /** ‖δ_l‖ at W_0, measured once per run for the same reason. */
  flowAtInit?: Float64Array;
}

/** Gradients through time on the current weights and on W_0 (the latter measured once per run). */
export async function measureGradients(run: Run, bases: TrajectoryBases): Promise<GradientSnapshot> {
  bases.flowAtInit ??= (await run.gradientFlow({ initial: true })).norms;
  const now = await run.gradientFlow();
  return {
    samples: run.state.samplesSeen,
    probes: now.probes,
    L: now.L,
    norms: now.norms,
    // A copy: the message moves its arrays to the page, and this one is sent again with every snapshot.
    normsAtInit: Float64Array.from(bases.flowAtInit),
  };
}

/** Probe sequences the token-memory measurement averages over: the prediction and influence probes. */
export const MEMORY_PROBES = PROBE_COUNT;

/**
 * The hidden-state chart's snapshot: token memory (src/model/token-memory.ts) on the current weights and on
 * W_0. `_basis` is the view's former projection choice, which token memory does not have.
 */
export async function measureTrajectories(
  run: Run,
  _basis: ViewOptions['basis'],
  bases: TrajectoryBases,
): Promise<TrajectorySnapshot> {
  const { L, dIn } = run.config;
  const P = MEMORY_PROBES;
  const probes = Array.from({ length: P }, (_, q) => q);
  bases.probeX ??= makeBatch(run.config, run.teacher, 'probe', probes).X;
  const tokens = memoryTokens(L);
  bases.memoryAtInit ??= (
    await tokenMemory(run.initialWeights(), bases.probeX, L, P, dIn + 1, tokens)
  ).memory;
  const now = await tokenMemory(run.currentWeights(), bases.probeX, L, P, dIn + 1, tokens);
  return {
    samples: run.state.samplesSeen,
    probes: P,
    L,
    tokens,
    memory: now.memory,
    // A copy: the message moves its arrays to the page, and this one is sent again with every snapshot.
    memoryAtInit: Float64Array.from(bases.memoryAtInit),
  };
}

export interface HeavyResult {
  lazy: LazyMetrics;
  influence: InfluenceSnapshot;
  trajectories: TrajectorySnapshot;
  gradients: GradientSnapshot;
}

/** The heavy round: lazy-training metrics, influence maps, token memory and gradients through time. */
export async function measureHeavy(
  run: Run,
  view: ViewOptions,
  bases: TrajectoryBases,
): Promise<HeavyResult> {
  const samples = run.state.samplesSeen;
  const lazy = await run.lazy();
  const maps = await run.influence();
  const trajectories = await measureTrajectories(run, view.basis, bases);
  const gradients = await measureGradients(run, bases);
  return {
    lazy,
    influence: { samples, L: maps.L, probes: maps.probes, student: maps.student, teacher: maps.teacher },
    trajectories,
    gradients,
  };
}
