/**
 * The training loop behind the worker: owns the Run, answers every `ToWorker` message and streams metrics.
 * It does not touch `self`, so tests drive the same class in Node over a MessageChannel or directly.
 * The loop itself (chunks, measurements, checkpoints, divergence, GPU loss) is in loop.ts.
 */
import { diffConfig, validateConfig, withLiveFields, type Config } from '../../model/config';
import { Run } from '../../model/run';
import { loseBackend } from './backend-watch';
import { exportCheckpoint, exportRun } from './run-files';
import { blockFor, poisonWeights } from './faults';
import { RunHistory } from '../../model/run-history';
import { TrainingLoop, errorText, type TrainerHost } from './loop';
import { measurePredictions, measureTrajectories } from './measurements';
import { type ExportMessage, type ToWorker, type ViewOptions } from '../protocol/training-protocol';
import type { InjectMessage, RestoreMessage } from '../protocol/recovery-messages';
import { runFromSnapshot, snapshotProblems } from './snapshot';

export type { TrainerHost } from './loop';

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export class Trainer extends TrainingLoop {
  constructor(host: TrainerHost) {
    super(host);
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
        // A diverged run never trains on from its NaN weights: it goes back to the last finite checkpoint.
        return this.serial(() => (this.diverged ? this.rollback(null, true) : this.resume()));
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
      case 'restore':
        this.playing = false;
        return this.serial(() => this.restore(msg));
      case 'rollback':
        this.playing = false;
        return this.serial(() => this.rollback(msg.lr, msg.play));
      case 'inject':
        return this.inject(msg);
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
    await this.settled();
    this.outbox.dispose();
    this.backends.watch.detach();
    this.disposeActive();
  }

  private refuse(errors: string[]): void {
    this.tell(`These settings are not valid: ${errors.join(' ')}`);
  }

  private async startRun(config: Config, play: boolean): Promise<void> {
    this.playing = false;
    const valid = validateConfig(config);
    if (!valid.ok) return this.refuse(valid.errors);
    this.disposeActive();
    this.batcher.clear();
    this.runId += 1;
    this.postStatus('starting');
    await this.backends.ensure(valid.config.backend);
    this.refuseIfTooBig(valid.config);
    this.checkpoints.reset(null);
    const active = this.install(Run.create(valid.config));
    await this.announceNewRun(active.run, play);
  }

  /** runStarted, the first point of every chart, a first checkpoint, then play or pause. */
  private async announceNewRun(run: Run, play: boolean): Promise<void> {
    const active = this.active;
    if (!active || active.run !== run) return;
    const positions = run.teacher.targets.slice();
    this.post({
      type: 'runStarted',
      runId: this.runId,
      config: run.config,
      positions,
      baselines: run.baselines,
    });
    if (await this.measure(active, { loss: Number.NaN, steps: 0, evaluate: true, heavy: true })) return;
    await this.keepCheckpoint(active, true);
    this.outbox.flush(true);
    if (play) this.resume();
    else this.postStatus('paused');
  }

  /** A checkpoint from the page: a crashed worker's run continues, or an imported file starts a new run. */
  private async restore(msg: RestoreMessage): Promise<void> {
    const problems = snapshotProblems(msg.snapshot);
    if (problems.length > 0) {
      this.tell(`This checkpoint cannot be loaded: ${problems.slice(0, 4).join(' ')}`);
      return;
    }
    const s = msg.snapshot;
    this.disposeActive();
    this.batcher.clear();
    this.runId = msg.runId ?? this.runId + 1;
    this.postStatus('starting');
    await this.backends.ensure(s.config.backend);
    this.refuseIfTooBig(s.config);
    this.checkpoints.reset(s.teacher ?? null);
    const run = runFromSnapshot(s);
    if (msg.runId === null) {
      this.install(run);
      return this.announceNewRun(run, msg.play);
    }
    const history = RunHistory.fromRows(run.teacher.targets, msg.history, s.state.samplesSeen);
    await this.continueRun(this.install(run, history), msg.reason, msg.play);
  }

  /**
   * The run goes on under the same id from its restored weights: the page drops its points after the
   * checkpoint, gets a fresh copy of it, and sees the counters at once.
   */
  private async continueRun(active: ReturnType<TrainingLoop['install']>, reason: string, play: boolean) {
    const { run } = active;
    const { step, samplesSeen } = run.state;
    this.post({
      type: 'restored',
      runId: this.runId,
      config: run.config,
      step,
      samplesSeen,
      reason,
      baselines: run.baselines,
    });
    this.checkpoints.continued();
    await this.keepCheckpoint(active, true);
    this.outbox.flush(true);
    if (play) this.resume();
    else this.postStatus('paused');
  }

  /** Back to the last finite checkpoint, with learning rate `lr` (null: unchanged). */
  private async rollback(lr: number | null, play: boolean): Promise<void> {
    const active = this.active;
    const good = this.checkpoints.latest;
    if (!active || !good) throw new Error('there is no checkpoint to go back to.');
    const before = active.run.config.lr;
    const valid = validateConfig({ ...active.run.config, lr: lr ?? before });
    if (!valid.ok) return this.refuse(valid.errors);
    const history = active.recorder.history;
    history.truncateAfter(good.state.samplesSeen);
    this.disposeActive();
    this.batcher.clear();
    this.checkpoints.setLearningRate(valid.config.lr);
    const where = `step ${count(good.state.step)}, ${count(good.state.samplesSeen)} samples`;
    const change =
      valid.config.lr === before
        ? ''
        : ` with the learning rate lowered from ${before} to ${valid.config.lr}`;
    const next = this.install(runFromSnapshot(good, valid.config), history);
    await this.continueRun(next, `Went back to the last finite checkpoint (${where})${change}.`, play);
  }

  /** Called by the loop when the GPU is lost: the next backend continues from the last checkpoint. */
  protected async switchBackend(reason: string, play: boolean): Promise<void> {
    const from = this.backends.current ?? 'the backend';
    const old = this.active;
    const good = this.checkpoints.latest;
    const config = old?.run.config;
    const history = old?.recorder.history;
    this.disposeActive();
    this.batcher.clear();
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
    const active = this.install(runFromSnapshot(good, config), history);
    const why =
      `The ${from} backend stopped working (${reason}). Training moved to ${to} and continued from the last ` +
      `checkpoint (${where}); the steps after it are trained again, so no sample is lost or counted twice.`;
    await this.continueRun(active, why, play);
  }

  private async reset(seed: number | undefined): Promise<void> {
    const base = this.active?.run.config;
    if (!base) throw new Error('there is no run to reset yet.');
    await this.startRun(seed === undefined ? base : { ...base, seed }, false);
  }

  private async afterPause(): Promise<void> {
    const active = this.active;
    if (!active) return;
    active.recorder.rate.reset();
    // The page's copy should match what it shows while the run waits (unless the weights are not finite).
    if (!this.diverged) await this.keepCheckpoint(active, false);
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
    if (await this.measure(active, { loss, steps: 1, evaluate: true, heavy: true })) return;
    if (!(await this.keepCheckpoint(active, false))) return;
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
      run.updateLive(withLiveFields(run.config, valid.config));
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
    const backend = this.backends.current;
    try {
      if (!active || !backend) throw new Error('there is no run to export yet');
      const file =
        kind === 'run'
          ? exportRun(active.run, backend, active.recorder.history)
          : await exportCheckpoint(active.run);
      this.post({ type: 'exported', requestId, kind, ...file, error: null });
    } catch (e) {
      const error = `Could not export the ${kind}: ${errorText(e)}.`;
      this.post({ type: 'exported', requestId, kind, fileName: '', text: '', error });
    }
  }

  /** Test faults (only with `?test-hooks=1`). */
  private inject(msg: InjectMessage): Promise<void> {
    if (!this.host.testHooks) {
      this.tell('Fault injection is a test hook; open the page with ?test-hooks=1 to use it.');
      return Promise.resolve();
    }
    switch (msg.fault) {
      case 'close':
        this.host.exit?.();
        return Promise.resolve();
      case 'hang':
        blockFor(msg.ms ?? 30_000);
        return Promise.resolve();
      case 'data-worker':
        if (!this.host.prefetcher) this.tell('Could not inject data-worker: no data worker runs here.');
        this.host.prefetcher?.failOneWorker();
        return Promise.resolve();
      case 'nan':
        return this.serial(() => {
          if (this.active) poisonWeights(this.active.run);
        });
      case 'device-loss':
      case 'context-loss':
        return this.serial(() => {
          const problem = loseBackend(msg.fault as 'device-loss' | 'context-loss');
          if (problem) this.tell(`Could not inject ${msg.fault}: ${problem}.`);
        });
    }
  }
}
