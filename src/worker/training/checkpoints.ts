/**
 * The worker's last good checkpoint: a host copy of the weights taken right after an evaluation that found
 * the run healthy, at most every CHECKPOINT_MIN_INTERVAL_MS and within CHECKPOINT_BUDGET of the time. A run
 * that diverges or loses its backend goes back to it; the page keeps a copy (sent as `snapshot`) to restart a
 * crashed worker from it.
 */
import type { Run } from '../../model/run';
import type { StudentWeights } from '../../model/student';
import type { Teacher } from '../../model/teacher';
import type { RunHistory } from '../../model/run-history';
import type { CheckpointPosition, RunSnapshot, SnapshotMessage } from '../protocol/recovery-messages';
import { copyWeights, nonFiniteWeight, readSnapshot } from './snapshot';

export const CHECKPOINT_MIN_INTERVAL_MS = 2000;
/** Largest share of time that reading checkpoints may take. */
export const CHECKPOINT_BUDGET = 0.05;
/**
 * A checkpoint is kept only while the test error stays below this multiple of the first one (and below 10):
 * a run on its way to NaN passes through huge but finite errors, and going back there would not help.
 */
export const HEALTHY_ERROR_FACTOR = 10;

export type CaptureResult = { kept: true; snapshot: RunSnapshot } | { kept: false; why: string | null };

export class CheckpointKeeper {
  private good: RunSnapshot | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private costMs = 0;
  private initial: StudentWeights | null = null;
  private initialSent = false;
  private teacher: Teacher | null = null;
  /** The page holds the history rows up to this sample count; later snapshots send only newer rows. */
  private historySentUpTo = -1;

  /** A new run: forgets the old checkpoint. `teacher` is set when it does not follow from the seed. */
  reset(teacher: Teacher | null): void {
    this.good = null;
    this.lastAt = Number.NEGATIVE_INFINITY;
    this.initial = null;
    this.initialSent = false;
    this.teacher = teacher;
    this.historySentUpTo = -1;
  }

  /**
   * The run continues from the kept checkpoint: the page's history copy ends there (it drops later rows on
   * `restored`), and it gets `initial` and the teacher again (it may be a new page-side copy).
   */
  continued(): void {
    this.initialSent = false;
    this.historySentUpTo = this.good?.state.samplesSeen ?? -1;
  }

  get latest(): RunSnapshot | null {
    return this.good;
  }

  get position(): CheckpointPosition | null {
    return this.good ? { step: this.good.state.step, samplesSeen: this.good.state.samplesSeen } : null;
  }

  /** Whether a capture is due after an evaluation at `now`. */
  due(now: number): boolean {
    return now - this.lastAt >= Math.max(CHECKPOINT_MIN_INTERVAL_MS, this.costMs / CHECKPOINT_BUDGET);
  }

  /**
   * Reads the weights and keeps them when every value is finite and the test error looks healthy. `why` says
   * what was not finite (a divergence the loss has not shown yet), or is null for a merely unhealthy error or
   * when `stillValid` says the read cannot be trusted (the GPU went away meanwhile).
   */
  async capture(
    run: Run,
    testError: number | null,
    firstTestError: number | null,
    now: () => number,
    stillValid: () => boolean = () => true,
  ): Promise<CaptureResult> {
    const t0 = now();
    const snap = await readSnapshot(run, this.initial);
    this.lastAt = now();
    this.costMs = this.lastAt - t0;
    if (!stillValid()) return { kept: false, why: null };
    const bad = nonFiniteWeight(snap.current);
    if (bad) return { kept: false, why: `the weights ${bad} hold NaN or infinite values` };
    const limit = Math.max(HEALTHY_ERROR_FACTOR, HEALTHY_ERROR_FACTOR * (firstTestError ?? 1));
    if (testError !== null && !(testError <= limit)) return { kept: false, why: null };
    this.initial = snap.initial;
    if (this.teacher) snap.teacher = this.teacher;
    this.good = snap;
    return { kept: true, snapshot: snap };
  }

  /** The learning rate of the kept checkpoint changes with a rollback. */
  setLearningRate(lr: number): void {
    if (this.good) this.good = { ...this.good, config: { ...this.good.config, lr } };
  }

  /**
   * The message that gives the page its copy: the weights (copied so they can be transferred) and the history
   * rows it does not have yet (a long run's history is large; it goes over once).
   */
  message(runId: number, history: RunHistory): SnapshotMessage | null {
    const g = this.good;
    if (!g) return null;
    const first = !this.initialSent;
    this.initialSent = true;
    const upTo = g.state.samplesSeen;
    const rows = history.rowsIn(this.historySentUpTo, upTo);
    this.historySentUpTo = Math.max(this.historySentUpTo, upTo);
    return {
      type: 'snapshot',
      runId,
      config: { ...g.config },
      state: { ...g.state },
      current: copyWeights(g.current),
      initial: first ? copyWeights(g.initial) : null,
      teacher: first ? (g.teacher ?? null) : null,
      history: rows,
    };
  }
}
