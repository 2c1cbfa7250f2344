/**
 * The training loop behind the worker: owns the Run, answers every `ToWorker` message and streams metrics.
 * It does not touch `self`, so tests drive the same class in Node over a MessageChannel or directly.
 *
 * All work on the run is serialized through one promise chain; `pause` and `step` flip `playing` at once so
 * the chunk in progress stops after its current step. Steps run back to back in chunks of about one report
 * interval; each chunk ends with one asynchronous read (the mean train loss), which also keeps the device
 * queue from running ahead of the loop. No synchronous device reads happen anywhere in the loop.
 */
import { selectBackend, type BackendLoaders } from '../model/backend';
import { validateConfig, type BackendChoice, type Config } from '../model/config';
import { checkMemory, type MemoryLimits } from '../model/memory';
import { Run } from '../model/run';
import { deviceLimits, watchDeviceLoss } from './device';
import { exportCheckpoint, exportRun } from './exports';
import { measurePredictions, measureTrajectories } from './measurements';
import { MetricBatcher } from './metric-batcher';
import { Outbox } from './outbox';
import {
  diffConfig,
  transferables,
  type BackendName,
  type ExportMessage,
  type FromWorker,
  type RunStatus,
  type ToWorker,
  type ViewOptions,
} from './protocol';
import { RunRecorder, type MeasureRequest } from './run-recorder';
import { yieldToEventLoop } from './yield';

/** Longest stretch of steps between two chances to receive messages. */
const YIELD_MS = 8;

export interface TrainerHost {
  post(msg: FromWorker, transfer: ArrayBuffer[]): void;
  loaders: BackendLoaders;
  crossOriginIsolated: boolean;
  now?: () => number;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Active {
  run: Run;
  recorder: RunRecorder;
}

export class Trainer {
  private active: Active | null = null;
  private runId = 0;
  private playing = false;
  private looping = false;
  private chain: Promise<void> = Promise.resolve();
  private backendRequest: BackendChoice | null = null;
  private backend: BackendName | null = null;
  private memoryLimits: MemoryLimits = { deviceBytes: null, maxBufferBytes: null };
  private view: ViewOptions = { probe: 0, basis: 'current' };
  private readonly batcher = new MetricBatcher();
  private readonly outbox: Outbox;
  private readonly now: () => number;

  constructor(private readonly host: TrainerHost) {
    this.now = host.now ?? (() => performance.now());
    this.outbox = new Outbox(() => this.sendMetrics(), this.now);
  }

  /** Handles one message; the promise settles when its work is done (tests await it). */
  handle(msg: ToWorker): Promise<void> {
    switch (msg.type) {
      case 'start':
        this.playing = false;
        return this.serial(() => this.startRun(msg.config, msg.play));
      case 'pause':
        this.playing = false;
        return this.serial(() => this.afterPause());
      case 'resume':
        return this.serial(() => this.resume());
      case 'step':
        this.playing = false;
        return this.serial(() => this.stepOnce());
      case 'reset':
        this.playing = false;
        return this.serial(() => this.reset(msg.seed));
      case 'updateConfig':
        return this.serial(() => this.updateConfig(msg.config));
      case 'setView':
        return this.serial(() => this.setView(msg.view));
      case 'export':
        return this.serial(() => this.exportFile(msg));
    }
  }

  /** Current step and samples seen (tests). */
  get state(): { step: number; samplesSeen: number; playing: boolean } {
    const s = this.active?.run.state;
    return { step: s?.step ?? 0, samplesSeen: s?.samplesSeen ?? 0, playing: this.playing };
  }

  /** Stops the loop and frees the run's tensors. */
  async dispose(): Promise<void> {
    this.playing = false;
    await this.chain;
    this.outbox.dispose();
    this.active?.run.dispose();
    this.active = null;
  }

  private serial(work: () => Promise<void> | void): Promise<void> {
    const next = this.chain.then(work).catch((e: unknown) => this.fail(e));
    this.chain = next;
    return next;
  }

  private post(msg: FromWorker): void {
    this.host.post(msg, transferables(msg));
  }

  private postStatus(status: RunStatus): void {
    this.post({ type: 'status', status, runId: this.runId });
  }

  private fail(e: unknown): void {
    this.playing = false;
    this.post({
      type: 'error',
      message: `Training stopped: ${errorText(e)} Press Reset, or choose a smaller configuration or another backend.`,
      fatal: true,
    });
    this.postStatus('error');
  }

  private refuse(errors: string[]): void {
    this.post({ type: 'error', message: `These settings are not valid: ${errors.join(' ')}`, fatal: false });
  }

  private async ensureBackend(requested: BackendChoice): Promise<void> {
    if (this.backendRequest === requested && this.backend) return;
    const selection = await selectBackend(requested, this.host.loaders);
    this.backendRequest = requested;
    this.backend = selection.backend;
    this.memoryLimits = deviceLimits(selection.backend);
    this.post({
      type: 'backend',
      backend: selection.backend,
      skipped: selection.skipped,
      crossOriginIsolated: this.host.crossOriginIsolated,
    });
    if (selection.backend === 'webgpu') watchDeviceLoss((what) => this.fail(new Error(what)));
  }

  private async startRun(config: Config, play: boolean): Promise<void> {
    this.playing = false;
    const valid = validateConfig(config);
    if (!valid.ok) return this.refuse(valid.errors);
    this.active?.run.dispose();
    this.active = null;
    this.batcher.clear();
    this.runId += 1;
    this.postStatus('starting');
    await this.ensureBackend(valid.config.backend);
    const tooBig = checkMemory(valid.config, this.memoryLimits);
    if (tooBig) throw new Error(tooBig);
    const run = Run.create(valid.config);
    const active = { run, recorder: new RunRecorder(run, this.batcher, this.now) };
    this.active = active;
    const positions = run.teacher.targets.slice();
    this.post({ type: 'runStarted', runId: this.runId, config: run.config, positions });
    // The state at step 0: the first point of every chart.
    await this.measure(active, { loss: Number.NaN, steps: 0, evaluate: true, heavy: true });
    this.outbox.flush(true);
    if (play) this.resume();
    else this.postStatus('paused');
  }

  private async reset(seed: number | undefined): Promise<void> {
    const base = this.active?.run.config;
    if (!base) throw new Error('there is no run to reset yet.');
    await this.startRun(seed === undefined ? base : { ...base, seed }, false);
  }

  private resume(): void {
    const active = this.active;
    if (!active) throw new Error('there is no run to resume yet.');
    this.playing = true;
    active.recorder.rate.reset();
    active.recorder.rate.observe(this.now(), active.run.state.step, active.run.state.samplesSeen);
    this.postStatus('running');
    if (this.looping) return;
    this.looping = true;
    void (async () => {
      while (this.playing && this.active) await this.serial(() => this.chunk());
      this.looping = false;
    })();
  }

  private afterPause(): void {
    if (!this.active) return;
    this.active.recorder.rate.reset();
    this.outbox.flush(true);
    this.postStatus('paused');
  }

  private async stepOnce(): Promise<void> {
    const active = this.active;
    if (!active) throw new Error('there is no run to step yet.');
    const t0 = this.now();
    active.run.step();
    const loss = await active.run.readTrainLoss();
    active.recorder.addTrainTime(this.now() - t0);
    await this.measure(active, { loss, steps: 1, evaluate: true, heavy: true });
    this.outbox.flush(true);
    this.postStatus('paused');
  }

  /** One chunk of steps back to back, then the report (and evaluation or heavy metrics when due). */
  private async chunk(): Promise<void> {
    const active = this.active;
    if (!active || !this.playing) return;
    const { run, recorder } = active;
    const t0 = this.now();
    const target = recorder.sizer.steps;
    let steps = 0;
    let lastYield = t0;
    while (steps < target && this.playing) {
      run.step();
      steps += 1;
      if (this.now() - lastYield >= YIELD_MS) {
        await yieldToEventLoop();
        lastYield = this.now();
      }
    }
    if (steps === 0) return;
    const loss = await run.readTrainLoss();
    const due = recorder.afterChunk(steps, this.now() - t0);
    await this.measure(active, { loss, steps, ...due });
    recorder.rate.observe(this.now(), run.state.step, run.state.samplesSeen);
    this.outbox.flush(false);
  }

  private async measure(active: Active, req: MeasureRequest): Promise<void> {
    const diverged = await active.recorder.measure(req, this.view);
    if (diverged === null) return;
    this.playing = false;
    this.post({
      type: 'error',
      message: `The run diverged: ${diverged}. Lower the learning rate η (now ${active.run.config.lr}) or λ, then press Reset.`,
      fatal: false,
    });
    this.outbox.flush(true);
    this.postStatus('paused');
  }

  private async updateConfig(next: Config): Promise<void> {
    const valid = validateConfig(next);
    if (!valid.ok) return this.refuse(valid.errors);
    const run = this.active?.run;
    if (!run) return this.startRun(valid.config, false);
    const { live, restart } = diffConfig(run.config, valid.config);
    if (restart.length > 0) {
      await this.startRun(valid.config, this.playing);
    } else if (live.length > 0) {
      const c = valid.config;
      run.updateLive({ lr: c.lr, sched: c.sched, t0: c.t0, batch: c.batch, loss: c.loss, eps: c.eps });
    }
    this.post({ type: 'configApplied', live, restart });
  }

  private async setView(view: ViewOptions): Promise<void> {
    const changed = view.basis !== this.view.basis || view.probe !== this.view.probe;
    this.view = view;
    const active = this.active;
    if (!active || !changed) return;
    this.batcher.setPredictions(await measurePredictions(active.run, view.probe));
    this.batcher.setTrajectories(await measureTrajectories(active.run, view.basis, active.recorder.bases));
    this.outbox.flush(true);
  }

  /** Export failures are answered, not fatal: the run goes on. */
  private async exportFile(msg: ExportMessage): Promise<void> {
    const { requestId, kind } = msg;
    const active = this.active;
    try {
      if (!active || !this.backend) throw new Error('there is no run to export yet');
      const file =
        kind === 'run'
          ? exportRun(active.run, this.backend, active.recorder.history)
          : await exportCheckpoint(active.run);
      this.post({ type: 'exported', requestId, kind, ...file, error: null });
    } catch (e) {
      const error = `Could not export the ${kind}: ${errorText(e)}.`;
      this.post({ type: 'exported', requestId, kind, fileName: '', text: '', error });
    }
  }

  private sendMetrics(): void {
    const active = this.active;
    if (!active) return;
    this.post(this.batcher.take(this.runId, active.recorder.progress(this.playing)));
  }
}
