/**
 * Posts metric batches at most once per MIN_MESSAGE_INTERVAL_MS. A flush that comes too early is either
 * skipped (the loop will flush again after its next chunk) or, when forced (pause, step, new run), scheduled
 * for the moment the interval has passed.
 */
import { MIN_MESSAGE_INTERVAL_MS } from './metric-batcher';

export class Outbox {
  private lastMessageAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `send` posts one message with everything pending. */
  constructor(
    private readonly send: () => void,
    private readonly now: () => number,
  ) {}

  flush(force: boolean): void {
    const wait = this.untilNext();
    if (wait <= 0) this.sendNow();
    else if (force && !this.timer) this.schedule(wait);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private untilNext(): number {
    return MIN_MESSAGE_INTERVAL_MS - (this.now() - this.lastMessageAt);
  }

  /** Timers may fire a little early (millisecond granularity): check again rather than break the rate limit. */
  private schedule(wait: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      const left = this.untilNext();
      if (left > 0) this.schedule(left);
      else this.sendNow();
    }, Math.ceil(wait));
  }

  private sendNow(): void {
    this.dispose();
    this.lastMessageAt = this.now();
    this.send();
  }
}
