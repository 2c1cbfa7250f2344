/**
 * Training batches drawn ahead on another thread. Drawing a batch (tokens, then the teacher's targets) costs
 * O(L²) per sequence for the additive concept, so at long sequences it takes as long as the SGD step itself
 * (case long, L = 100: about 7 ms per batch of 16 beside a 21 ms wasm step; on a fast GPU the drawing is the
 * bottleneck). A data worker draws the next few batches while the trainer's thread runs the step; a batch
 * that is not ready in time is drawn by the trainer as before. Data depend only on (config, sample count), so
 * the batches are bit-identical wherever they are drawn.
 *
 * BatchPrefetcher is the trainer's side, DataService the data worker's and DataWorkerLoop its message loop
 * (data-worker.ts and src/cli/data-worker-node.ts connect it to a port); plain classes, so tests connect them
 * directly.
 */
import type { Config } from '../../model/config';
import { DataSource, type Batch } from '../../model/data';
import type { HostBatchSource, Run } from '../../model/run';
import type { Teacher } from '../../model/teacher';
import type { PrefetchCounts } from '../protocol/recovery-messages';

/** What a data worker does: take a run's config, or draw a batch. `gen` numbers the run. */
export type DataRequest =
  | { type: 'configure'; gen: number; config: Config; teacher: Teacher }
  | { type: 'draw'; gen: number; samplesSeen: number; size: number };

/** Trainer → data worker: a request, or `fail` (a test fault: the worker throws). */
export type ToDataWorker = DataRequest | { type: 'fail' };

/** Data worker → trainer: one batch (its arrays transferred), or word that a request of an old run was dropped. */
export type DrawnBatch =
  | {
      type: 'drawn';
      gen: number;
      samplesSeen: number;
      size: number;
      X: Float32Array;
      Y: Float32Array;
      tokens: Float32Array;
    }
  | { type: 'dropped'; gen: number; samplesSeen: number; size: number };

/** The data worker's side: draws the batches asked for with the run's own config and teacher. */
export class DataService {
  private source: DataSource | null = null;
  private gen = -1;

  /** Configures (no answer) or draws; every draw request gets one answer, `dropped` for an old run's. */
  handle(msg: DataRequest): DrawnBatch | null {
    if (msg.type === 'configure') {
      this.gen = msg.gen;
      this.source = new DataSource(msg.config, msg.teacher);
      return null;
    }
    if (msg.gen !== this.gen || this.source === null)
      return { type: 'dropped', gen: msg.gen, samplesSeen: msg.samplesSeen, size: msg.size };
    const b = this.source.batchAt(msg.samplesSeen, msg.size);
    return {
      type: 'drawn',
      gen: msg.gen,
      samplesSeen: msg.samplesSeen,
      size: msg.size,
      X: b.X,
      Y: b.Y,
      tokens: b.tokens,
    };
  }
}

/**
 * The data worker's message loop: a new run's config is taken at once, draw requests are queued and drawn one
 * per macrotask, so a config that arrives meanwhile turns the old run's queued requests into quick `dropped`
 * answers instead of batches nobody will take.
 */
export class DataWorkerLoop {
  private readonly service = new DataService();
  private readonly queue: DataRequest[] = [];
  private scheduled = false;

  /**
   * @param reply sends an answer, transferring the listed buffers
   * @param later runs a function in a later macrotask (a yield without setTimeout's clamp)
   */
  constructor(
    private readonly reply: (msg: DrawnBatch, transfer: ArrayBuffer[]) => void,
    private readonly later: (work: () => void) => void,
  ) {}

  receive(msg: ToDataWorker): void {
    if (msg.type === 'fail') throw new Error('Fault injected: the data worker failed.');
    if (msg.type === 'configure') this.service.handle(msg);
    else this.queue.push(msg);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    this.later(() => {
      this.scheduled = false;
      const msg = this.queue.shift();
      const out = msg ? this.service.handle(msg) : null;
      if (out)
        this.reply(
          out,
          out.type === 'drawn' ? [out.X, out.Y, out.tokens].map((a) => a.buffer as ArrayBuffer) : [],
        );
      this.schedule();
    });
  }
}

/**
 * How many batches the data worker works ahead (and at most how many requests wait in its queue): it starts
 * at PREFETCH_DEPTH and doubles, up to PREFETCH_MAX_DEPTH, whenever batches arrive after the trainer has
 * passed them. The trainer takes messages only between chunks of steps (every 8 ms), and on a GPU backend a
 * step costs its thread a fraction of a millisecond, so a chunk may take dozens of batches.
 */
export const PREFETCH_DEPTH = 8;
export const PREFETCH_MAX_DEPTH = 64;
/**
 * Bytes of the window of batches asked for: fewer batches ahead for very large ones, never less than one. With
 * the lead (see BatchPrefetcher) the batches held can reach twice this.
 */
export const PREFETCH_BYTES = 32 * 2 ** 20;

/** Bytes of one host batch: X [L·B, d_in + 1], Y [L·B, d] and the tokens [B, L, d_in], float32. */
export function batchBytes(config: Pick<Config, 'L' | 'dIn' | 'd'>, size: number): number {
  return 4 * config.L * size * (2 * config.dIn + 1 + config.d);
}

export class BatchPrefetcher implements HostBatchSource {
  private gen = 0;
  /** Batches back from the worker, by their first sample. */
  private readonly ready = new Map<number, Batch>();
  /** Requests of this run still at the worker, by first sample. */
  private readonly asked = new Set<number>();
  /** Requests of any run still at the workers (each is answered once): at most `depth` at a time. */
  private inFlight = 0;
  /**
   * Samples between the trainer's next batch and the first one asked for. 0 while the workers keep up; when
   * batches arrive after the trainer has passed them (the workers draw slower than it trains), the window
   * moves ahead by how late they were, to where the trainer will be once they are drawn, so each batch drawn
   * there is still used; each answer a batch or more early moves it back by one. At most `fit` batches.
   */
  private lead = 0;
  /** Batches of the current size within PREFETCH_BYTES (at least 1, at most PREFETCH_MAX_DEPTH). */
  private fit = 1;
  /** The first sample of the next batch the trainer will take, and the batch size. */
  private next = 0;
  private size = 0;
  /** Batches ahead wanted (grows when batches arrive too late), and for the current size within PREFETCH_BYTES. */
  private wanted = PREFETCH_DEPTH;
  private depth = 1;
  private shape: Pick<Config, 'L' | 'dIn' | 'd'> = { L: 1, dIn: 1, d: 1 };
  private broken = false;
  private counts: PrefetchCounts = { ready: 0, drawnHere: 0 };

  constructor(
    private readonly post: (msg: ToDataWorker) => void,
    private readonly startDepth = PREFETCH_DEPTH,
    private readonly maxDepth = PREFETCH_MAX_DEPTH,
  ) {}

  /** A new run: forget everything drawn for the last one and start drawing from `samplesSeen`. */
  configure(config: Config, teacher: Teacher, samplesSeen: number): void {
    if (this.broken) return;
    this.gen += 1;
    this.ready.clear();
    this.asked.clear();
    this.counts = { ready: 0, drawnHere: 0 };
    this.wanted = this.startDepth;
    this.lead = 0;
    this.shape = { L: config.L, dIn: config.dIn, d: config.d };
    this.setSize(config.batch);
    this.post({ type: 'configure', gen: this.gen, config, teacher });
    this.askFrom(samplesSeen);
  }

  take(samplesSeen: number, size: number): Batch | null {
    if (this.broken) return null;
    const b = this.ready.get(samplesSeen);
    const hit = b !== undefined && b.size === size;
    if (hit) this.counts.ready += 1;
    else this.counts.drawnHere += 1;
    // A live change of the batch size makes every batch drawn ahead useless.
    if (size !== this.size) this.setSize(size);
    this.askFrom(samplesSeen + size);
    return hit ? b : null;
  }

  /** An answer from a data worker. */
  receive(msg: DrawnBatch): void {
    if (this.broken) return;
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (msg.gen !== this.gen) return this.askFrom(this.next);
    this.asked.delete(msg.samplesSeen);
    if (msg.type === 'dropped' || msg.size !== this.size) return this.askFrom(this.next);
    if (msg.samplesSeen >= this.next) {
      this.ready.set(msg.samplesSeen, { size: msg.size, X: msg.X, Y: msg.Y, tokens: msg.tokens });
      // Early by a batch or more: the window can come back towards the trainer (a lead grown while the
      // workers started, or during a pause of theirs, shrinks again).
      if (msg.samplesSeen >= this.next + this.size) this.lead = Math.max(0, this.lead - this.size);
    } else {
      // Too late: more batches ahead, and ask where the trainer will be by the time they are drawn.
      if (this.wanted < this.maxDepth) {
        this.wanted = Math.min(this.maxDepth, 2 * this.wanted);
        this.setSize(this.size);
      }
      const behind = Math.ceil((this.next - msg.samplesSeen) / this.size) * this.size;
      this.lead = Math.min(this.fit * this.size, this.lead + behind);
    }
    this.askFrom(this.next);
  }

  /** Test fault: one data worker throws (the trainer must go on, drawing every batch itself). */
  failOneWorker(): void {
    this.post({ type: 'fail' });
  }

  /** The data worker failed: the trainer draws every batch from now on. */
  disable(): void {
    this.broken = true;
    this.ready.clear();
    this.asked.clear();
  }

  get disabled(): boolean {
    return this.broken;
  }

  /** Counts of the current run so far. */
  get countsNow(): PrefetchCounts {
    return { ...this.counts };
  }

  private setSize(size: number): void {
    if (size !== this.size) this.lead = 0;
    this.size = size;
    this.fit = Math.max(
      1,
      Math.min(PREFETCH_MAX_DEPTH, Math.floor(PREFETCH_BYTES / batchBytes(this.shape, size))),
    );
    this.depth = Math.min(this.wanted, this.fit);
  }

  /** Drops batches before `from` and asks for those of the window [from + lead, + depth·size) not yet asked. */
  private askFrom(from: number): void {
    this.next = from;
    for (const [s, b] of this.ready) if (s < from || b.size !== this.size) this.ready.delete(s);
    for (let k = 0; k < this.depth; k++) {
      const s = from + this.lead + k * this.size;
      if (this.ready.has(s) || this.asked.has(s)) continue;
      if (this.inFlight >= this.depth) break;
      this.inFlight += 1;
      this.asked.add(s);
      this.post({ type: 'draw', gen: this.gen, samplesSeen: s, size: this.size });
    }
  }
}

/**
 * One post function over several data workers: every worker gets each run's config, and the draw requests
 * go round the workers in turn (each draws any batch identically).
 */
export function roundRobin(posts: ((msg: ToDataWorker) => void)[]): (msg: ToDataWorker) => void {
  let turn = 0;
  return (msg) => {
    if (msg.type === 'configure') {
      for (const post of posts) post(msg);
      return;
    }
    const post = posts[turn % posts.length] as (msg: ToDataWorker) => void;
    turn += 1;
    post(msg);
  };
}

/** Lets `run` take its batches from `prefetcher` (when there is one and it still works), from its first step. */
export function attachPrefetcher(prefetcher: BatchPrefetcher | undefined, run: Run): void {
  if (!prefetcher || prefetcher.disabled) return;
  prefetcher.configure(run.config, run.teacher, run.state.samplesSeen);
  run.setBatchSource(prefetcher);
}
