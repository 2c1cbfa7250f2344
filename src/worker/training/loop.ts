/**
 * The core of the trainer: one serialized chain of work on the current run, the play loop that runs chunks of
 * steps, the measurements after each chunk, checkpoints, divergence and GPU loss. trainer.ts adds the
 * message handlers on top.
 *
 * All work on the run is serialized through one promise chain; `pause` and `step` flip `playing` at once so the
 * chunk in progress stops after its current step. Steps run back to back in chunks of about one report
 * interval; each chunk ends with one asynchronous read (the mean train loss), which also keeps the device
 * queue from running ahead of the loop. No synchronous device reads happen anywhere in the loop.
 *
 * A lost GPU can leave a read pending forever, so a loss does not wait for the chain: it bumps `generation`,
 * starts a fresh chain, and every piece of older work finds itself stale after its next await and stops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { attachPrefetcher, type BatchPrefetcher } from '../data/batch-prefetch';
import type { BackendLoaders } from '../../model/backend';
import type { Config } from '../../model/config';
import { checkMemory } from '../../model/memory';
import type { Run } from '../../model/run';
import { BackendManager } from './backend-manager';
import { CheckpointKeeper } from './checkpoints';
import { divergenceExplanation, suggestedLearningRate } from './divergence';
import type { HeartbeatBody } from './heartbeat';
import type { RunHistory } from '../../model/run-history';
import { MetricBatcher } from './metric-batcher';
import { Outbox } from './outbox';
import { transferables, type FromWorker, type RunStatus, type ViewOptions } from '../protocol/training-protocol';
import type { MemoryReading } from '../protocol/recovery-messages';
import { RunRecorder, type MeasureRequest } from './run-recorder';
import { yieldPacer } from '../../model/yield';

/** After a failure on a GPU backend, how long to wait for the loss report before calling it an error. */
const LOSS_CONFIRM_MS = 400;

export interface TrainerHost {
  post(msg: FromWorker, transfer: ArrayBuffer[]): void;
  loaders: BackendLoaders;
  crossOriginIsolated: boolean;
  now?: () => number;
  /** Accept `inject` messages (the page was opened with `?test-hooks=1`). */
  testHooks?: boolean;
  /** Ends the worker from inside (the `close` fault). */
  exit?: () => void;
  /** Draws training batches ahead on another thread (absent: the trainer draws every batch itself). */
  prefetcher?: BatchPrefetcher;
}

export interface Active {
  run: Run;
  recorder: RunRecorder;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export abstract class TrainingLoop {
  protected active: Active | null = null;
  protected runId = 0;
  protected playing = false;
  protected diverged = false;
  protected view: ViewOptions = { probe: 0, basis: 'current' };
  protected readonly batcher = new MetricBatcher();
  protected readonly outbox: Outbox;
  protected readonly checkpoints = new CheckpointKeeper();
  protected readonly backends: BackendManager;
  protected readonly now: () => number;
  /** Bumped when in-flight work must be abandoned (a lost backend). */
  protected generation = 0;
  private chain: Promise<void> = Promise.resolve();
  private loopGeneration: number | null = null;
  private status: RunStatus = 'starting';
  private memory: MemoryReading | null = null;
  private switching = false;

  constructor(protected readonly host: TrainerHost) {
    this.now = host.now ?? (() => performance.now());
    this.outbox = new Outbox(() => this.sendMetrics(), this.now);
    this.backends = new BackendManager(
      host.loaders,
      (msg) => this.post(msg),
      host.crossOriginIsolated,
      (reason) => this.backendLost(reason),
    );
  }

  /** Continues on the next backend from the last checkpoint (trainer.ts). */
  protected abstract switchBackend(reason: string, play: boolean): Promise<void>;

  /** What the heartbeat reports. */
  heartbeat(): HeartbeatBody {
    const prefetch = this.host.prefetcher;
    return {
      runId: this.runId,
      status: this.status,
      memory: this.memory,
      prefetch: prefetch && !prefetch.disabled ? prefetch.countsNow : null,
    };
  }

  /** Runs `work` after everything queued before it; failures are reported, stale work is skipped. */
  protected serial(work: () => Promise<void> | void): Promise<void> {
    const gen = this.generation;
    const next = this.chain
      .then(() => (gen === this.generation ? work() : undefined))
      .catch((e: unknown) => this.failed(e, gen));
    this.chain = next;
    return next;
  }

  protected post(msg: FromWorker): void {
    this.host.post(msg, transferables(msg));
  }

  protected postStatus(status: RunStatus): void {
    this.status = status;
    this.post({ type: 'status', status, runId: this.runId });
  }

  /** A sentence for the error message that does not stop the run. */
  protected tell(message: string): void {
    this.post({ type: 'error', message, fatal: false });
  }

  protected fail(e: unknown): void {
    this.playing = false;
    this.post({
      type: 'error',
      message: `Training stopped: ${errorText(e)} Press Reset, or choose a smaller configuration or another backend.`,
      fatal: true,
    });
    this.postStatus('error');
  }

  private async failed(e: unknown, gen: number): Promise<void> {
    if (gen !== this.generation) return;
    const gpu = this.backends.current === 'webgpu' || this.backends.current === 'webgl';
    const lost = gpu ? await this.backends.watch.confirm(LOSS_CONFIRM_MS) : null;
    if (gen !== this.generation) return;
    if (lost) this.backendLost(lost);
    else this.fail(e);
  }

  /** The GPU under the backend is gone: abandon everything in flight and continue elsewhere. */
  protected backendLost(reason: string): void {
    if (this.switching) return;
    this.switching = true;
    const play = this.playing;
    this.generation += 1;
    this.playing = false;
    this.loopGeneration = null;
    this.chain = Promise.resolve();
    void this.serial(() => this.switchBackend(reason, play)).finally(() => {
      this.switching = false;
    });
  }

  protected refuseIfTooBig(config: Config): void {
    const tooBig = checkMemory(config, this.backends.limits);
    if (tooBig) throw new Error(tooBig);
  }

  /** Makes `run` the current run, with a fresh recorder (continuing `history` when given). */
  protected install(run: Run, history?: RunHistory): Active {
    attachPrefetcher(this.host.prefetcher, run);
    const active = { run, recorder: new RunRecorder(run, this.batcher, this.now, history) };
    this.active = active;
    this.diverged = false;
    return active;
  }

  /** Frees the current run; in-flight work for it no longer reaches the page. */
  protected disposeActive(): void {
    const old = this.active;
    this.active = null;
    if (!old) return;
    old.recorder.retire();
    try {
      old.run.dispose();
    } catch {
      // Tensors of a backend whose GPU is gone may fail to free; the backend is abandoned with them.
    }
  }

  protected resume(): void {
    const active = this.active;
    if (!active) throw new Error('there is no run to resume yet.');
    this.playing = true;
    active.recorder.rate.reset();
    active.recorder.rate.observe(this.now(), active.run.state.step, active.run.state.samplesSeen);
    this.postStatus('running');
    if (this.loopGeneration === this.generation) return;
    const gen = this.generation;
    this.loopGeneration = gen;
    void (async () => {
      while (this.playing && this.active && gen === this.generation) await this.serial(() => this.chunk());
      if (this.loopGeneration === gen) this.loopGeneration = null;
    })();
  }

  /** One chunk of steps back to back, then the report (and evaluation or heavy metrics when due). */
  private async chunk(): Promise<void> {
    const active = this.active;
    if (!active || !this.playing) return;
    const gen = this.generation;
    const { run, recorder } = active;
    const t0 = this.now();
    const target = recorder.sizer.steps;
    let steps = 0;
    const pace = yieldPacer(this.now);
    // A chunk ends at the next scheduled evaluation, so it is taken at exactly that sample count.
    while (steps < target && this.playing && !run.evaluationDue()) {
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
    const lost = this.backends.watch.lostNow();
    if (lost) return this.backendLost(lost);
    const due = recorder.afterChunk(steps, this.now() - t0);
    if (await this.measure(active, { loss, steps, ...due })) return;
    if (due.evaluate && !(await this.keepCheckpoint(active, false))) return;
    if (gen !== this.generation) return;
    recorder.rate.observe(this.now(), run.state.step, run.state.samplesSeen);
    this.readMemory(run);
    this.outbox.flush(false);
  }

  /** Measures the run; returns true when the caller must stop (the run diverged or the work went stale). */
  protected async measure(active: Active, req: MeasureRequest): Promise<boolean> {
    const gen = this.generation;
    const diverged = await active.recorder.measure(req, this.view);
    if (gen !== this.generation) return true;
    if (diverged === null) return false;
    this.divergedNow(active, diverged);
    return true;
  }

  /**
   * Takes a checkpoint when due (always with `force`) and sends the page its copy. Returns false when the
   * weights turned out not to be finite: the run diverged.
   */
  protected async keepCheckpoint(active: Active, force: boolean): Promise<boolean> {
    if (!force && !this.checkpoints.due(this.now())) return true;
    const gen = this.generation;
    const { recorder } = active;
    // A lost WebGL context reads back zeros, which must never become the checkpoint to go back to.
    const healthy = () => gen === this.generation && this.backends.watch.lostNow() === null;
    if (!healthy()) return true;
    const r = await this.checkpoints.capture(
      active.run,
      recorder.lastTestError,
      recorder.firstTestError,
      this.now,
      healthy,
    );
    if (!healthy()) return true;
    if (!r.kept) {
      if (r.why) this.divergedNow(active, r.why);
      return r.why === null;
    }
    const msg = this.checkpoints.message(this.runId, recorder.history);
    if (msg) this.post(msg);
    return true;
  }

  private divergedNow(active: Active, what: string): void {
    this.playing = false;
    this.diverged = true;
    const { config, state } = active.run;
    const at = { step: state.step, samplesSeen: state.samplesSeen };
    const checkpoint = this.checkpoints.position;
    this.post({
      type: 'diverged',
      runId: this.runId,
      what,
      ...at,
      lr: config.lr,
      suggestedLr: suggestedLearningRate(config.lr),
      checkpoint,
    });
    this.tell(divergenceExplanation(config, what, at, checkpoint));
    this.outbox.flush(true);
    this.postStatus('paused');
  }

  /** Tensor memory between chunks, when no step temporaries exist (the heartbeat reports it). */
  private readMemory(run: Run): void {
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPUAllocated?: number };
    this.memory = {
      numTensors: m.numTensors,
      numBytes: m.numBytes,
      numBytesInGPUAllocated: typeof m.numBytesInGPUAllocated === 'number' ? m.numBytesInGPUAllocated : null,
      step: run.state.step,
    };
  }

  protected sendMetrics(): void {
    const active = this.active;
    if (!active) return;
    this.post(this.batcher.take(this.runId, active.recorder.progress(this.playing)));
  }

  /** Waits for the queued work (tests, dispose). */
  protected settled(): Promise<void> {
    return this.chain;
  }
}
