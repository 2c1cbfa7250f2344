/**
 * The worker's sign of life: a message every HEARTBEAT_MS while its event loop runs. A timer that fires late
 * shows how long the loop was blocked (a long synchronous step on wasm or cpu); the page allows for that
 * before it calls the worker hung. Also the tensor memory reading the heartbeat carries.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HeartbeatMessage, MemoryReading } from '../protocol/recovery-messages';

export const HEARTBEAT_MS = 1000;

/** Blocked stretches are forgotten slowly: each beat keeps this share of the longest one seen. */
const BLOCK_DECAY = 0.98;

export type HeartbeatBody = Omit<HeartbeatMessage, 'type' | 'blockMs'>;

/** Tensor memory now, read at `step` (between chunks, when no step temporaries exist). */
export function memoryReading(step: number): MemoryReading {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPUAllocated?: number };
  return {
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    numBytesInGPUAllocated: typeof m.numBytesInGPUAllocated === 'number' ? m.numBytesInGPUAllocated : null,
    step,
  };
}

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
