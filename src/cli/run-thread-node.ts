/**
 * A run thread of the command line (a worker_threads thread started by run-threads.ts): trains the tasks a
 * sweep's scheduler sends it, like the browser's run-worker.ts, on the wasm (or cpu) backend.
 */
import { parentPort } from 'node:worker_threads';
import { NODE_LOADERS } from '../model/backend';
import { RunHost } from '../worker/sweep/run-host';
import type { ToRunWorker } from '../worker/sweep/run-protocol';

const port = parentPort;
if (port === null) throw new Error('run-thread-node.ts runs only as a worker thread');
const host = new RunHost((msg) => port.postMessage(msg), NODE_LOADERS);
port.on('message', (msg: ToRunWorker) => void host.handle(msg));
