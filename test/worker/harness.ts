/**
 * Drives a real Trainer (wasm backend in Node) and records what it posts, with the time of each message.
 */
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { NODE_LOADERS } from '../../src/model/backend';
import type { FromWorker, MetricsMessage } from '../../src/worker/protocol/training-protocol';
import { Trainer } from '../../src/worker/training/trainer';

/** A run small enough to take a few milliseconds per step in Node. */
export const SMALL: Config = {
  ...DEFAULT_CONFIG,
  L: 5,
  dIn: 3,
  m: 16,
  p: 2,
  // A nearly linear teacher: the machinery tests need a test error that falls within a few evaluations.
  R: 1,
  batch: 4,
  ntest: 64,
  backend: 'wasm',
};

export interface Posted {
  at: number;
  msg: FromWorker;
}

export class Harness {
  readonly posted: Posted[] = [];
  readonly trainer = new Trainer({
    post: (msg) => this.posted.push({ at: performance.now(), msg }),
    loaders: NODE_LOADERS,
    crossOriginIsolated: false,
  });

  of<T extends FromWorker['type']>(type: T): Extract<FromWorker, { type: T }>[] {
    return this.posted
      .map((p) => p.msg)
      .filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  }

  metrics(): MetricsMessage[] {
    return this.of('metrics');
  }

  last<T extends FromWorker['type']>(type: T): Extract<FromWorker, { type: T }> {
    const all = this.of(type);
    const m = all[all.length - 1];
    if (!m) throw new Error(`no ${type} message was posted`);
    return m;
  }

  clear(): void {
    this.posted.length = 0;
  }

  /** Resolves once `predicate` holds on the posted messages (checked every 10 ms), or rejects after `ms`. */
  async until(predicate: () => boolean, ms = 20_000): Promise<void> {
    const t0 = performance.now();
    while (!predicate()) {
      if (performance.now() - t0 > ms) throw new Error('timed out waiting for the trainer');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
