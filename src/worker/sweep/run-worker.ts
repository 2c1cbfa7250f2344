/**
 * Entry point of a run worker, started by the sweep worker for a sweep with more than one worker: trains the
 * tasks the sweep's scheduler sends it (run-host.ts), drawing each batch on its own thread.
 */
import { BROWSER_LOADERS } from '../shared/browser-backends';
import { RunHost } from './run-host';
import type { FromRunWorker, ToRunWorker } from './run-protocol';

const scope = globalThis as unknown as {
  postMessage(msg: FromRunWorker): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToRunWorker>) => void): void;
};
const host = new RunHost((msg) => scope.postMessage(msg), BROWSER_LOADERS);
scope.addEventListener('message', (event) => void host.handle(event.data));
