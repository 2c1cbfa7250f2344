/** Coalesces redraw requests: however often `request()` is called, `draw` runs at most once per frame. */

export interface FrameScheduler {
  /** Asks for a draw on the next animation frame (no-op if one is already pending). */
  request(): void;
  /** Runs a pending draw now. */
  flush(): void;
  /** Drops a pending draw. */
  cancel(): void;
}

/** A scheduler for `draw`, using requestAnimationFrame where it exists and a 16 ms timer elsewhere. */
export function createFrameScheduler(draw: () => void): FrameScheduler {
  let pending: number | null = null;
  const raf =
    typeof requestAnimationFrame === 'function'
      ? (cb: () => void) => requestAnimationFrame(cb)
      : (cb: () => void) => setTimeout(cb, 16) as unknown as number;
  const caf =
    typeof cancelAnimationFrame === 'function'
      ? (id: number) => cancelAnimationFrame(id)
      : (id: number) => clearTimeout(id);
  const run = (): void => {
    pending = null;
    draw();
  };
  return {
    request() {
      if (pending === null) pending = raf(run);
    },
    flush() {
      if (pending === null) return;
      caf(pending);
      run();
    },
    cancel() {
      if (pending !== null) caf(pending);
      pending = null;
    },
  };
}
