/**
 * The data worker of the command line (a worker_threads thread started by data-workers.ts): draws the
 * training batches it is asked for, like the browser's data-worker.ts.
 */
import { parentPort } from 'node:worker_threads';
import { DataService, type ToDataWorker } from '../worker/batch-prefetch';

const port = parentPort;
if (port === null) throw new Error('data-worker-node.ts runs only as a worker thread');
const service = new DataService();
port.on('message', (msg: ToDataWorker) => {
  const drawn = service.handle(msg);
  if (drawn)
    port.postMessage(
      drawn,
      [drawn.X, drawn.Y, drawn.tokens].map((a) => a.buffer as ArrayBuffer),
    );
});
