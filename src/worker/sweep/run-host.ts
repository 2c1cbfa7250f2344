/**
 * A run worker's side of the pool (run-protocol.ts): trains one task at a time with trainToEps on the backend
 * the scheduler names, throttles progress, and stops a task when asked. No DOM and no Node: the browser's
 * run-worker.ts and the CLI's run thread (src/cli/run-thread-node.ts) both wrap it.
 */
import { selectBackend, type BackendLoaders, type BackendName } from '../../model/backend';
import { trainToEps } from '../../model/sweep';
import { RUN_PROGRESS_HZ, type FromRunWorker, type ToRunWorker } from './run-protocol';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class RunHost {
  private backend: BackendName | null = null;
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly post: (msg: FromRunWorker) => void,
    private readonly loaders: BackendLoaders,
  ) {}

  /** Handles one message; resolves when a started task has ended (tests await it). */
  async handle(msg: ToRunWorker): Promise<void> {
    if (msg.type === 'cancelTrain') {
      this.running.get(msg.id)?.abort();
      return;
    }
    const { id, task } = msg;
    try {
      if (this.backend !== msg.backend) {
        const selection = await selectBackend(msg.backend, this.loaders);
        if (selection.backend !== msg.backend) {
          this.post({
            type: 'trainFailed',
            id,
            lost: true,
            message: `this worker could not start the ${msg.backend} backend (it got ${selection.backend})`,
          });
          return;
        }
        this.backend = msg.backend;
      }
    } catch (e) {
      this.post({ type: 'trainFailed', id, lost: true, message: errorText(e) });
      return;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    let last = Number.NEGATIVE_INFINITY;
    try {
      const outcome = await trainToEps(
        task.config,
        { budget: task.budget, stopAtEps: task.stopAtEps, signal: controller.signal },
        (progress) => {
          const now = performance.now();
          if (now - last < 1000 / RUN_PROGRESS_HZ) return;
          last = now;
          this.post({ type: 'trainProgress', id, progress });
        },
      );
      this.post({ type: 'trained', id, outcome });
    } catch (e) {
      this.post({ type: 'trainFailed', id, lost: false, message: errorText(e) });
    } finally {
      this.running.delete(id);
    }
  }
}
