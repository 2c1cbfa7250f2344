/**
 * The data worker of the command line (a worker_threads thread started by data-workers.ts): draws the
 * training batches it is asked for, like the browser's data-worker.ts.
 */
import { parentPort } from 'node:worker_threads';
import { yieldToEventLoop } from '../model/yield';
import { DataWorkerLoop, type ToDataWorker } from '../worker/data/batch-prefetch';

const port = parentPort;
if (port === null) throw new Error('data-worker-node.ts runs only as a worker thread');
const loop = new DataWorkerLoop(
  (msg, transfer) => port.postMessage(msg, transfer),
  (work) => void yieldToEventLoop().then(work),
);
port.on('message', (msg: ToDataWorker) => loop.receive(msg));
