/**
 * How often the training loop does each kind of work. Pure arithmetic on measured durations, so the rules can
 * be tested without a device:
 * - a chunk of steps lasts about one report interval, so the device queue never runs far ahead of the loop;
 * - the held-out set is evaluated at most every EVAL_MIN_INTERVAL_MS and within an EVAL_BUDGET share of time;
 * - heavy metrics (influence, trajectories, lazy metrics) run every k steps, k chosen so they cost under
 *   HEAVY_BUDGET of the time.
 */

/** Target duration of one chunk of steps: one report (and at most 20 reports a second). */
export const CHUNK_TARGET_MS = 50;
export const MAX_CHUNK_STEPS = 4096;

/** Shortest gap between two test-set evaluations while training runs. */
export const EVAL_MIN_INTERVAL_MS = 250;
/** Largest share of time the test-set evaluation may take. */
export const EVAL_BUDGET = 0.15;

/** Largest share of time heavy metrics may take; the schedule aims a little lower to leave a margin. */
export const HEAVY_BUDGET = 0.1;
const HEAVY_AIM = 0.08;
/** Heavy metrics are not worth redrawing more often than this, however cheap they are. */
export const HEAVY_MIN_INTERVAL_MS = 500;

/**
 * Exponential moving average of a duration. The first observation is a warm-up and is ignored: GPU backends
 * compile their shaders on first use, which can take seconds and would stretch every schedule for minutes.
 */
export class Ema {
  private v: number | null = null;
  private warmedUp = false;
  constructor(private readonly weight = 0.3) {}
  observe(x: number): void {
    if (!Number.isFinite(x)) return;
    if (!this.warmedUp) {
      this.warmedUp = true;
      return;
    }
    this.v = this.v === null ? x : this.v + this.weight * (x - this.v);
  }
  get value(): number | null {
    return this.v;
  }
}

/** Steps per chunk, adapted so a chunk lasts about CHUNK_TARGET_MS. Starts at one step. */
export class ChunkSizer {
  private n = 1;
  get steps(): number {
    return this.n;
  }
  /** Records that `steps` steps took `ms` milliseconds (including the read that waited for the device). */
  observe(steps: number, ms: number): void {
    if (steps <= 0) return;
    const perStep = Math.max(ms, 0.01) / steps;
    // Grow at most 2x per chunk so one fast outlier cannot queue seconds of device work.
    const ideal = Math.floor(CHUNK_TARGET_MS / perStep);
    this.n = Math.max(1, Math.min(MAX_CHUNK_STEPS, ideal, this.n * 2));
  }
}

/** Decides when to evaluate the held-out set, from training time since the last evaluation. */
export class EvalSchedule {
  private readonly cost = new Ema();
  observeCost(ms: number): void {
    this.cost.observe(ms);
  }
  /** Training milliseconds to wait between evaluations. */
  get intervalMs(): number {
    const c = this.cost.value ?? 0;
    return Math.max(EVAL_MIN_INTERVAL_MS, (c * (1 - EVAL_BUDGET)) / EVAL_BUDGET);
  }
  due(trainMsSinceEval: number): boolean {
    return trainMsSinceEval >= this.intervalMs;
  }
}

/** Chooses k, the number of steps between two heavy-metric rounds. */
export class HeavySchedule {
  private readonly cost = new Ema();
  private readonly stepMs = new Ema();
  observeCost(ms: number): void {
    this.cost.observe(ms);
  }
  observeSteps(steps: number, ms: number): void {
    if (steps > 0) this.stepMs.observe(ms / steps);
  }
  /**
   * k such that heavy / (k · step + heavy) <= HEAVY_AIM, and at least HEAVY_MIN_INTERVAL_MS of training apart.
   * Before anything is measured, k = 1 (the first round then measures the costs).
   */
  get every(): number {
    const heavy = this.cost.value;
    const step = this.stepMs.value;
    if (heavy === null || step === null || step <= 0) return 1;
    const forBudget = Math.ceil((heavy * (1 - HEAVY_AIM)) / (HEAVY_AIM * step));
    const forInterval = Math.ceil(HEAVY_MIN_INTERVAL_MS / step);
    return Math.max(1, forBudget, forInterval);
  }
}

/** Steps and samples per second over a sliding window of wall-clock time. */
export class RateMeter {
  private readonly points: { t: number; step: number; samples: number }[] = [];
  constructor(private readonly windowMs = 2000) {}
  observe(t: number, step: number, samples: number): void {
    this.points.push({ t, step, samples });
    while (this.points.length > 2 && t - (this.points[0] as { t: number }).t > this.windowMs)
      this.points.shift();
  }
  reset(): void {
    this.points.length = 0;
  }
  rates(): { stepsPerSecond: number; samplesPerSecond: number } {
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    if (!first || !last || last.t <= first.t) return { stepsPerSecond: 0, samplesPerSecond: 0 };
    const dt = (last.t - first.t) / 1000;
    return {
      stepsPerSecond: (last.step - first.step) / dt,
      samplesPerSecond: (last.samples - first.samples) / dt,
    };
  }
}

export type TimeKind = 'train' | 'eval' | 'heavy';

/**
 * How the loop's time splits between training, evaluation and heavy metrics since the run started. The first
 * duration of each kind is left out: it holds shader compilation on GPU backends, not the steady cost.
 */
export class TimeShares {
  private readonly totals: Record<TimeKind, number> = { train: 0, eval: 0, heavy: 0 };
  private readonly seen = new Set<TimeKind>();
  add(kind: TimeKind, ms: number): void {
    if (!this.seen.has(kind)) {
      this.seen.add(kind);
      return;
    }
    this.totals[kind] += ms;
  }
  share(kind: TimeKind): number {
    const all = this.totals.train + this.totals.eval + this.totals.heavy;
    return all > 0 ? this.totals[kind] / all : 0;
  }
}
