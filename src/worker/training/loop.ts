/**
 * The trainer's loop: the current run and everything that keeps it moving. It owns the one serialized chain of
 * work, the play loop that runs chunks of steps, the measurements and checkpoints after each chunk, divergence,
 * GPU loss and the status and metrics it posts. It answers no messages: the Trainer (trainer.ts) holds one,
 * gives it the tools it shares (a LoopContext) and drives it through the methods below.
 *
 * All work on the run is serialized through one promise chain; `stop` flips `playing` at once so the chunk in
 * progress stops after its current step. Steps run back to back in chunks of about one report interval; each
 * chunk ends with one asynchronous read (the mean train loss), which also keeps the device queue from running
 * ahead of the loop. No synchronous device reads happen anywhere in the loop.
 *
 * A lost GPU can leave a read pending forever, so a loss does not wait for the chain: it bumps `generation`,
 * starts a fresh chain, and every piece of older work finds itself stale after its next await and stops.
 */
import { attachPrefetcher, type BatchPrefetcher } from '../data/batch-prefetch';
import type { Run } from '../../model/run';
import type { BackendManager } from './backend-manager';
import type { CheckpointKeeper } from './checkpoints';
import { divergenceExplanation, suggestedLearningRate } from './divergence';
import { memoryReading, type HeartbeatBody } from './heartbeat';
import type { RunHistory } from '../../model/run-history';
import type { MetricBatcher } from './metric-batcher';
import { Outbox } from './outbox';
import type { FromWorker, RunStatus, ViewOptions } from '../protocol/training-protocol';
import type { MemoryReading } from '../protocol/recovery-messages';
import { RunRecorder, type MeasureRequest } from './run-recorder';
import { yieldPacer } from '../../model/yield';

/** After a failure on a GPU backend, how long to wait for the loss report before calling it an error. */
const LOSS_CONFIRM_MS = 400;

/** What the loop is given by the Trainer that holds it; the Trainer uses the same objects between messages. */
export interface LoopContext {
  /** Posts one message to the page (with its transferables). */
  post(msg: FromWorker): void;
  now: () => number;
  backends: BackendManager;
  checkpoints: CheckpointKeeper;
  batcher: MetricBatcher;
  /** Draws training batches ahead on another thread (absent: every batch is drawn in the loop). */
  prefetcher?: BatchPrefetcher;
  /** The page's current view (probe and basis), which the measurements follow. */
  view(): ViewOptions;
  /** Continues on the next backend from the last checkpoint (the Trainer's answer to a lost GPU). */
  switchBackend(reason: string, play: boolean): Promise<void>;
}

export interface Active {
  run: Run;
  recorder: RunRecorder;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class TrainingLoop {
  private current: Active | null = null;
  private id = 0;
  private play = false;
  private hasDiverged = false;
  private readonly outbox: Outbox;
  /** Bumped when in-flight work must be abandoned (a lost backend). */
  private generation = 0;
  private chain: Promise<void> = Promise.resolve();
  private loopGeneration: number | null = null;
  private status: RunStatus = 'starting';
  private memory: MemoryReading | null = null;
  private switching = false;

  constructor(private readonly ctx: LoopContext) {
    this.outbox = new Outbox(() => this.sendMetrics(), ctx.now);
  }

  /** The current run and its recorder (null before the first run and while one is replaced). */
  get active(): Active | null {
    return this.current;
  }

  /** The id the page knows the current run by. */
  get runId(): number {
    return this.id;
  }

  /** Whether the play loop runs (or is about to). */
  get playing(): boolean {
    return this.play;
  }

  /** Whether the current run's weights stopped being finite (it must go back to a checkpoint to go on). */
  get diverged(): boolean {
    return this.hasDiverged;
  }

  /** Stops the play loop after its current step; queued work still runs. */
  stop(): void {
    this.play = false;
  }

  /** What the heartbeat reports. */
  heartbeat(): HeartbeatBody {
    const prefetch = this.ctx.prefetcher;
    return {
      runId: this.id,
      status: this.status,
      memory: this.memory,
      prefetch: prefetch && !prefetch.disabled ? prefetch.countsNow : null,
    };
  }

  /** Runs `work` after everything queued before it; failures are reported, stale work is skipped. */
  serial(work: () => Promise<void> | void): Promise<void> {
    const gen = this.generation;
    const next = this.chain
      .then(() => (gen === this.generation ? work() : undefined))
      .catch((e: unknown) => this.failed(e, gen));
    this.chain = next;
    return next;
  }

  postStatus(status: RunStatus): void {
    this.status = status;
    this.ctx.post({ type: 'status', status, runId: this.id });
  }

  /** Sends the pending metrics now if the rate limit allows; `force` sends them later otherwise. */
  flush(force: boolean): void {
    this.outbox.flush(force);
  }

  private fail(e: unknown): void {
    this.play = false;
    this.ctx.post({
      type: 'error',
      message: `Training stopped: ${errorText(e)} Press Reset, or choose a smaller configuration or another backend.`,
      fatal: true,
    });
    this.postStatus('error');
  }

  private async failed(e: unknown, gen: number): Promise<void> {
    if (gen !== this.generation) return;
    const { backends } = this.ctx;
    const gpu = backends.current === 'webgpu' || backends.current === 'webgl';
    const lost = gpu ? await backends.watch.confirm(LOSS_CONFIRM_MS) : null;
    if (gen !== this.generation) return;
    if (lost) this.backendLost(lost);
    else this.fail(e);
  }

  /** The GPU under the backend is gone: abandon everything in flight and continue elsewhere. */
  backendLost(reason: string): void {
    if (this.switching) return;
    this.switching = true;
    const play = this.play;
    this.generation += 1;
    this.play = false;
    this.loopGeneration = null;
    this.chain = Promise.resolve();
    void this.serial(() => this.ctx.switchBackend(reason, play)).finally(() => {
      this.switching = false;
    });
  }

  /** Frees the current run and its pending metrics, then announces run `runId` as starting. */
  beginRun(runId: number): void {
    this.dropRun();
    this.id = runId;
    this.postStatus('starting');
  }

  /** Frees the current run and its pending metrics; in-flight work for it no longer reaches the page. */
  dropRun(): void {
    this.disposeActive();
    this.ctx.batcher.clear();
  }

  /** Makes `run` the current run, with a fresh recorder (continuing `history` when given). */
  install(run: Run, history?: RunHistory): Active {
    attachPrefetcher(this.ctx.prefetcher, run);
    const active = { run, recorder: new RunRecorder(run, this.ctx.batcher, this.ctx.now, history) };
    this.current = active;
    this.hasDiverged = false;
    return active;
  }

  private disposeActive(): void {
    const old = this.current;
    this.current = null;
    if (!old) return;
    old.recorder.retire();
    try {
      old.run.dispose();
    } catch {
      // Tensors of a backend whose GPU is gone may fail to free; the backend is abandoned with them.
    }
  }

  /** Starts (or keeps) the play loop on the current run. */
  resume(): void {
    const active = this.current;
    if (!active) throw new Error('there is no run to resume yet.');
    const { now } = this.ctx;
    this.play = true;
    active.recorder.rate.reset();
    active.recorder.rate.observe(now(), active.run.state.step, active.run.state.samplesSeen);
    this.postStatus('running');
    if (this.loopGeneration === this.generation) return;
    const gen = this.generation;
    this.loopGeneration = gen;
    void (async () => {
      while (this.play && this.current && gen === this.generation) await this.serial(() => this.chunk());
      if (this.loopGeneration === gen) this.loopGeneration = null;
    })();
  }

  /** One chunk of steps back to back, then the report (and evaluation or heavy metrics when due). */
  private async chunk(): Promise<void> {
    const active = this.current;
    if (!active || !this.play) return;
    const gen = this.generation;
    const { now } = this.ctx;
    const { run, recorder } = active;
    const t0 = now();
    const target = recorder.sizer.steps;
    let steps = 0;
    const pace = yieldPacer(now);
    // A chunk ends at the next scheduled evaluation, so it is taken at exactly that sample count.
    while (steps < target && this.play && !run.evaluationDue()) {
      run.step();
      steps += 1;
      const pause = pace();
      if (pause) {
        await pause;
        if (gen !== this.generation) return;
      }
    }
    if (steps === 0 && !run.evaluationDue()) return;
    const loss = await run.readTrainLoss();
    if (gen !== this.generation) return;
    const lost = this.ctx.backends.watch.lostNow();
    if (lost) return this.backendLost(lost);
    const due = recorder.afterChunk(steps, now() - t0);
    if (await this.measure(active, { loss, steps, ...due })) return;
    if (due.evaluate && !(await this.keepCheckpoint(active, false))) return;
    if (gen !== this.generation) return;
    recorder.rate.observe(now(), run.state.step, run.state.samplesSeen);
    // Between chunks no step temporaries exist: the tensor memory the heartbeat reports.
    this.memory = memoryReading(run.state.step);
    this.outbox.flush(false);
  }

  /** Measures the run; returns true when the caller must stop (the run diverged or the work went stale). */
  async measure(active: Active, req: MeasureRequest): Promise<boolean> {
    const gen = this.generation;
    const diverged = await active.recorder.measure(req, this.ctx.view());
    if (gen !== this.generation) return true;
    if (diverged === null) return false;
    this.divergedNow(active, diverged);
    return true;
  }

  /**
   * Takes a checkpoint when due (always with `force`) and sends the page its copy. Returns false when the
   * weights turned out not to be finite: the run diverged.
   */
  async keepCheckpoint(active: Active, force: boolean): Promise<boolean> {
    const { checkpoints, backends, now } = this.ctx;
    if (!force && !checkpoints.due(now())) return true;
    const gen = this.generation;
    const { recorder } = active;
    // A lost WebGL context reads back zeros, which must never become the checkpoint to go back to.
    const healthy = () => gen === this.generation && backends.watch.lostNow() === null;
    if (!healthy()) return true;
    const r = await checkpoints.capture(
      active.run,
      recorder.lastTestError,
      recorder.firstTestError,
      now,
      healthy,
    );
    if (!healthy()) return true;
    if (!r.kept) {
      if (r.why) this.divergedNow(active, r.why);
      return r.why === null;
    }
    const msg = checkpoints.message(this.id, recorder.history);
    if (msg) this.ctx.post(msg);
    return true;
  }

  private divergedNow(active: Active, what: string): void {
    this.play = false;
    this.hasDiverged = true;
    const { config, state } = active.run;
    const at = { step: state.step, samplesSeen: state.samplesSeen };
    const checkpoint = this.ctx.checkpoints.position;
    this.ctx.post({
      type: 'diverged',
      runId: this.id,
      what,
      ...at,
      lr: config.lr,
      suggestedLr: suggestedLearningRate(config.lr),
      checkpoint,
    });
    const message = divergenceExplanation(config, what, at, checkpoint);
    this.ctx.post({ type: 'error', message, fatal: false });
    this.outbox.flush(true);
    this.postStatus('paused');
  }

  private sendMetrics(): void {
    const active = this.current;
    if (!active) return;
    this.ctx.post(this.ctx.batcher.take(this.id, active.recorder.progress(this.play)));
  }

  /** Stops the loop, waits for the queued work, stops watching the backend and frees the run's tensors. */
  async dispose(): Promise<void> {
    this.play = false;
    await this.chain;
    this.outbox.dispose();
    this.ctx.backends.watch.detach();
    this.disposeActive();
  }
}
