/**
 * How the training loop paces itself on the clock. Pure arithmetic on measured durations, so the rules can be
 * tested without a device: a chunk of steps lasts about one report interval, so the device queue never runs
 * far ahead of the loop. What is measured, and when, is not decided here: evaluations and heavy metrics fall
 * at sample counts fixed by the config (src/model/eval-schedule.ts), the same on every machine.
 */

/** Target duration of one chunk of steps: one report (and at most 20 reports a second). */
export const CHUNK_TARGET_MS = 50;
export const MAX_CHUNK_STEPS = 4096;

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
