/**
 * The app's commands (play, pause, step, reset, edit a field, apply, export) and the wiring that routes worker
 * messages into the store and the metric series. UI components call these and never talk to the worker.
 */
import type { Config } from '../model/config';
import { fieldByKey, type FieldKey } from '../model/fields';
import type { TrainerClient } from '../client/training-client';
import type {
  ExportKind,
  FromWorker,
  TracedMessage,
  ViewOptions,
} from '../worker/protocol/training-protocol';
import type { RunSnapshot } from '../worker/protocol/recovery-messages';
import { MetricSeries } from './metric-series';
import { pendingChanges, type LabStore } from './store';

export interface SessionOptions {
  /** Saves an exported file (the app downloads it). */
  save?: (fileName: string, text: string) => void;
}

export class LabSession {
  readonly metrics = new MetricSeries();
  private readonly unsubscribe: () => void;

  constructor(
    readonly client: TrainerClient,
    readonly store: LabStore,
    private readonly options: SessionOptions = {},
  ) {
    this.unsubscribe = client.subscribe((msg) => this.receive(msg));
  }

  /** Starts the first run with the store's config. */
  start(play: boolean): void {
    this.client.send({ type: 'start', config: this.store.getState().config, play });
  }

  play(): void {
    const s = this.store.getState();
    s.setError(null);
    if (s.status === 'error') this.client.send({ type: 'start', config: s.config, play: true });
    else this.client.send({ type: 'resume' });
  }

  pause(): void {
    this.client.send({ type: 'pause' });
  }

  step(): void {
    this.store.getState().setError(null);
    this.client.send({ type: 'step' });
  }

  /** Back to step 0, with the seed typed in the controls when it is valid and differs. */
  reset(seed?: number): void {
    const s = this.store.getState();
    s.setError(null);
    const typed = Number(s.draft.seed);
    const nextSeed =
      seed ?? (s.fieldErrors.seed === undefined && typed !== s.config.seed ? typed : undefined);
    if (s.status === 'error') {
      const config = nextSeed === undefined ? s.config : { ...s.config, seed: nextSeed };
      this.client.send({ type: 'start', config, play: false });
    } else {
      this.client.send(nextSeed === undefined ? { type: 'reset' } : { type: 'reset', seed: nextSeed });
    }
  }

  /** A fresh random seed, then reset. */
  newSeed(): void {
    this.reset(Math.floor(Math.random() * 2 ** 31));
  }

  /**
   * Edits one control. A live field whose whole draft is valid applies to the running run at once; other
   * fields wait for `applyDraft` (a restart is a deliberate act, not a side effect of typing).
   */
  setField(key: FieldKey, text: string): void {
    const s = this.store.getState();
    s.setDraft(key, text);
    const field = fieldByKey(key);
    const after = this.store.getState();
    if (!field?.live || after.fieldErrors[key] !== undefined) return;
    const { config } = pendingChanges(after);
    if (!config || config[key] === after.config[key]) return;
    const next = { ...after.config, [key]: config[key] } as Config;
    after.patchConfig(next);
    this.client.send({ type: 'updateConfig', config: next });
  }

  /** Applies every valid draft change; restarts the run when a non-live field changed. */
  applyDraft(): void {
    const s = this.store.getState();
    const { config } = pendingChanges(s);
    if (!config) return;
    s.setError(null);
    s.setConfig(config);
    this.client.send({ type: 'updateConfig', config });
  }

  discardDraft(): void {
    this.store.getState().discardDraft();
  }

  setView(view: Partial<ViewOptions>): void {
    const s = this.store.getState();
    s.setView(view);
    this.client.send({ type: 'setView', view: this.store.getState().view });
  }

  /** Asks the worker for a file and saves it; failures show in the error message. */
  async exportFile(kind: ExportKind): Promise<void> {
    const file = await this.client.requestExport(kind);
    if (!file.error) this.options.save?.(file.fileName, file.text);
  }

  /** The text of a run export or checkpoint without saving it (CSV export, kept runs); null on failure. */
  async fetchExport(kind: ExportKind): Promise<{ fileName: string; text: string } | null> {
    const file = await this.client.requestExport(kind);
    return file.error ? null : { fileName: file.fileName, text: file.text };
  }

  /** The step-through trace of probe sequence `probe` on the current weights (the run is not changed). */
  trace(probe: number): Promise<TracedMessage> {
    return this.client.requestTrace(probe);
  }

  /** Starts a new run with `config` (a lesson, a kept run's settings), replacing the draft. */
  load(config: Config, play: boolean): void {
    const s = this.store.getState();
    s.setError(null);
    s.setConfig(config);
    this.client.send({ type: 'start', config, play });
  }

  /** Starts a new run from an imported checkpoint; the worker checks it again and says if it cannot. */
  loadCheckpoint(snapshot: RunSnapshot, fileName: string): void {
    this.store.getState().setError(null);
    const reason = `Loaded ${fileName}.`;
    this.client.send({ type: 'restore', snapshot, history: [], runId: null, play: false, reason });
  }

  dispose(): void {
    this.unsubscribe();
    this.client.dispose();
  }

  /** The store first, so charts notified by the series read a status that matches their points. */
  private receive(msg: FromWorker): void {
    this.store.getState().receive(msg);
    if (msg.type === 'runStarted') this.metrics.startRun(msg.runId, msg.positions);
    if (msg.type === 'metrics') this.metrics.apply(msg);
  }
}
