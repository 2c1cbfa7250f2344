/**
 * Entry point of the dedicated module worker: connects the Trainer to the worker's message port. Everything
 * else lives in trainer.ts so it can run (and be tested) outside a worker.
 */
import { BROWSER_LOADERS } from './browser-backends';
import type { ToWorker } from './protocol';
import { Trainer } from './trainer';

const trainer = new Trainer({
  post: (msg, transfer) => self.postMessage(msg, { transfer }),
  loaders: BROWSER_LOADERS,
  crossOriginIsolated: self.crossOriginIsolated,
});

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  void trainer.handle(event.data);
});
