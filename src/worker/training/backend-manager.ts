/**
 * The trainer's backend: selects the one a config asks for, or under `auto` the one that measured fastest
 * for the config's size on this device (backend-race.ts; remembered in backend-choices.ts, so each size is
 * measured once); watches it for GPU loss, and on a loss moves to the next backend in BACKEND_ORDER. Each
 * change is announced with a `backend` message saying which backend runs, why the others were skipped and,
 * under `auto`, the rates measured.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ORDER, selectBackend, type BackendLoaders } from '../../model/backend';
import { measureBackends, sizeKey, type MeasureOptions } from '../../model/backend-race';
import type { BackendChoice, Config } from '../../model/config';
import { defaultChoiceStore, deviceKey, type ChoiceStore } from './backend-choices';
import type { MemoryLimits } from '../../model/memory';
import { BackendWatch } from './backend-watch';
import { deviceLimits } from '../shared/device';
import type { BackendMessage, BackendName, MeasuredBackends } from '../protocol/training-protocol';

/** How `auto` chooses: by measurement (with where to remember it and how long to time), or by order. */
export interface AutoOptions {
  measure: boolean;
  choices?: ChoiceStore;
  timing?: MeasureOptions;
}

export class BackendManager {
  private choicesMade: ChoiceStore | null = null;

  private request: BackendChoice | null = null;
  private name: BackendName | null = null;
  /** Backends given up on during this worker's life, with the reason; never selected again. */
  private readonly lost: { backend: BackendName; reason: string }[] = [];
  private limitsNow: MemoryLimits = { deviceBytes: null, maxBufferBytes: null };
  /** Under `auto`: the config size the backend in use was chosen for. */
  private autoSize: string | null = null;
  readonly watch: BackendWatch;

  constructor(
    private readonly loaders: BackendLoaders,
    private readonly announce: (msg: BackendMessage) => void,
    private readonly crossOriginIsolated: boolean,
    onLost: (reason: string) => void,
    private readonly auto: AutoOptions = { measure: true },
  ) {
    this.watch = new BackendWatch(onLost);
  }

  get current(): BackendName | null {
    return this.name;
  }

  get limits(): MemoryLimits {
    return this.limitsNow;
  }

  /**
   * Activates the backend for `requested` unless it is already the one in use; under `auto`, the fastest
   * measured for `config`'s size (measured now when this device has no measurement of that size yet).
   */
  async ensure(requested: BackendChoice, config: Config): Promise<void> {
    if (requested === 'auto' && this.auto.measure) return this.ensureMeasured(config);
    if (this.request === requested && this.name) return;
    const blocked = new Set(this.lost.map((l) => l.backend));
    const first = requested === 'auto' || blocked.has(requested) ? this.firstAllowed('auto') : requested;
    await this.select(requested, first, []);
  }

  private async ensureMeasured(config: Config): Promise<void> {
    const size = sizeKey(config);
    if (this.request === 'auto' && this.autoSize === size && this.name) return;
    const key = `${deviceKey()} | ${size}`;
    const blocked = this.lost.map((l) => l.backend);
    const choices = (this.choicesMade ??= this.auto.choices ?? defaultChoiceStore());
    let measurement = await choices.get(key);
    let remembered = measurement !== null;
    if (measurement === null || blocked.includes(measurement.fastest)) {
      measurement = await measureBackends(config, this.loaders, { ...this.auto.timing, exclude: blocked });
      remembered = false;
      await choices.put(key, measurement);
    }
    await this.select('auto', measurement.fastest, [], { ...measurement, remembered });
    this.autoSize = size;
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
    this.autoSize = null;
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
    measured: MeasuredBackends | null = null,
  ): Promise<void> {
    // A measured choice stands even on a software GPU: it measured fastest. Otherwise `auto` passes over one.
    const skipSoftwareGpu = requested === 'auto' && measured === null;
    const selection = await selectBackend(first, this.loaders, { skipSoftwareGpu });
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
      measured,
    });
  }
}
