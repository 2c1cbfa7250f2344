/**
 * Entry point of the dedicated module worker: connects the Trainer to the worker's message port and sends a
 * heartbeat every second. Everything else lives in trainer.ts so it can run (and be tested) outside a worker.
 * The worker's name carries `test-hooks` when the page was opened with `?test-hooks=1` (see client.ts).
 */
import { BROWSER_LOADERS } from '../shared/browser-backends';
import { startPrefetcher } from '../data/data-worker-client';
import { startHeartbeat } from './heartbeat';
import type { ToWorker } from '../protocol/training-protocol';
import { Trainer } from './trainer';

const trainer = new Trainer({
  prefetcher: startPrefetcher(),
  post: (msg, transfer) => self.postMessage(msg, { transfer }),
  loaders: BROWSER_LOADERS,
  crossOriginIsolated: self.crossOriginIsolated,
  autoBackend: 'measure',
  testHooks: self.name.includes('test-hooks'),
  exit: () => self.close(),
});

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  void trainer.handle(event.data);
});

startHeartbeat(
  (msg) => self.postMessage(msg),
  () => trainer.heartbeat(),
);

// Something the security policy blocked in here would break training in a way nobody sees: say it.
self.addEventListener('securitypolicyviolation', (event) => {
  const e = event as SecurityPolicyViolationEvent;
  self.postMessage({
    type: 'error',
    message: `The page's security policy blocked ${e.blockedURI || 'a resource'} (${e.violatedDirective}) in the training worker.`,
    fatal: false,
  });
});
