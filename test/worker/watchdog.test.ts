/** The page's heartbeat watchdog and the worker's heartbeat, on a clock the test moves by hand. */
import { describe, expect, it } from 'vitest';
import { startHeartbeat } from '../../src/worker/training/heartbeat';
import type { HeartbeatMessage } from '../../src/worker/protocol/recovery-messages';
import { HANG_MS, STARTUP_MS, Watchdog } from '../../src/client/watchdog';

function setup() {
  let t = 0;
  const events: string[] = [];
  const dog = new Watchdog(
    (ms) => events.push(`silent ${ms}`),
    () => events.push('back'),
    { now: () => t, checkMs: 1000 },
  );
  /** Moves the clock in page-sized steps, checking after each, as the timer would. */
  const advance = (ms: number) => {
    for (let left = ms; left > 0; left -= 1000) {
      t += Math.min(1000, left);
      dog.check();
    }
  };
  return { dog, events, advance, set: (v: number) => (t = v), get: () => t };
}

describe('Watchdog', () => {
  it('allows a slow start, then calls a silent worker lost once, and back when it answers', () => {
    const { dog, events, advance } = setup();
    advance(STARTUP_MS - 1000);
    expect(events).toEqual([]);
    dog.beat(0);
    advance(HANG_MS);
    expect(events).toEqual([]);
    advance(1000);
    expect(events).toEqual([`silent ${HANG_MS + 1000}`]);
    advance(5000);
    expect(events).toHaveLength(1);
    dog.beat(0);
    expect(events).toEqual([`silent ${HANG_MS + 1000}`, 'back']);
  });

  it('waits longer for a worker that reported long blocking steps', () => {
    const { dog, events, advance } = setup();
    dog.beat(8000);
    expect(dog.limitMs).toBe(24_000);
    advance(24_000);
    expect(events).toEqual([]);
    advance(1000);
    expect(events).toHaveLength(1);
  });

  it('does not blame the worker for time the page itself was frozen', () => {
    const { dog, events, set, get } = setup();
    dog.beat(0);
    set(get() + 60_000);
    dog.check();
    expect(events).toEqual([]);
  });

  it('gives a new worker the startup allowance again', () => {
    const { dog, events, advance } = setup();
    dog.beat(0);
    advance(HANG_MS + 1000);
    expect(events).toHaveLength(1);
    dog.restart();
    advance(STARTUP_MS - 1000);
    expect(events).toHaveLength(1);
  });
});

describe('heartbeat', () => {
  it('reports how long the event loop was blocked', async () => {
    let t = 0;
    const beats: HeartbeatMessage[] = [];
    const stop = startHeartbeat(
      (m) => beats.push(m),
      () => ({ runId: 3, status: 'running', memory: null, prefetch: null }),
      20,
      () => t,
    );
    expect(beats).toHaveLength(1);
    expect(beats[0]).toMatchObject({ type: 'heartbeat', runId: 3, status: 'running', blockMs: 0 });
    // The next timer fires 500 ms late on the (fake) clock: a 500 ms block.
    t = 520;
    await new Promise((r) => setTimeout(r, 35));
    stop();
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats[1]!.blockMs).toBe(500);
  });
});
