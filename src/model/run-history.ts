/**
 * The metric history of the current run, one row per test-set evaluation, kept in the worker for the run export
 * (SPEC §7). Bounded: when MAX_HISTORY_ROWS is reached, every second row of the older half is dropped, so a run
 * of millions of samples keeps its whole span at a coarser resolution in the past.
 */
import type { Baselines } from './baselines';
import { emptyRunMetrics, finiteOrNull, withBaselines, type RunMetrics } from './run-export';

export const MAX_HISTORY_ROWS = 8192;

export interface HistoryRow {
  samples: number;
  step: number;
  /** Mean training loss of the steps since the previous row. */
  trainLoss: number;
  testError: number;
  testErrorByPosition: readonly number[];
  /** Lazy metrics measured at this row, or null when they were not computed here. */
  lazy: {
    weightMovementFrobenius: number;
    weightMovementSpectral: number;
    patternFlips: number;
    linearizationGap: number;
  } | null;
}

/** Keeps the first row and every second row of the older half, and the whole newer half. */
export function thinOlderHalf<T>(rows: readonly T[]): T[] {
  const half = Math.floor(rows.length / 2);
  const out: T[] = [];
  for (let i = 0; i < half; i += 2) out.push(rows[i] as T);
  for (let i = half; i < rows.length; i++) out.push(rows[i] as T);
  return out;
}

export class RunHistory {
  private rows: HistoryRow[] = [];
  private lossSum = 0;
  private lossSteps = 0;

  constructor(private readonly positions: readonly number[]) {}

  /** Records the mean loss of `steps` steps, to be averaged into the next row. */
  addTrainLoss(meanLoss: number, steps: number): void {
    if (!Number.isFinite(meanLoss) || steps <= 0) return;
    this.lossSum += meanLoss * steps;
    this.lossSteps += steps;
  }

  /** Adds an evaluation row; its trainLoss is the mean since the previous row. */
  addEvaluation(row: Omit<HistoryRow, 'trainLoss'>): void {
    const trainLoss = this.lossSteps > 0 ? this.lossSum / this.lossSteps : Number.NaN;
    this.lossSum = 0;
    this.lossSteps = 0;
    this.rows.push({ ...row, trainLoss });
    if (this.rows.length >= MAX_HISTORY_ROWS) this.rows = thinOlderHalf(this.rows);
  }

  get length(): number {
    return this.rows.length;
  }

  /** Copies of the rows with `after < samples <= upTo` (what the page's copy of the history lacks). */
  rowsIn(after: number, upTo: number): HistoryRow[] {
    return this.rows
      .filter((r) => r.samples > after && r.samples <= upTo)
      .map((r) => ({ ...r, testErrorByPosition: [...r.testErrorByPosition] }));
  }

  /**
   * Drops the rows after `samples` and the loss of steps not yet in a row: the run went back to the checkpoint
   * taken at `samples`, and the steps after it will be trained (and recorded) again.
   */
  truncateAfter(samples: number): void {
    this.rows = this.rows.filter((r) => r.samples <= samples);
    this.lossSum = 0;
    this.lossSteps = 0;
  }

  /** A history that continues from `rows` (those after `samples` are dropped), bounded as usual. */
  static fromRows(positions: readonly number[], rows: readonly HistoryRow[], samples: number): RunHistory {
    const h = new RunHistory(positions);
    for (const r of rows) {
      if (r.samples > samples) continue;
      h.rows.push(r);
      if (h.rows.length >= MAX_HISTORY_ROWS) h.rows = thinOlderHalf(h.rows);
    }
    return h;
  }

  /** The history in the run-export layout (NaN written as null), with the run's baselines at its ε. */
  toRunMetrics(samplesToEps: number | null, baselines?: { baselines: Baselines; eps: number }): RunMetrics {
    const m = emptyRunMetrics([...this.positions]);
    for (const r of this.rows) {
      m.samples.push(r.samples);
      m.step.push(r.step);
      m.trainLoss.push(finiteOrNull(r.trainLoss));
      m.testError.push(finiteOrNull(r.testError));
      m.testErrorByPosition.push(r.testErrorByPosition.map((v) => finiteOrNull(v)));
      m.weightMovementFrobenius.push(finiteOrNull(r.lazy?.weightMovementFrobenius));
      m.weightMovementSpectral.push(finiteOrNull(r.lazy?.weightMovementSpectral));
      m.patternFlips.push(finiteOrNull(r.lazy?.patternFlips));
      m.linearizationGap.push(finiteOrNull(r.lazy?.linearizationGap));
    }
    m.samplesToEps = samplesToEps;
    return baselines ? withBaselines(m, baselines.baselines, baselines.eps) : m;
  }
}
