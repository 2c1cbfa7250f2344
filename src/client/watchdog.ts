/**
 * The page's side of the heartbeat: calls the worker silent when no heartbeat came for longer than it could
 * plausibly be busy, and alive again when one comes. A worker that closed itself, crashed or loops forever
 * sends nothing, and nothing else would tell.
 */

/** Silence that always counts as a hang once the worker has answered at least once. */
export const HANG_MS = 10_000;
/** Before the first heartbeat: loading the worker bundle and the backends may take a while. */
export const STARTUP_MS = 60_000;
/** How often the page looks. */
export const CHECK_MS = 1000;

export interface WatchdogOptions {
  hangMs?: number;
  startupMs?: number;
  checkMs?: number;
  now?: () => number;
}

export class Watchdog {
  private lastBeat: number;
  private blockMs = 0;
  private beaten = false;
  private silent = false;
  private lastCheck: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly hangMs: number;
  private readonly startupMs: number;
  private readonly checkMs: number;
  private readonly now: () => number;

  /** `onSilent(ms)` when the worker stops answering, `onBack()` when it answers again. */
  constructor(
    private readonly onSilent: (silentMs: number) => void,
    private readonly onBack: () => void,
    options: WatchdogOptions = {},
  ) {
    this.hangMs = options.hangMs ?? HANG_MS;
    this.startupMs = options.startupMs ?? STARTUP_MS;
    this.checkMs = options.checkMs ?? CHECK_MS;
    this.now = options.now ?? (() => performance.now());
    this.lastBeat = this.now();
    this.lastCheck = this.lastBeat;
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.check(), this.checkMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A new worker: wait for its first heartbeat with the startup allowance. */
  restart(): void {
    this.lastBeat = this.now();
    this.lastCheck = this.lastBeat;
    this.beaten = false;
    this.silent = false;
  }

  /** A heartbeat; `blockMs` is how long the worker was recently blocked. */
  beat(blockMs: number): void {
    this.lastBeat = this.now();
    this.beaten = true;
    this.blockMs = Number.isFinite(blockMs) ? Math.max(0, blockMs) : 0;
    if (this.silent) {
      this.silent = false;
      this.onBack();
    }
  }

  /** The longest silence that still counts as busy. */
  get limitMs(): number {
    return this.beaten ? Math.max(this.hangMs, 3 * this.blockMs) : this.startupMs;
  }

  /** Looks once (the timer calls it; tests may too). */
  check(): void {
    const t = this.now();
    // A page that was itself frozen (a background tab, a debugger) has not heard anything either: wait.
    const pageStalled = t - this.lastCheck > 3 * this.checkMs;
    this.lastCheck = t;
    if (pageStalled) {
      this.lastBeat = Math.max(this.lastBeat, t - this.checkMs);
      return;
    }
    const silence = t - this.lastBeat;
    if (!this.silent && silence > this.limitMs) {
      this.silent = true;
      this.onSilent(silence);
    }
  }
}
