/**
 * Backend setup for Node tests: registers the wasm and cpu backends and switches between them. Tests that
 * compare backends call `useBackend` in a `beforeAll` of each describe block.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

/** Activates a backend and fails loudly if it did not start (a silent fallback would void the test). */
export async function useBackend(name: NodeBackend): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`backend ${name} did not start`);
}
