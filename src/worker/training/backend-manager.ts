/**
 * The trainer's backend: selects the one a config asks for (or the best available), watches it for GPU loss,
 * and on a loss moves to the next backend in BACKEND_ORDER. Each change is announced with a `backend` message
 * saying which backend runs and why the others were skipped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ORDER, selectBackend, type BackendLoaders } from '../../model/backend';
import type { BackendChoice } from '../../model/config';
import type { MemoryLimits } from '../../model/memory';
import { BackendWatch } from './backend-watch';
import { deviceLimits } from '../shared/device';
import type { BackendMessage, BackendName } from '../protocol/training-protocol';

export class BackendManager {
  private request: BackendChoice | null = null;
  private name: BackendName | null = null;
  /** Backends given up on during this worker's life, with the reason; never selected again. */
  private readonly lost: { backend: BackendName; reason: string }[] = [];
  private limitsNow: MemoryLimits = { deviceBytes: null, maxBufferBytes: null };
  readonly watch: BackendWatch;

  constructor(
    private readonly loaders: BackendLoaders,
    private readonly announce: (msg: BackendMessage) => void,
    private readonly crossOriginIsolated: boolean,
    onLost: (reason: string) => void,
  ) {
    this.watch = new BackendWatch(onLost);
  }

  get current(): BackendName | null {
    return this.name;
  }

  get limits(): MemoryLimits {
    return this.limitsNow;
  }

  /** Activates the backend for `requested` unless it is already the one in use. */
  async ensure(requested: BackendChoice): Promise<void> {
    if (this.request === requested && this.name) return;
    const blocked = new Set(this.lost.map((l) => l.backend));
    const first = requested === 'auto' || blocked.has(requested) ? this.firstAllowed('auto') : requested;
    await this.select(requested, first, []);
  }

  /**
   * The backend in use stopped working (`reason`): leave it for good and take the next one that works.
   * Throws when none is left.
   */
  async fallback(reason: string): Promise<BackendName> {
    const gone = this.name;
    this.watch.detach();
    if (gone) {
      this.lost.push({ backend: gone, reason: `lost during the run: ${reason}` });
      // Removing it also drops its factory, so nothing selects the dead device again in this worker.
      try {
        tf.removeBackend(gone);
      } catch {
        // A backend whose GPU is gone may fail to clean up; it is abandoned either way.
      }
    }
    this.name = null;
    await this.select(this.request ?? 'auto', this.firstAllowed(gone), this.lost.slice(-1));
    return this.name as unknown as BackendName;
  }

  private firstAllowed(after: BackendName | 'auto' | null): BackendName {
    const start = after === 'auto' || after === null ? 0 : BACKEND_ORDER.indexOf(after) + 1;
    const blocked = new Set(this.lost.map((l) => l.backend));
    const next = BACKEND_ORDER.slice(start).find((b) => !blocked.has(b));
    if (!next) {
      const why = this.lost.map((l) => `${l.backend}: ${l.reason}`).join('; ');
      throw new Error(`No compute backend is left to continue on (${why}).`);
    }
    return next;
  }

  private async select(
    requested: BackendChoice,
    first: BackendName,
    lostNow: { backend: BackendName; reason: string }[],
  ): Promise<void> {
    const selection = await selectBackend(first, this.loaders, { skipSoftwareGpu: requested === 'auto' });
    this.request = requested;
    this.name = selection.backend;
    this.limitsNow = deviceLimits(selection.backend);
    this.watch.attach(selection.backend);
    this.announce({
      type: 'backend',
      backend: selection.backend,
      skipped: [...lostNow, ...selection.skipped],
      emulatedBy: selection.emulatedBy,
      crossOriginIsolated: this.crossOriginIsolated,
    });
  }
}
