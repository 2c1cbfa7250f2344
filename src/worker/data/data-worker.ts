/**
 * Entry point of a data worker, started by the training or sweep worker: draws the training batches it is
 * asked for (see batch-prefetch.ts) and sends them back, their arrays transferred.
 */
import { yieldToEventLoop } from '../../model/yield';
import { DataWorkerLoop, type ToDataWorker } from './batch-prefetch';

const loop = new DataWorkerLoop(
  (msg, transfer) => self.postMessage(msg, { transfer }),
  (work) => void yieldToEventLoop().then(work),
);

self.addEventListener('message', (event: MessageEvent<ToDataWorker>) => loop.receive(event.data));
