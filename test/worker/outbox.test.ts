/** The rate limit on metric messages: at most one per MIN_MESSAGE_INTERVAL_MS, forced flushes delayed. */
import { describe, expect, it } from 'vitest';
import { MIN_MESSAGE_INTERVAL_MS } from '../../src/worker/training/metric-batcher';
import { Outbox } from '../../src/worker/training/outbox';

describe('Outbox', () => {
  it('sends at once, skips early flushes, and delays a forced one until the interval has passed', async () => {
    const sent: number[] = [];
    const outbox = new Outbox(
      () => sent.push(performance.now()),
      () => performance.now(),
    );
    outbox.flush(false);
    expect(sent).toHaveLength(1);
    outbox.flush(false);
    expect(sent).toHaveLength(1);
    outbox.flush(true);
    outbox.flush(true);
    expect(sent).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 3 * MIN_MESSAGE_INTERVAL_MS));
    expect(sent).toHaveLength(2);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(MIN_MESSAGE_INTERVAL_MS);
    outbox.dispose();
  });

  it('drops a scheduled flush when disposed', async () => {
    let sent = 0;
    const outbox = new Outbox(
      () => sent++,
      () => performance.now(),
    );
    outbox.flush(true);
    outbox.flush(true);
    outbox.dispose();
    await new Promise((r) => setTimeout(r, 2 * MIN_MESSAGE_INTERVAL_MS));
    expect(sent).toBe(1);
  });
});
