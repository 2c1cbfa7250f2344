/**
 * The main thread's handle on the training worker, over a WorkerChannel (worker-port.ts: typed sends, the
 * worker's messages fanned out to subscribers, crashes as sentences). On top of it: export requests paired with
 * their answers, the worker's newest checkpoint, its heartbeat, and replacing a crashed or hung worker with a
 * new one that continues from that checkpoint. It works over any message endpoint (a Worker in the app, a
 * MessagePort in tests) and never imports tfjs.
 */
import type { Config } from '../model/config';
import { CheckpointStore } from './checkpoint-store';
import {
  failedTrace,
  type ExportKind,
  type ExportedMessage,
  type FromWorker,
  type ToWorker,
  type TracedMessage,
} from '../worker/protocol/training-protocol';
import type { CheckpointPosition, Fault, HeartbeatMessage } from '../worker/protocol/recovery-messages';
import {
  startedWorker,
  WorkerChannel,
  type StartedWorker,
  type StartWorker,
  type WorkerEndpoint,
} from '../worker/protocol/worker-port';
import { Watchdog, type WatchdogOptions } from './watchdog';

/** The training worker's endpoint, a running one and how to start one (worker-port.ts, for this protocol). */
export type Endpoint = WorkerEndpoint<ToWorker>;
export type WorkerHandle = StartedWorker<ToWorker>;
export type WorkerFactory = StartWorker<ToWorker>;
export type Listener = (msg: FromWorker) => void;

export interface ClientOptions {
  /** Starts a fresh worker for `recover`; without it the client cannot replace its worker. */
  respawn?: WorkerFactory;
  /** Watch the heartbeat (the app does; tests may pass shorter times). */
  watchdog?: WatchdogOptions;
}

/** What the page knows about the worker's health, for the recovery button. */
export interface WorkerHealth {
  /** Why the worker is considered lost, or null while it answers. */
  lost: string | null;
  /** The checkpoint the page holds (a new worker would continue from it). */
  checkpoint: CheckpointPosition | null;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export class TrainerClient {
  private readonly channel: WorkerChannel<ToWorker, FromWorker>;
  private readonly healthListeners = new Set<() => void>();
  private readonly exports = new Map<number, (msg: ExportedMessage) => void>();
  private readonly traces = new Map<number, (msg: TracedMessage) => void>();
  private nextRequestId = 1;
  private readonly watchdog: Watchdog | null;
  private healthNow: WorkerHealth = { lost: null, checkpoint: null };
  /** The newest checkpoint the worker sent. */
  readonly checkpoints = new CheckpointStore();
  /** The newest heartbeat (status, memory). */
  lastHeartbeat: HeartbeatMessage | null = null;

  constructor(
    endpoint: Endpoint,
    terminate: () => void = () => {},
    private readonly options: ClientOptions = {},
  ) {
    this.channel = new WorkerChannel({ endpoint, terminate }, (msg) => this.note(msg));
    this.watchdog = options.watchdog
      ? new Watchdog(
          (ms) =>
            this.markLost(
              `The training worker has not answered for ${Math.round(ms / 1000)} s: it crashed, was closed, or is stuck.`,
            ),
          () => this.setHealth({ lost: null }),
          options.watchdog,
        )
      : null;
    this.watchdog?.start();
  }

  /**
   * Starts the training worker of the app (a module worker bundled by Vite), watched by its heartbeat.
   * `testHooks`: accept fault injection (the page was opened with `?test-hooks=1`, src/state/link/keys.ts).
   */
  static spawn({ testHooks = false }: { testHooks?: boolean } = {}): TrainerClient {
    const make: WorkerFactory = (onCrash) => {
      const worker = new Worker(new URL('../worker/training/train-worker.ts', import.meta.url), {
        type: 'module',
        name: testHooks ? 'trainer test-hooks' : 'trainer',
      });
      // A worker that fails to load or throws outside a handler reports to onCrash, not through a message.
      return startedWorker(worker, 'training worker', onCrash);
    };
    let client: TrainerClient | null = null;
    const first = make((what) => client?.markLost(what));
    client = new TrainerClient(first.endpoint, first.terminate, { respawn: make, watchdog: {} });
    if (testHooks) client.installTestHooks();
    return client;
  }

  send(msg: ToWorker): void {
    this.channel.send(msg);
  }

  /** Calls `listener` with every message from the worker; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    return this.channel.subscribe(listener);
  }

  get health(): WorkerHealth {
    return this.healthNow;
  }

  /** Calls `listener` when `health` changes (a stable object otherwise, for useSyncExternalStore). */
  subscribeHealth(listener: () => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /** Asks for a run export or a checkpoint and resolves with the file. */
  requestExport(kind: ExportKind): Promise<ExportedMessage> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.exports.set(requestId, resolve);
      this.send({ type: 'export', kind, requestId });
    });
  }

  /** Asks for the step-through trace of probe sequence `probe` on the current weights. */
  requestTrace(probe: number): Promise<TracedMessage> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.traces.set(requestId, resolve);
      this.send({ type: 'trace', probe, requestId });
    });
  }

  /**
   * Replaces the worker with a new one that continues the run from the checkpoint the page holds (or, with
   * none, starts `fallback` afresh). Returns false when this client cannot start workers.
   */
  recover(fallback: Config): boolean {
    const respawn = this.options.respawn;
    if (!respawn) return false;
    const wasRunning = (this.lastHeartbeat?.status ?? 'running') === 'running';
    this.channel.replace(() => respawn((what) => this.markLost(what)));
    this.lastHeartbeat = null;
    this.watchdog?.restart();
    const kept = this.checkpoints.latest;
    if (kept) {
      const { step, samplesSeen } = kept.snapshot.state;
      this.send({
        type: 'restore',
        snapshot: kept.snapshot,
        history: kept.history,
        runId: kept.runId,
        play: wasRunning,
        reason: `A new training worker continued the run from the last checkpoint (step ${count(step)}, ${count(samplesSeen)} samples); the steps after it are trained again.`,
      });
    } else {
      this.send({ type: 'start', config: fallback, play: wasRunning });
    }
    this.setHealth({ lost: null });
    return true;
  }

  dispose(): void {
    this.watchdog?.stop();
    this.healthListeners.clear();
    this.channel.close();
  }

  /** The worker is gone or stuck: say so in the error message and offer recovery. */
  markLost(reason: string): void {
    if (this.healthNow.lost) return;
    const cp = this.checkpoints.position;
    const from = cp
      ? `from the last checkpoint (step ${count(cp.step)}, ${count(cp.samplesSeen)} samples)`
      : 'from the start of the run';
    const how = this.options.respawn
      ? `Press Recover to start a new worker that continues ${from}.`
      : 'Reload the page; if it happens again, try ?backend=cpu.';
    // The error first, so health listeners already find it in the store.
    this.channel.emit({ type: 'error', message: `${reason} ${how}`, fatal: true });
    this.setHealth({ lost: reason });
    // A lost worker answers no more traces: settle the waiting ones with the reason.
    for (const [requestId, resolve] of this.traces)
      resolve(failedTrace(requestId, 0, 0, `Could not trace the sequence: ${reason}`));
    this.traces.clear();
  }

  private setHealth(patch: Partial<WorkerHealth>): void {
    const next = { ...this.healthNow, ...patch };
    if (next.lost === this.healthNow.lost && next.checkpoint === this.healthNow.checkpoint) return;
    this.healthNow = next;
    for (const listener of this.healthListeners) listener();
  }

  /** The client's own bookkeeping of a message from the worker, before the subscribers get it. */
  private note(msg: FromWorker): void {
    if (msg.type === 'heartbeat') {
      this.lastHeartbeat = msg;
      this.watchdog?.beat(msg.blockMs);
    } else if (msg.type === 'snapshot') {
      if (this.checkpoints.accept(msg)) this.setHealth({ checkpoint: this.checkpoints.position });
    } else if (msg.type === 'restored') {
      this.checkpoints.rewind(msg.runId, msg.samplesSeen);
    } else if (msg.type === 'exported') {
      this.exports.get(msg.requestId)?.(msg);
      this.exports.delete(msg.requestId);
    } else if (msg.type === 'traced') {
      this.traces.get(msg.requestId)?.(msg);
      this.traces.delete(msg.requestId);
    }
  }

  /**
   * `window.__rnnLab` for browser tests: inject faults, read the worker's heartbeat and the page's checkpoint,
   * and every error message shown so far (a later one may have replaced it on screen).
   */
  private installTestHooks(): void {
    const errors: string[] = [];
    this.subscribe((msg) => {
      if (msg.type === 'error') errors.push(msg.message);
    });
    (globalThis as { __rnnLab?: unknown }).__rnnLab = {
      errors: () => [...errors],
      inject: (fault: Fault, ms?: number) => this.send({ type: 'inject', fault, ms }),
      heartbeat: () => this.lastHeartbeat,
      checkpoint: () => this.checkpoints.position,
      health: () => this.health,
    };
  }
}
