/**
 * Spreads chart redraws over animation frames. When a batch of metrics brings new data for several charts at
 * once, drawing them all in one frame can block the main thread for longer than 50 ms on a slow machine; this
 * queue draws pending charts in order and stops once a frame has used its budget, leaving the rest for the
 * next frame. A chart queued again before it is drawn is drawn once, with its newest data.
 */

/** Main-thread time one frame may spend on chart draws before the rest waits for the next frame. */
export const FRAME_BUDGET_MS = 12;

type Draw = () => void;

const pending = new Map<object, Draw>();
let frame: number | null = null;

function run(): void {
  frame = null;
  const start = performance.now();
  for (const [key, draw] of pending) {
    pending.delete(key);
    draw();
    if (performance.now() - start >= FRAME_BUDGET_MS) break;
  }
  if (pending.size > 0) frame = requestAnimationFrame(run);
}

/** Queues `draw` for `key` (replacing a queued draw of the same key). */
export function queueDraw(key: object, draw: Draw): void {
  // Re-insert so a chart that keeps receiving data does not starve the others.
  pending.delete(key);
  pending.set(key, draw);
  if (frame === null) frame = requestAnimationFrame(run);
}

/** Drops a queued draw (the chart is going away). */
export function cancelDraw(key: object): void {
  pending.delete(key);
}
