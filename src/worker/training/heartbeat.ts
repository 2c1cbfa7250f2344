/**
 * The worker's sign of life: a message every HEARTBEAT_MS while its event loop runs. A timer that fires late
 * shows how long the loop was blocked (a long synchronous step on wasm or cpu); the page allows for that
 * before it calls the worker hung.
 */
import type { HeartbeatMessage } from '../protocol/recovery-messages';

export const HEARTBEAT_MS = 1000;

/** Blocked stretches are forgotten slowly: each beat keeps this share of the longest one seen. */
const BLOCK_DECAY = 0.98;

export type HeartbeatBody = Omit<HeartbeatMessage, 'type' | 'blockMs'>;

/** Posts heartbeats until the returned function is called. */
export function startHeartbeat(
  post: (msg: HeartbeatMessage) => void,
  read: () => HeartbeatBody,
  intervalMs = HEARTBEAT_MS,
  now: () => number = () => performance.now(),
): () => void {
  let expected = now() + intervalMs;
  let blockMs = 0;
  const beat = () => {
    const t = now();
    blockMs = Math.max(blockMs * BLOCK_DECAY, t - expected);
    expected = t + intervalMs;
    post({ type: 'heartbeat', blockMs: Math.round(blockMs), ...read() });
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  return () => clearInterval(timer);
}
