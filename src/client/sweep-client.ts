/**
 * The main thread's handle on the sweep worker: starts it on first use (a module worker bundled by Vite),
 * sends typed messages, and hands every message (or a crash, as a sentence) to one listener. Works over any
 * message endpoint, so tests connect it to a SweepHost through a MessageChannel.
 */
import type { FromSweepWorker, ToSweepWorker } from '../worker/protocol/sweep-protocol';

/** The part of a Worker or MessagePort the client uses. */
export interface SweepEndpoint {
  postMessage(message: ToSweepWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export type SweepListener = (msg: FromSweepWorker) => void;

export class SweepClient {
  constructor(
    private readonly endpoint: SweepEndpoint,
    listener: SweepListener,
    private readonly end: () => void = () => {},
  ) {
    endpoint.addEventListener('message', (event) => listener(event.data as FromSweepWorker));
  }

  /** Starts the app's sweep worker; `onCrash` gets a sentence when it fails outside a message. */
  static spawn(listener: SweepListener, onCrash: (what: string) => void): SweepClient {
    const worker = new Worker(new URL('../worker/sweep/sweep-worker.ts', import.meta.url), {
      type: 'module',
      name: 'sweep',
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      onCrash(`The sweep worker failed (${event.message || 'it could not be loaded'}).`);
    });
    return new SweepClient(worker, listener, () => worker.terminate());
  }

  send(msg: ToSweepWorker): void {
    this.endpoint.postMessage(msg);
  }

  /** Ends the worker (whatever it was doing). */
  terminate(): void {
    this.end();
  }
}
