/**
 * Entry point of the data worker, started by the training worker: draws the training batches it is asked for
 * (see batch-prefetch.ts) and sends them back, their arrays transferred.
 */
import { DataService, type ToDataWorker } from './batch-prefetch';

const service = new DataService();

self.addEventListener('message', (event: MessageEvent<ToDataWorker>) => {
  const drawn = service.handle(event.data);
  if (drawn) self.postMessage(drawn, { transfer: [drawn.X.buffer, drawn.Y.buffer, drawn.tokens.buffer] });
});
