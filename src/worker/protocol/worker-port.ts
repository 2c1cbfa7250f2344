/**
 * One typed handle for every worker the app starts (the training worker, the sweep worker, the data workers):
 * typed sends (buffers optionally transferred), the worker's messages fanned out to subscribers, a crash
 * outside a message handler reported as a sentence, and the worker replaced or ended. It works over any
 * message endpoint: a Worker, a MessagePort (tests), a Node worker thread through an adapter
 * (src/cli/data-workers.ts). What the messages mean is left to its users: TrainerClient, SweepClient and
 * data-worker-client.ts. No DOM, no tfjs: the page, the workers and Node all import it.
 */

/** A message as an endpoint hands it over (the part of a MessageEvent a channel reads). */
export interface Delivery {
  readonly data: unknown;
}

export type DeliveryListener = (event: Delivery) => void;

/** The part of a Worker or MessagePort a channel uses; `Out` is what the worker is sent. */
export interface WorkerEndpoint<Out> {
  postMessage(message: Out, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: DeliveryListener): void;
  removeEventListener(type: 'message', listener: DeliveryListener): void;
}

/** A running worker: its endpoint and how to end it. */
export interface StartedWorker<Out> {
  endpoint: WorkerEndpoint<Out>;
  terminate(): void;
}

/** Starts a worker; `onCrash` is called with a sentence when it fails outside a message handler. */
export type StartWorker<Out> = (onCrash: (what: string) => void) => StartedWorker<Out>;

/**
 * Reports a Worker's failures outside a message handler (it did not load, or threw at its top level; with
 * `messageErrors`, also a message from it that could not be read) to `onCrash` as a sentence naming `name`
 * ("The training worker failed (…)."). The events are cancelled: handled here, an error is not reported again
 * in the starting scope (in a worker, as that worker's own crash).
 */
export function reportCrashes(
  worker: Worker,
  name: string,
  onCrash: (what: string) => void,
  { messageErrors = false }: { messageErrors?: boolean } = {},
): void {
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    onCrash(`The ${name} failed (${event.message || 'it could not be loaded'}).`);
  });
  if (messageErrors)
    worker.addEventListener('messageerror', (event) => {
      event.preventDefault();
      onCrash(`A message from the ${name} could not be read.`);
    });
}

/**
 * A Worker the caller just constructed (`new Worker(new URL(…), …)` stays at the call site, where the bundler
 * finds it) as a StartedWorker, its crashes reported to `onCrash` (reportCrashes).
 */
export function startedWorker<Out>(
  worker: Worker,
  name: string,
  onCrash: (what: string) => void,
): StartedWorker<Out> {
  reportCrashes(worker, name, onCrash);
  return { endpoint: worker, terminate: () => worker.terminate() };
}

/**
 * The page's (or a worker's) side of one worker: sends `ToWorker` messages and hands each `FromWorker` message
 * first to `onReceive` (the user's own bookkeeping), then to every subscriber, in the order they subscribed.
 */
export class WorkerChannel<ToWorker, FromWorker> {
  private readonly listeners = new Set<(msg: FromWorker) => void>();
  private worker: StartedWorker<ToWorker>;
  private readonly receive = (event: Delivery) => {
    const msg = event.data as FromWorker;
    this.onReceive?.(msg);
    this.emit(msg);
  };

  constructor(
    worker: StartedWorker<ToWorker>,
    private readonly onReceive?: (msg: FromWorker) => void,
  ) {
    this.worker = worker;
    worker.endpoint.addEventListener('message', this.receive);
  }

  /** Posts `msg`, transferring the listed buffers (without them, everything is copied). */
  send(msg: ToWorker, transfer?: Transferable[]): void {
    if (transfer) this.worker.endpoint.postMessage(msg, transfer);
    else this.worker.endpoint.postMessage(msg);
  }

  /** Calls `listener` with every message from the worker; returns the unsubscribe function. */
  subscribe(listener: (msg: FromWorker) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Hands `msg` to the subscribers as if the worker had sent it (a lost worker's error, said by the page). */
  emit(msg: FromWorker): void {
    for (const listener of this.listeners) listener(msg);
  }

  /** Ends the worker, then starts another in its place: the subscribers stay and hear the new one. */
  replace(start: () => StartedWorker<ToWorker>): void {
    this.worker.endpoint.removeEventListener('message', this.receive);
    this.worker.terminate();
    this.worker = start();
    this.worker.endpoint.addEventListener('message', this.receive);
  }

  /** Ends the worker (whatever it was doing); the channel still listens. */
  terminate(): void {
    this.worker.terminate();
  }

  /** Stops listening, forgets the subscribers and ends the worker. */
  close(): void {
    this.worker.endpoint.removeEventListener('message', this.receive);
    this.listeners.clear();
    this.worker.terminate();
  }
}
