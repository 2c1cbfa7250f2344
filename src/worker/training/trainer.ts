/**
 * The training worker's message handler: answers every `ToWorker` message and manages each run's life (start,
 * restore, rollback, reset, a move to another backend, one step, live config, view, export, test faults). It
 * owns the backend, the checkpoints and the metric batcher and holds a TrainingLoop (loop.ts), which owns the
 * current run and keeps it moving (the serialized chain, chunks, measurements, divergence, GPU loss).
 * It does not touch `self`, so tests drive the same class in Node over a MessageChannel or directly.
 */
import type { BatchPrefetcher } from '../data/batch-prefetch';
import type { BackendLoaders } from '../../model/backend';
import { diffConfig, validateConfig, withLiveFields, type Config } from '../../model/config';
import { checkMemory } from '../../model/memory';
import { Run } from '../../model/run';
import { BackendManager } from './backend-manager';
import { CheckpointKeeper } from './checkpoints';
import { answerExport, answerTrace } from './run-files';
import { injectFault } from './faults';
import type { HeartbeatBody } from './heartbeat';
import { MetricBatcher } from './metric-batcher';
import { RunHistory } from '../../model/run-history';
import { TrainingLoop, type Active } from './loop';
import { measurePredictions, measureTrajectories } from './measurements';
import { transferables } from '../protocol/training-protocol';
import type { FromWorker, ToWorker, ViewOptions } from '../protocol/training-protocol';
import type { RestoreMessage } from '../protocol/recovery-messages';
import { runFromSnapshot, snapshotProblems } from './snapshot';

export interface TrainerHost {
  post(msg: FromWorker, transfer: ArrayBuffer[]): void;
  loaders: BackendLoaders;
  crossOriginIsolated: boolean;
  now?: () => number;
  /**
   * Accept `inject` messages (the page was opened with `?test-hooks=1`); backend `auto` then also times a GPU
   * emulated on the CPU (backend-race.ts).
   */
  testHooks?: boolean;
  /** Ends the worker from inside (the `close` fault). */
  exit?: () => void;
  /** Draws training batches ahead on another thread (absent: the trainer draws every batch itself). */
  prefetcher?: BatchPrefetcher;
  /**
   * Backend `auto`: 'measure' (the app's worker) times each backend on the config and takes the fastest;
   * 'order' (the default, for Node tests, whose backend must not depend on timing) takes the first that works.
   */
  autoBackend?: 'measure' | 'order';
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export class Trainer {
  private view: ViewOptions = { probe: 0, basis: 'current' };
  private readonly batcher = new MetricBatcher();
  private readonly checkpoints = new CheckpointKeeper();
  private readonly backends: BackendManager;
  private readonly now: () => number;
  private readonly loop: TrainingLoop;

  constructor(private readonly host: TrainerHost) {
    this.now = host.now ?? (() => performance.now());
    this.backends = new BackendManager(
      host.loaders,
      (msg) => this.post(msg),
      host.crossOriginIsolated,
      (reason) => this.loop.backendLost(reason),
      // The browser tests (test hooks) also time GPUs emulated on the CPU, to test that path on SwiftShader.
      { measure: host.autoBackend === 'measure', timing: host.testHooks ? { emulated: 'time' } : {} },
    );
    this.loop = new TrainingLoop({
      post: (msg) => this.post(msg),
      now: this.now,
      backends: this.backends,
      checkpoints: this.checkpoints,
      batcher: this.batcher,
      prefetcher: host.prefetcher,
      view: () => this.view,
      switchBackend: (reason, play) => this.switchBackend(reason, play),
    });
  }

  /** Handles one message; the promise settles when its work is done (tests await it). */
  handle(msg: ToWorker): Promise<void> {
    switch (msg.type) {
      case 'start':
        return this.stopThen(() => this.startRun(msg.config, msg.play));
      case 'pause':
        return this.stopThen(() => this.afterPause());
      case 'resume':
        // A diverged run never trains on from its NaN weights: it goes back to the last finite checkpoint.
        return this.loop.serial(() => (this.loop.diverged ? this.rollback(null, true) : this.loop.resume()));
      case 'step':
        return this.stopThen(() => this.stepOnce());
      case 'reset':
        return this.stopThen(() => this.reset(msg.seed));
      case 'updateConfig':
        return this.loop.serial(() => this.updateConfig(msg.config));
      case 'setView':
        return this.loop.serial(() => this.setView(msg.view));
      case 'export':
        return this.loop.serial(() =>
          answerExport(msg, this.loop.active, this.backends.current, (m) => this.post(m)),
        );
      case 'trace':
        return this.loop.serial(() =>
          answerTrace(msg, this.loop.active, this.loop.runId, this.loop.diverged, (m) => this.post(m)),
        );
      case 'restore':
        return this.stopThen(() => this.restore(msg));
      case 'rollback':
        return this.stopThen(() => this.rollback(msg.lr, msg.play));
      case 'inject':
        return injectFault(msg, {
          host: this.host,
          tell: (message) => this.tell(message),
          serial: (work) => this.loop.serial(work),
          run: () => this.loop.active?.run ?? null,
        });
    }
  }

  /** Stops the play loop at once (the chunk in progress ends after its current step), then queues `work`. */
  private stopThen(work: () => Promise<void> | void): Promise<void> {
    this.loop.stop();
    return this.loop.serial(work);
  }

  /** Current step and samples seen (tests). */
  get state(): { step: number; samplesSeen: number; playing: boolean } {
    const s = this.loop.active?.run.state;
    return { step: s?.step ?? 0, samplesSeen: s?.samplesSeen ?? 0, playing: this.loop.playing };
  }

  /** What the heartbeat reports. */
  heartbeat(): HeartbeatBody {
    return this.loop.heartbeat();
  }

  /** The GPU under the backend is gone (what the GPU watch reports; the recovery tests report one directly). */
  backendLost(reason: string): void {
    this.loop.backendLost(reason);
  }

  /** Stops the loop and frees the run's tensors. */
  async dispose(): Promise<void> {
    await this.loop.dispose();
  }

  private post(msg: FromWorker): void {
    this.host.post(msg, transferables(msg));
  }

  /** A sentence for the error message that does not stop the run. */
  private tell(message: string): void {
    this.post({ type: 'error', message, fatal: false });
  }

  private refuseIfTooBig(config: Config): void {
    const tooBig = checkMemory(config, this.backends.limits);
    if (tooBig) throw new Error(tooBig);
  }

  private refuse(errors: string[]): void {
    this.tell(`These settings are not valid: ${errors.join(' ')}`);
  }

  private async startRun(config: Config, play: boolean): Promise<void> {
    this.loop.stop();
    const valid = validateConfig(config);
    if (!valid.ok) return this.refuse(valid.errors);
    this.loop.beginRun(this.loop.runId + 1);
    await this.backends.ensure(valid.config.backend, valid.config);
    this.refuseIfTooBig(valid.config);
    this.checkpoints.reset(null);
    const active = this.loop.install(Run.create(valid.config));
    await this.announceNewRun(active.run, play);
  }

  /** runStarted, the first point of every chart, a first checkpoint, then play or pause. */
  private async announceNewRun(run: Run, play: boolean): Promise<void> {
    const active = this.loop.active;
    if (!active || active.run !== run) return;
    const positions = run.teacher.targets.slice();
    this.post({
      type: 'runStarted',
      runId: this.loop.runId,
      config: run.config,
      positions,
      baselines: run.baselines,
    });
    if (await this.loop.measure(active, { loss: Number.NaN, steps: 0, evaluate: true, heavy: true })) return;
    await this.loop.keepCheckpoint(active, true);
    this.loop.flush(true);
    if (play) this.loop.resume();
    else this.loop.postStatus('paused');
  }

  /** A checkpoint from the page: a crashed worker's run continues, or an imported file starts a new run. */
  private async restore(msg: RestoreMessage): Promise<void> {
    const problems = snapshotProblems(msg.snapshot);
    if (problems.length > 0) {
      this.tell(`This checkpoint cannot be loaded: ${problems.slice(0, 4).join(' ')}`);
      return;
    }
    const s = msg.snapshot;
    this.loop.beginRun(msg.runId ?? this.loop.runId + 1);
    await this.backends.ensure(s.config.backend, s.config);
    this.refuseIfTooBig(s.config);
    this.checkpoints.reset(s.teacher ?? null);
    const run = runFromSnapshot(s);
    if (msg.runId === null) {
      this.loop.install(run);
      return this.announceNewRun(run, msg.play);
    }
    const history = RunHistory.fromRows(run.teacher.targets, msg.history, s.state.samplesSeen);
    await this.continueRun(this.loop.install(run, history), msg.reason, msg.play);
  }

  /**
   * The run goes on under the same id from its restored weights: the page drops its points after the
   * checkpoint, gets a fresh copy of it, and sees the counters at once.
   */
  private async continueRun(active: Active, reason: string, play: boolean) {
    const { run } = active;
    const { step, samplesSeen } = run.state;
    this.post({
      type: 'restored',
      runId: this.loop.runId,
      config: run.config,
      step,
      samplesSeen,
      reason,
      baselines: run.baselines,
    });
    this.checkpoints.continued();
    await this.loop.keepCheckpoint(active, true);
    this.loop.flush(true);
    if (play) this.loop.resume();
    else this.loop.postStatus('paused');
  }

  /** Back to the last finite checkpoint, with learning rate `lr` (null: unchanged). */
  private async rollback(lr: number | null, play: boolean): Promise<void> {
    const active = this.loop.active;
    const good = this.checkpoints.latest;
    if (!active || !good) throw new Error('there is no checkpoint to go back to.');
    const before = active.run.config.lr;
    const valid = validateConfig({ ...active.run.config, lr: lr ?? before });
    if (!valid.ok) return this.refuse(valid.errors);
    const history = active.recorder.history;
    history.truncateAfter(good.state.samplesSeen);
    this.loop.dropRun();
    this.checkpoints.setLearningRate(valid.config.lr);
    const where = `step ${count(good.state.step)}, ${count(good.state.samplesSeen)} samples`;
    const change =
      valid.config.lr === before
        ? ''
        : ` with the learning rate lowered from ${before} to ${valid.config.lr}`;
    const next = this.loop.install(runFromSnapshot(good, valid.config), history);
    await this.continueRun(next, `Went back to the last finite checkpoint (${where})${change}.`, play);
  }

  /** Called by the loop when the GPU is lost: the next backend continues from the last checkpoint. */
  private async switchBackend(reason: string, play: boolean): Promise<void> {
    const from = this.backends.current ?? 'the backend';
    const old = this.loop.active;
    const good = this.checkpoints.latest;
    const config = old?.run.config;
    const history = old?.recorder.history;
    this.loop.dropRun();
    const to = await this.backends.fallback(reason);
    if (!config || !history) return;
    if (!good) {
      this.tell(
        `${from} stopped working (${reason}) before the first checkpoint; the run starts again on ${to}.`,
      );
      return this.startRun(config, play);
    }
    this.refuseIfTooBig(config);
    history.truncateAfter(good.state.samplesSeen);
    const where = `step ${count(good.state.step)}, ${count(good.state.samplesSeen)} samples`;
    const active = this.loop.install(runFromSnapshot(good, config), history);
    const why =
      `The ${from} backend stopped working (${reason}). Training moved to ${to} and continued from the last ` +
      `checkpoint (${where}); the steps after it are trained again, so no sample is lost or counted twice.`;
    await this.continueRun(active, why, play);
  }

  private async reset(seed: number | undefined): Promise<void> {
    const base = this.loop.active?.run.config;
    if (!base) throw new Error('there is no run to reset yet.');
    await this.startRun(seed === undefined ? base : { ...base, seed }, false);
  }

  private async afterPause(): Promise<void> {
    const active = this.loop.active;
    if (!active) return;
    active.recorder.rate.reset();
    // The page's copy should match what it shows while the run waits (unless the weights are not finite).
    if (!this.loop.diverged) await this.loop.keepCheckpoint(active, false);
    this.loop.flush(true);
    this.loop.postStatus('paused');
  }

  private async stepOnce(): Promise<void> {
    const active = this.loop.active;
    if (!active) throw new Error('there is no run to step yet.');
    const t0 = this.now();
    active.run.step();
    const loss = await active.run.readTrainLoss();
    active.recorder.addTrainTime(this.now() - t0);
    if (await this.loop.measure(active, { loss, steps: 1, evaluate: true, heavy: true })) return;
    if (!(await this.loop.keepCheckpoint(active, false))) return;
    this.loop.flush(true);
    this.loop.postStatus('paused');
  }

  private async updateConfig(next: Config): Promise<void> {
    const valid = validateConfig(next);
    if (!valid.ok) return this.refuse(valid.errors);
    const run = this.loop.active?.run;
    if (!run) return this.startRun(valid.config, false);
    const { live, restart } = diffConfig(run.config, valid.config);
    if (restart.length > 0) {
      await this.startRun(valid.config, this.loop.playing);
    } else if (live.length > 0) {
      run.updateLive(withLiveFields(run.config, valid.config));
    }
    this.post({ type: 'configApplied', live, restart });
  }

  private async setView(view: ViewOptions): Promise<void> {
    const changed = view.basis !== this.view.basis || view.probe !== this.view.probe;
    this.view = view;
    const active = this.loop.active;
    if (!active || !changed) return;
    this.batcher.set('predictions', await measurePredictions(active.run, view.probe));
    this.batcher.set(
      'trajectories',
      await measureTrajectories(active.run, view.basis, active.recorder.bases),
    );
    this.loop.flush(true);
  }
}
