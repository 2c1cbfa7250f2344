/**
 * Adaptive, interleaved timing. Each method (a "meter") is warmed up, then all are timed in a few rounds,
 * taking turns, so a change in the machine's load (other processes share its cores) hits them alike and the
 * ratios stay fair. A method whose warm-up step is slower than the whole budget (case M on the cpu backend
 * takes many seconds a step) is timed on exactly one step; the result says so (`capped`).
 *
 * GPU backends only enqueue work, and enqueueing is much faster than running: a loop that stops when the
 * budget has passed would queue hundreds of steps and then wait minutes for them. So at most PIPELINE_DEPTH
 * steps are in flight: before queueing another, the loop waits for the step that many steps back to finish.
 * The device stays busy (a step is always queued) and the time measured is the time the work took.
 */

/** One method under test. */
export interface Meter {
  /** Queues one step. A warm-up step may return a promise (to read something back after the first step). */
  step: () => void | Promise<void>;
  /** Resolves when the device has finished every step queued so far (reads one value written last). */
  done: () => Promise<void>;
}

export interface TimingOptions {
  /** Timed seconds per method, summed over the rounds. */
  seconds: number;
  /** Untimed steps per method first (kernel setup, buffer allocation, weight packing); fewer when slow. */
  warmupSteps: number;
  /** Turns each method gets; 1 times them one after the other. */
  rounds: number;
}

export interface Timing {
  /** Timed steps (warm-up excluded). */
  steps: number;
  /** Wall seconds of the timed steps, including the wait for the device at the end of each round. */
  seconds: number;
  /** True when a warm-up step exceeded the budget and only one step was timed. */
  capped: boolean;
}

/** Steps in flight at most while timing (see the header). */
export const PIPELINE_DEPTH = 2;

/** Warm-up steps, stopping early once they use the whole budget; returns the slowest step in ms. */
async function warmUp(meter: Meter, steps: number, budgetMs: number): Promise<number> {
  let slowest = 0;
  const start = performance.now();
  for (let i = 0; i < Math.max(1, steps); i++) {
    const t = performance.now();
    await meter.step();
    await meter.done();
    slowest = Math.max(slowest, performance.now() - t);
    if (performance.now() - start >= budgetMs) break;
  }
  return slowest;
}

/** Steps until `ms` have passed (at least one), then waits for the device; returns [steps, seconds]. */
async function timeRound(meter: Meter, ms: number): Promise<[number, number]> {
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let steps = 0;
  do {
    const pending = meter.step();
    if (pending) await pending;
    steps += 1;
    inFlight.push(meter.done());
    if (inFlight.length > PIPELINE_DEPTH) await inFlight.shift();
  } while (performance.now() - start < ms);
  await Promise.all(inFlight);
  return [steps, (performance.now() - start) / 1000];
}

/** Warms up every meter, then times them in `rounds` interleaved turns; one Timing per meter, in order. */
export async function timeInterleaved(meters: Meter[], options: TimingOptions): Promise<Timing[]> {
  const budgetMs = options.seconds * 1000;
  const timings: Timing[] = [];
  for (const meter of meters) {
    const slowest = await warmUp(meter, options.warmupSteps, budgetMs);
    timings.push({ steps: 0, seconds: 0, capped: slowest >= budgetMs });
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const [k, meter] of meters.entries()) {
      const t = timings[k] as Timing;
      if (t.capped && t.steps > 0) continue;
      const [steps, seconds] = await timeRound(meter, t.capped ? 0 : budgetMs / options.rounds);
      t.steps += steps;
      t.seconds += seconds;
    }
  }
  return timings;
}
