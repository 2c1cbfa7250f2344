/**
 * The main thread's typed handle on the training worker: sends `ToWorker` messages, fans `FromWorker` messages
 * out to subscribers, and pairs export requests with their answers. It works over any message endpoint (a
 * Worker in the app, a MessagePort in tests) and never imports tfjs.
 */
import type { ExportKind, ExportedMessage, FromWorker, ToWorker } from './protocol';

/** The part of Worker / MessagePort the client uses. */
export interface Endpoint {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export type Listener = (msg: FromWorker) => void;

export class TrainerClient {
  private readonly listeners = new Set<Listener>();
  private readonly exports = new Map<number, (msg: ExportedMessage) => void>();
  private nextRequestId = 1;
  private readonly onMessage = (event: MessageEvent) => this.dispatch(event.data as FromWorker);

  constructor(
    private readonly endpoint: Endpoint,
    private readonly terminate: () => void = () => {},
  ) {
    endpoint.addEventListener('message', this.onMessage);
  }

  /** Starts the training worker of the app (a module worker bundled by Vite). */
  static spawn(): TrainerClient {
    const worker = new Worker(new URL('./train-worker.ts', import.meta.url), {
      type: 'module',
      name: 'trainer',
    });
    const client = new TrainerClient(worker, () => worker.terminate());
    // A worker that fails to load or throws outside a handler reports here, not through a message.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      client.dispatch({
        type: 'error',
        message: `The training worker failed (${event.message || 'it could not be loaded'}). Reload the page; if it happens again, try ?backend=cpu.`,
        fatal: true,
      });
    });
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

  /** Asks for a run export or a checkpoint and resolves with the file. */
  requestExport(kind: ExportKind): Promise<ExportedMessage> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.exports.set(requestId, resolve);
      this.send({ type: 'export', kind, requestId });
    });
  }

  dispose(): void {
    this.endpoint.removeEventListener('message', this.onMessage);
    this.listeners.clear();
    this.terminate();
  }

  private dispatch(msg: FromWorker): void {
    if (msg.type === 'exported') {
      this.exports.get(msg.requestId)?.(msg);
      this.exports.delete(msg.requestId);
    }
    for (const listener of this.listeners) listener(msg);
  }
}
