/**
 * The page's one frame scheduler for chart draws. Draws wait for the next animation frame and are keyed, so a
 * draw queued again before it runs runs once, with its newest data. When new metrics bring data for several
 * charts at once, drawing them all in one frame can block the main thread for longer than 50 ms on a slow
 * machine: a frame draws queued charts in order and stops once it has used its budget, leaving the rest for
 * the next frame. A draw queued while a frame runs (a panel's update asking its chart to redraw) runs in that
 * same frame when the budget allows. Where there is no requestAnimationFrame (Node), a 16 ms timer stands in.
 */

/** Main-thread time one frame may spend on chart draws before the rest waits for the next frame. */
export const FRAME_BUDGET_MS = 12;

type Draw = () => void;

const pending = new Map<object, Draw>();
let frame: ReturnType<typeof setTimeout> | number | null = null;

const requestFrame = (cb: () => void): ReturnType<typeof setTimeout> | number =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(cb) : setTimeout(cb, 16);

function runFrame(): void {
  frame = null;
  const start = performance.now();
  // A Map's iteration also visits the entries added while it runs.
  for (const [key, draw] of pending) {
    pending.delete(key);
    draw();
    if (performance.now() - start >= FRAME_BUDGET_MS) break;
  }
  if (pending.size > 0) frame = requestFrame(runFrame);
}

/** Queues `draw` for `key` (replacing a queued draw of the same key). */
export function queueDraw(key: object, draw: Draw): void {
  // Re-insert so a chart that keeps receiving data does not starve the others.
  pending.delete(key);
  pending.set(key, draw);
  if (frame === null) frame = requestFrame(runFrame);
}

/** Drops a queued draw (the chart is going away). */
export function cancelDraw(key: object): void {
  pending.delete(key);
}

export interface FrameScheduler {
  /** Asks for a draw on the next animation frame (no-op if one is already pending). */
  request(): void;
  /** Runs a pending draw now. */
  flush(): void;
  /** Drops a pending draw. */
  cancel(): void;
}

/** One chart's draws through the shared queue. */
export function createFrameScheduler(draw: Draw): FrameScheduler {
  const key = {};
  return {
    request() {
      if (!pending.has(key)) queueDraw(key, draw);
    },
    flush() {
      if (!pending.has(key)) return;
      pending.delete(key);
      draw();
    },
    cancel() {
      pending.delete(key);
    },
  };
}
