/**
 * A real Trainer (wasm in Node) with test hooks on and a way to report a lost backend, recording what it posts.
 * Node has no GPU, so a "lost backend" here is the loss report the GPU watch would give; the trainer's
 * response to it (fallback, restore, rewind) is the real code.
 */
import { NODE_LOADERS } from '../../src/model/backend';
import type { FromWorker } from '../../src/worker/protocol/training-protocol';
import { Trainer } from '../../src/worker/training/trainer';
import type { Posted } from './harness';

export class LosableTrainer extends Trainer {
  /** What the GPU watch does when the device or context goes away. */
  lose(reason: string): void {
    this.backendLost(reason);
  }
}

export class RecoveryHarness {
  readonly posted: Posted[] = [];
  exited = 0;
  readonly trainer = new LosableTrainer({
    post: (msg) => this.posted.push({ at: performance.now(), msg }),
    loaders: NODE_LOADERS,
    crossOriginIsolated: false,
    testHooks: true,
    exit: () => {
      this.exited += 1;
    },
  });

  of<T extends FromWorker['type']>(type: T): Extract<FromWorker, { type: T }>[] {
    return this.posted
      .map((p) => p.msg)
      .filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  }

  last<T extends FromWorker['type']>(type: T): Extract<FromWorker, { type: T }> {
    const all = this.of(type);
    const m = all[all.length - 1];
    if (!m) throw new Error(`no ${type} message was posted`);
    return m;
  }

  /** Every report row's samples count, in the order the page received them. */
  reportSamples(): number[] {
    return this.of('metrics').flatMap((m) => Array.from(m.report?.samples ?? []));
  }

  async until(predicate: () => boolean, ms = 20_000, what = 'the trainer'): Promise<void> {
    const t0 = performance.now();
    while (!predicate()) {
      if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
