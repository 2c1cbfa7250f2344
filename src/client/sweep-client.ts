/**
 * The main thread's handle on the sweep worker, over a WorkerChannel (worker-port.ts): starts it on first use
 * (a module worker bundled by Vite), sends typed messages, and hands every message (or a crash, as a
 * sentence) to one listener. Works over any message endpoint, so tests connect it to a SweepHost through a
 * MessageChannel.
 */
import type { FromSweepWorker, ToSweepWorker } from '../worker/protocol/sweep-protocol';
import { startedWorker, WorkerChannel, type WorkerEndpoint } from '../worker/protocol/worker-port';

/** The sweep worker's endpoint (worker-port.ts, for this protocol). */
export type SweepEndpoint = WorkerEndpoint<ToSweepWorker>;
export type SweepListener = (msg: FromSweepWorker) => void;

export class SweepClient {
  private readonly channel: WorkerChannel<ToSweepWorker, FromSweepWorker>;

  constructor(endpoint: SweepEndpoint, listener: SweepListener, end: () => void = () => {}) {
    this.channel = new WorkerChannel({ endpoint, terminate: end });
    this.channel.subscribe(listener);
  }

  /** Starts the app's sweep worker; `onCrash` gets a sentence when it fails outside a message. */
  static spawn(listener: SweepListener, onCrash: (what: string) => void): SweepClient {
    const worker = new Worker(new URL('../worker/sweep/sweep-worker.ts', import.meta.url), {
      type: 'module',
      name: 'sweep',
    });
    const { endpoint, terminate } = startedWorker<ToSweepWorker>(worker, 'sweep worker', onCrash);
    return new SweepClient(endpoint, listener, terminate);
  }

  send(msg: ToSweepWorker): void {
    this.channel.send(msg);
  }

  /** Ends the worker (whatever it was doing). */
  terminate(): void {
    this.channel.terminate();
  }
}
