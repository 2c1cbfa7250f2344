/**
 * The main thread's typed handle on the training worker: sends `ToWorker` messages, fans `FromWorker` messages
 * out to subscribers, and pairs export requests with their answers. It also keeps the worker's newest
 * checkpoint, listens for its heartbeat, and can replace a crashed or hung worker with a new one that
 * continues from that checkpoint. It works over any message endpoint (a Worker in the app, a MessagePort in
 * tests) and never imports tfjs.
 */
import type { Config } from '../model/config';
import { CheckpointStore } from './checkpoint-store';
import type { ExportKind, ExportedMessage, FromWorker, ToWorker } from '../worker/protocol/training-protocol';
import type { CheckpointPosition, Fault, HeartbeatMessage } from '../worker/protocol/recovery-messages';
import { Watchdog, type WatchdogOptions } from './watchdog';

/** The part of Worker / MessagePort the client uses. */
export interface Endpoint {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export type Listener = (msg: FromWorker) => void;

/** A running worker: its endpoint and how to end it. */
export interface WorkerHandle {
  endpoint: Endpoint;
  terminate(): void;
}

/** Starts a worker; `onCrash` is called with a sentence when it fails outside a message handler. */
export type WorkerFactory = (onCrash: (what: string) => void) => WorkerHandle;

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

/** The page opts in to fault injection with `?test-hooks=1`. */
export function testHooksRequested(search: string | undefined): boolean {
  return new URLSearchParams(search ?? '').get('test-hooks') === '1';
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export class TrainerClient {
  private readonly listeners = new Set<Listener>();
  private readonly healthListeners = new Set<() => void>();
  private readonly exports = new Map<number, (msg: ExportedMessage) => void>();
  private nextRequestId = 1;
  private endpoint: Endpoint;
  private terminate: () => void;
  private readonly watchdog: Watchdog | null;
  private healthNow: WorkerHealth = { lost: null, checkpoint: null };
  /** The newest checkpoint the worker sent. */
  readonly checkpoints = new CheckpointStore();
  /** The newest heartbeat (status, memory). */
  lastHeartbeat: HeartbeatMessage | null = null;
  private readonly onMessage = (event: MessageEvent) => this.dispatch(event.data as FromWorker);

  constructor(
    endpoint: Endpoint,
    terminate: () => void = () => {},
    private readonly options: ClientOptions = {},
  ) {
    this.endpoint = endpoint;
    this.terminate = terminate;
    endpoint.addEventListener('message', this.onMessage);
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

  /** Starts the training worker of the app (a module worker bundled by Vite), watched by its heartbeat. */
  static spawn(): TrainerClient {
    const testHooks = testHooksRequested(globalThis.location?.search);
    const make: WorkerFactory = (onCrash) => {
      const worker = new Worker(new URL('../worker/training/train-worker.ts', import.meta.url), {
        type: 'module',
        name: testHooks ? 'trainer test-hooks' : 'trainer',
      });
      // A worker that fails to load or throws outside a handler reports here, not through a message.
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        onCrash(`The training worker failed (${event.message || 'it could not be loaded'}).`);
      });
      return { endpoint: worker, terminate: () => worker.terminate() };
    };
    let client: TrainerClient | null = null;
    const first = make((what) => client?.markLost(what));
    client = new TrainerClient(first.endpoint, first.terminate, { respawn: make, watchdog: {} });
    if (testHooks) client.installTestHooks();
    return client;
  }

  send(msg: ToWorker): void {
    this.endpoint.postMessage(msg);
  }

  /** Calls `listener` with every message from the worker; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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

  /**
   * Replaces the worker with a new one that continues the run from the checkpoint the page holds (or, with
   * none, starts `fallback` afresh). Returns false when this client cannot start workers.
   */
  recover(fallback: Config): boolean {
    const respawn = this.options.respawn;
    if (!respawn) return false;
    const wasRunning = (this.lastHeartbeat?.status ?? 'running') === 'running';
    this.endpoint.removeEventListener('message', this.onMessage);
    this.terminate();
    const next = respawn((what) => this.markLost(what));
    this.endpoint = next.endpoint;
    this.terminate = next.terminate;
    this.endpoint.addEventListener('message', this.onMessage);
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
    this.endpoint.removeEventListener('message', this.onMessage);
    this.listeners.clear();
    this.healthListeners.clear();
    this.terminate();
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
    this.fanOut({ type: 'error', message: `${reason} ${how}`, fatal: true });
    this.setHealth({ lost: reason });
  }

  private setHealth(patch: Partial<WorkerHealth>): void {
    const next = { ...this.healthNow, ...patch };
    if (next.lost === this.healthNow.lost && next.checkpoint === this.healthNow.checkpoint) return;
    this.healthNow = next;
    for (const listener of this.healthListeners) listener();
  }

  private dispatch(msg: FromWorker): void {
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
    }
    this.fanOut(msg);
  }

  private fanOut(msg: FromWorker): void {
    for (const listener of this.listeners) listener(msg);
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
