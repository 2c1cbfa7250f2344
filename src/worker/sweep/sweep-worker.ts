/**
 * The sweep worker: runs one learnability sweep at a time with the model layer's scheduler (sweep-pool.ts,
 * the same code as `npm run sweep`), posting progress a few times a second and every finished run as it
 * arrives, and stops when asked. With one worker it trains here, its batches drawn ahead by data workers;
 * with more it starts that many run workers (run-worker.ts), each drawing its own batches, and schedules the
 * runs over them (the records are the same either way). `SweepHost` holds the logic so tests can drive it over a MessageChannel in Node; the
 * last lines connect it to the worker's own port when this file runs as a dedicated worker.
 */
import { describeSelection, selectBackend, type BackendLoaders, type BackendName } from '../../model/backend';
import type { BackendChoice } from '../../model/config';
import { checkMemory } from '../../model/memory';
import { localExecutor, runSweepPool, type RunExecutor } from '../../model/sweep-pool';
import { MAX_SWEEP_WORKERS } from '../../model/sweep-workers';
import { planSweep, validateSweep, type SweepSpec } from '../../model/sweep-spec';
import { attachPrefetcher, type BatchPrefetcher } from '../data/batch-prefetch';
import { BROWSER_LOADERS } from '../shared/browser-backends';
import { startPrefetcher } from '../data/data-worker-client';
import { deviceLimits } from '../shared/device';
import { SWEEP_PROGRESS_HZ, type FromSweepWorker, type ToSweepWorker } from '../protocol/sweep-protocol';
import { reportCrashes, WorkerChannel, type StartedWorker } from '../protocol/worker-port';
import { channelExecutor, type RunChannel } from './run-executor';
import type { FromRunWorker, ToRunWorker } from './run-protocol';

/** Starts one run worker; `onCrash` gets a sentence when it fails outside a message. */
export type StartRunWorker = (index: number, onCrash: (what: string) => void) => StartedWorker<ToRunWorker>;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class SweepHost {
  private running: { id: number; controller: AbortController } | null = null;
  private backend: { requested: BackendChoice; name: BackendName; description: string } | null = null;

  constructor(
    private readonly post: (msg: FromSweepWorker) => void,
    private readonly loaders: BackendLoaders,
    private readonly prefetcher?: BatchPrefetcher,
    private readonly startRunWorker?: StartRunWorker,
  ) {}

  /** Handles one message; resolves when a started sweep has ended (tests await it). */
  async handle(msg: ToSweepWorker): Promise<void> {
    if (msg.type === 'cancelSweep') {
      if (this.running?.id === msg.id) this.running.controller.abort();
      return;
    }
    if (this.running) {
      this.post({
        type: 'sweepError',
        id: msg.id,
        message: 'A sweep is already running here; cancel it before starting another.',
      });
      return;
    }
    const controller = new AbortController();
    this.running = { id: msg.id, controller };
    try {
      await this.run(msg.id, msg.input, controller.signal, msg.workers ?? 1);
    } catch (e) {
      this.post({
        type: 'sweepError',
        id: msg.id,
        message: `The sweep stopped: ${errorText(e)}. The runs that finished are kept; try a smaller config or another backend.`,
      });
    } finally {
      this.running = null;
    }
  }

  private async run(id: number, input: unknown, signal: AbortSignal, workers: number): Promise<void> {
    const checked = validateSweep(input);
    if (!checked.ok) {
      this.post({ type: 'sweepError', id, message: `This sweep cannot run: ${checked.errors.join(' ')}` });
      return;
    }
    const spec = checked.spec;
    const name = await this.ensureBackend(id, spec.config.backend);
    const tooBig = this.memoryProblem(spec, name);
    if (tooBig) {
      this.post({ type: 'sweepError', id, message: tooBig });
      return;
    }
    const start = performance.now();
    const runsTotal = planSweep(spec).length;
    const pool = this.startPool(Math.min(workers, runsTotal), name);
    const lastProgress = new Map<number, number>();
    const lastRun = new Map<number, number>();
    let records;
    try {
      records = await runSweepPool(spec, pool.executors, {
        signal,
        onProgress: (p) => {
          const now = performance.now();
          const slot = p.slot ?? 0;
          // The first report of each run always goes out, so its bar restarts at once.
          const key = p.pilot ? -1 - p.run.index * 16 - p.pilot.index : p.run.index;
          if (key === lastRun.get(slot) && now - (lastProgress.get(slot) ?? 0) < 1000 / SWEEP_PROGRESS_HZ)
            return;
          lastRun.set(slot, key);
          lastProgress.set(slot, now);
          this.post({
            type: 'sweepProgress',
            id,
            progress: {
              runIndex: p.run.index,
              value: p.run.value,
              series: p.run.series,
              seed: p.run.seed,
              runsDone: p.runsDone,
              runsTotal: p.runsTotal,
              samplesSeen: p.samplesSeen,
              budget: p.budget,
              testError: p.testError,
              elapsedSeconds: p.elapsedSeconds,
              secondsLeft: p.secondsLeft,
              slot,
              slots: pool.executors.length,
              ...(p.pilot ? { pilot: p.pilot } : {}),
            },
          });
        },
        onRunEnd: (record, all) => {
          this.post({
            type: 'sweepRunEnd',
            id,
            record,
            runsDone: all.length,
            runsTotal,
          });
        },
      });
    } finally {
      pool.close();
    }
    this.post({
      type: 'sweepDone',
      id,
      cancelled: signal.aborted,
      runsDone: records.length,
      seconds: (performance.now() - start) / 1000,
    });
  }

  /**
   * The executors of one sweep: this thread (with the data workers' batches) for one worker, else that many
   * run workers on the sweep's backend; where run workers cannot start, this thread alone.
   */
  private startPool(workers: number, backend: BackendName): { executors: RunExecutor[]; close(): void } {
    const local = () => ({
      executors: [localExecutor((r) => attachPrefetcher(this.prefetcher, r))],
      close: () => {},
    });
    const count = Math.max(1, Math.min(MAX_SWEEP_WORKERS, Math.floor(workers)));
    if (count === 1 || !this.startRunWorker) return local();
    const channels: RunChannel[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const channel: RunChannel = new WorkerChannel<ToRunWorker, FromRunWorker>(
          this.startRunWorker(i, (what) => channel.emit({ type: 'runWorkerLost', message: what })),
        );
        channels.push(channel);
      }
    } catch {
      for (const c of channels) c.close();
      return local();
    }
    return {
      executors: channels.map((c, i) => channelExecutor(c, backend, `run worker ${i + 1}`)),
      close: () => {
        for (const c of channels) c.close();
      },
    };
  }

  /** Selects the backend the sweep asks for (kept across sweeps that ask for the same one). */
  private async ensureBackend(id: number, requested: BackendChoice): Promise<BackendName> {
    if (this.backend?.requested !== requested) {
      const selection = await selectBackend(requested, this.loaders);
      this.backend = { requested, name: selection.backend, description: describeSelection(selection) };
    }
    const { name, description } = this.backend;
    this.post({ type: 'sweepBackend', id, backend: name, description });
    return name;
  }

  /** A plain message when the largest point of the sweep does not fit this device, else null. */
  private memoryProblem(spec: SweepSpec, backend: BackendName): string | null {
    const limits = deviceLimits(backend);
    for (const run of planSweep(spec)) {
      if (run.seed !== spec.seeds[0]) break;
      const problem = checkMemory(run.config, limits);
      if (problem) return `At ${spec.variable} = ${run.value}: ${problem}`;
    }
    return null;
  }
}

// Connect to the worker's port only inside a dedicated worker (tests import SweepHost in Node).
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined') {
  const scope = globalThis as unknown as {
    postMessage(msg: FromSweepWorker): void;
    addEventListener(type: 'message', listener: (e: MessageEvent<ToSweepWorker>) => void): void;
  };
  const startRunWorker: StartRunWorker = (index, onCrash) => {
    const worker = new Worker(new URL('./run-worker.ts', import.meta.url), {
      type: 'module',
      name: `run-${index + 1}`,
    });
    reportCrashes(worker, `run worker ${index + 1}`, onCrash, { messageErrors: true });
    return { endpoint: worker, terminate: () => worker.terminate() };
  };
  const host = new SweepHost(
    (msg) => scope.postMessage(msg),
    BROWSER_LOADERS,
    startPrefetcher(),
    startRunWorker,
  );
  scope.addEventListener('message', (event) => void host.handle(event.data));
}
