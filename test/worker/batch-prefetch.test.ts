/**
 * Batches drawn ahead (src/worker/data/batch-prefetch.ts): the trainer's BatchPrefetcher and the data worker's
 * DataService connected directly, the messages structured-cloned and delivered a task later as a worker's
 * would be. Training with batches drawn ahead must give bit-identical weights.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type Config } from '../../src/model/config';
import { DataSource } from '../../src/model/data';
import { Run } from '../../src/model/run';
import { trainToEps } from '../../src/model/sweep';
import { createTeacher } from '../../src/model/teacher';
import {
  BatchPrefetcher,
  DataService,
  DataWorkerLoop,
  type DataRequest,
  attachPrefetcher,
  batchBytes,
  PREFETCH_BYTES,
  PREFETCH_DEPTH,
  roundRobin,
  type DrawnBatch,
  type ToDataWorker,
} from '../../src/worker/data/batch-prefetch';
import { startNodePrefetcher } from '../../src/cli/data-workers';
import { dataWorkerCount } from '../../src/worker/data/data-worker-client';
import { useBackend } from '../helpers/backend';

function config(over: Record<string, unknown> = {}): Config {
  const r = resolveConfig({ L: 6, dIn: 4, m: 32, batch: 8, ntest: 64, seed: 11, ...over });
  if (!r.ok) throw new Error(r.errors.join(' '));
  return r.config;
}

/** A message posted to a data worker, as a request (these tests post no faults). */
function request(m: ToDataWorker): DataRequest {
  if (m.type === 'fail') throw new Error('unexpected fault message');
  return m;
}

/** A prefetcher and a data service joined by a queue; `deliver` runs the service on what was posted. */
function joined(depth = PREFETCH_DEPTH, maxDepth = depth) {
  const service = new DataService();
  const queue: ToDataWorker[] = [];
  const prefetcher = new BatchPrefetcher((msg) => queue.push(structuredClone(msg)), depth, maxDepth);
  return {
    prefetcher,
    queue,
    /** Handles up to `n` queued messages in order and hands the batches back. */
    deliver(n = Infinity) {
      for (let i = 0; i < n && queue.length > 0; i++) {
        const out = service.handle(request(queue.shift() as ToDataWorker));
        if (out) prefetcher.receive(structuredClone(out) as DrawnBatch);
      }
    },
    draws: () => queue.filter((m) => m.type === 'draw').map((m) => (m.type === 'draw' ? m.samplesSeen : -1)),
  };
}

const sameArray = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('BatchPrefetcher with DataService', () => {
  it('hands over exactly the batches the trainer would draw, a window of them ahead', () => {
    const c = config();
    const teacher = createTeacher(c);
    const local = new DataSource(c, teacher);
    const { prefetcher, deliver, draws } = joined(3);
    prefetcher.configure(c, teacher, 0);
    expect(draws()).toEqual([0, 8, 16]);
    deliver();
    for (let s = 0; s < 80; s += 8) {
      const b = prefetcher.take(s, 8);
      expect(b, `batch at ${s}`).not.toBeNull();
      const want = local.batchAt(s, 8);
      expect(sameArray(b!.X, want.X) && sameArray(b!.Y, want.Y) && sameArray(b!.tokens, want.tokens)).toBe(
        true,
      );
      deliver();
    }
    expect(prefetcher.countsNow).toEqual({ ready: 10, drawnHere: 0 });
  });

  it('draws fixed-data epochs the same way', () => {
    const c = config({ data: 'fixed', N: 20 });
    const teacher = createTeacher(c);
    const local = new DataSource(c, teacher);
    const { prefetcher, deliver } = joined();
    prefetcher.configure(c, teacher, 0);
    deliver();
    for (let s = 0; s < 64; s += 8) {
      const b = prefetcher.take(s, 8);
      expect(b && sameArray(b.Y, local.batchAt(s, 8).Y)).toBe(true);
      deliver();
    }
  });

  it('keeps at most `depth` requests at the worker while the trainer runs ahead of it', () => {
    const c = config();
    const { prefetcher, queue, deliver } = joined(3);
    prefetcher.configure(c, createTeacher(c), 0);
    // The worker answers nothing: the trainer draws every batch, and no more requests pile up.
    for (let s = 0; s < 400; s += 8) expect(prefetcher.take(s, 8)).toBeNull();
    expect(queue.filter((m) => m.type === 'draw')).toHaveLength(3);
    expect(prefetcher.countsNow).toEqual({ ready: 0, drawnHere: 50 });
    // Late answers for batches already passed are dropped; the window moves ahead of the trainer, which soon
    // finds batches ready again (the trainer draws the ones in between itself).
    deliver(4);
    let firstReady = -1;
    for (let s = 400; s < 400 + 8 * 200 && firstReady < 0; s += 8) {
      if (prefetcher.take(s, 8)) firstReady = s;
      deliver();
    }
    expect(firstReady).toBeGreaterThan(400);
    expect(queue.filter((m) => m.type === 'draw').length).toBeLessThanOrEqual(3);
  });

  it('moves its window ahead when the workers draw slower than the trainer takes', () => {
    const c = config();
    const { prefetcher, deliver } = joined(4, 4);
    prefetcher.configure(c, createTeacher(c), 0);
    // The trainer takes 6 batches for every 2 the worker draws: without a lead every answer would come late.
    let ready = 0;
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 6; i++) if (prefetcher.take((round * 6 + i) * 8, 8)) ready += 1;
      deliver(2);
    }
    expect(ready).toBeGreaterThan(40);
  });

  it('follows a live change of batch size and forgets an old run', () => {
    const c = config();
    const teacher = createTeacher(c);
    const { prefetcher, deliver, draws } = joined(3);
    prefetcher.configure(c, teacher, 0);
    deliver();
    expect(prefetcher.take(0, 8)).not.toBeNull();
    deliver();
    // Batch 8 → 16: the batches of 8 drawn ahead are useless; the next of 16 are asked for.
    expect(prefetcher.take(8, 16)).toBeNull();
    expect(draws()).toEqual([24, 40, 56]);
    deliver();
    expect(prefetcher.take(24, 16)?.size).toBe(16);
    // A new run (another seed) while requests of the old one are still queued: their answers are dropped.
    expect(prefetcher.take(24 + 16, 16)).not.toBeNull();
    expect(draws().length).toBeGreaterThan(0);
    const c2 = config({ seed: 12 });
    const teacher2 = createTeacher(c2);
    prefetcher.configure(c2, teacher2, 0);
    deliver();
    const b = prefetcher.take(0, 8);
    expect(b && sameArray(b.Y, new DataSource(c2, teacher2).batchAt(0, 8).Y)).toBe(true);
    expect(prefetcher.countsNow).toEqual({ ready: 1, drawnHere: 0 });
  });

  it('works further ahead when batches arrive after the trainer has passed them', () => {
    const c = config();
    const { prefetcher, deliver } = joined(2, 32);
    prefetcher.configure(c, createTeacher(c), 0);
    // The trainer takes 10 batches between two deliveries.
    const hits: number[] = [];
    for (let round = 0; round < 8; round++) {
      let ready = 0;
      for (let i = 0; i < 10; i++) if (prefetcher.take((round * 10 + i) * 8, 8)) ready += 1;
      hits.push(ready);
      deliver();
    }
    expect(hits[0]).toBe(0);
    expect(hits.slice(-3)).toEqual([10, 10, 10]);
  });

  it('works fewer batches ahead when they are very large', () => {
    const c = config({ L: 200, dIn: 64, K: 1, batch: 1024 });
    expect(batchBytes(c, 1024)).toBeGreaterThan(PREFETCH_BYTES);
    const { prefetcher, draws } = joined();
    prefetcher.configure(c, createTeacher(c), 0);
    expect(draws()).toEqual([0]);
    const small = joined();
    small.prefetcher.configure(config(), createTeacher(config()), 0);
    expect(small.draws()).toHaveLength(PREFETCH_DEPTH);
  });

  it('spreads the draws over several data workers, each configured for the run', () => {
    const c = config();
    const teacher = createTeacher(c);
    const services = [new DataService(), new DataService()];
    const queues: ToDataWorker[][] = [[], []];
    const prefetcher = new BatchPrefetcher(
      roundRobin(queues.map((q) => (msg: ToDataWorker) => q.push(structuredClone(msg)))),
      4,
    );
    prefetcher.configure(c, teacher, 0);
    expect(queues.map((q) => q.map((m) => (m.type === 'draw' ? m.samplesSeen : m.type)))).toEqual([
      ['configure', 0, 16],
      ['configure', 8, 24],
    ]);
    for (const [i, q] of queues.entries())
      for (const m of q.splice(0)) {
        const out = services[i]!.handle(request(m));
        if (out) prefetcher.receive(structuredClone(out));
      }
    const local = new DataSource(c, teacher);
    for (const s of [0, 8, 16, 24])
      expect(sameArray(prefetcher.take(s, 8)!.X, local.batchAt(s, 8).X)).toBe(true);
  });

  it('starts one data worker on small machines and at most three', () => {
    expect([1, 2, 4, 5, 6, 8, 12, 64].map(dataWorkerCount)).toEqual([1, 1, 1, 1, 2, 3, 3, 3]);
  });

  it('after disable() the trainer draws every batch, and late answers change nothing', () => {
    const c = config();
    const { prefetcher, deliver, queue } = joined();
    prefetcher.configure(c, createTeacher(c), 0);
    const pending = queue.length;
    prefetcher.disable();
    deliver();
    expect(queue).toHaveLength(0);
    expect(pending).toBeGreaterThan(1);
    expect(prefetcher.take(0, 8)).toBeNull();
    expect(prefetcher.disabled).toBe(true);
  });

  it('keeps at most `depth` requests at the workers across quick restarts', () => {
    const c = config();
    const teacher = createTeacher(c);
    const { prefetcher, draws } = joined(4);
    for (let run = 0; run < 10; run++) {
      prefetcher.configure(c, teacher, 0);
      prefetcher.take(0, 8);
    }
    expect(draws()).toHaveLength(4);
  });
});

describe('DataWorkerLoop', () => {
  it("answers an old run's queued draws with `dropped` once a new config arrives, and draws the new ones", () => {
    const c = config();
    const teacher = createTeacher(c);
    const answers: DrawnBatch[] = [];
    const tasks: (() => void)[] = [];
    const loop = new DataWorkerLoop(
      (out) => answers.push(out),
      (work) => tasks.push(work),
    );
    loop.receive({ type: 'configure', gen: 1, config: c, teacher });
    for (const s of [0, 8, 16]) loop.receive({ type: 'draw', gen: 1, samplesSeen: s, size: 8 });
    tasks.shift()!(); // draws 0 of run 1
    loop.receive({ type: 'configure', gen: 2, config: c, teacher });
    loop.receive({ type: 'draw', gen: 2, samplesSeen: 0, size: 8 });
    while (tasks.length > 0) tasks.shift()!();
    expect(answers.map((a) => `${a.type} ${a.gen} ${a.samplesSeen}`)).toEqual([
      'drawn 1 0',
      'dropped 1 8',
      'dropped 1 16',
      'drawn 2 0',
    ]);
  });

  it('throws on the `fail` fault (the test hook for a failing data worker)', () => {
    const loop = new DataWorkerLoop(
      () => {},
      () => {},
    );
    expect(() => loop.receive({ type: 'fail' })).toThrow(/Fault injected/);
  });
});

describe('a run with batches drawn ahead', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('trains to bit-identical weights, taking most batches ready', async () => {
    const c = config({ m: 24 });
    const plain = Run.create(c);
    const ahead = Run.create(c);
    const { prefetcher, deliver } = joined();
    prefetcher.configure(ahead.config, ahead.teacher, 0);
    ahead.setBatchSource(prefetcher);
    for (let i = 0; i < 30; i++) {
      plain.step();
      ahead.step();
      // The worker answers between steps, as its messages arrive while the trainer yields.
      await new Promise((r) => setTimeout(r, 0));
      deliver(1 + (i % 3));
    }
    const [a, b] = await Promise.all([plain.params.W.data(), ahead.params.W.data()]);
    expect(sameArray(a as Float32Array, b as Float32Array)).toBe(true);
    expect(ahead.state).toEqual(plain.state);
    const counts = prefetcher.countsNow;
    expect(counts.ready + counts.drawnHere).toBe(30);
    expect(counts.ready).toBeGreaterThan(20);
    plain.dispose();
    ahead.dispose();
  });
});

describe('a sweep run with batches drawn ahead', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('reaches the same outcome as drawing every batch itself', async () => {
    const c = config({ m: 24, batch: 4, L: 12 });
    // The data worker's side answers a task later, as a worker's message would arrive.
    // One thread plays both sides here, so the data loop draws at once (real threads: the next describe).
    const loop = new DataWorkerLoop(
      (out) => prefetcher.receive(structuredClone(out)),
      (work) => queueMicrotask(work),
    );
    const prefetcher: BatchPrefetcher = new BatchPrefetcher((msg) => {
      const sent = structuredClone(msg);
      setTimeout(() => loop.receive(sent), 0);
    });
    const options = { budget: 8000, stopAtEps: false };
    const plain = await trainToEps(c, options);
    const ahead = await trainToEps(c, { ...options, prepareRun: (r) => attachPrefetcher(prefetcher, r) });
    expect(ahead.finalTestError).toBe(plain.finalTestError);
    expect(ahead.samplesToEps).toBe(plain.samplesToEps);
    expect(ahead.samplesSeen).toBe(8000);
    const counts = prefetcher.countsNow;
    expect(counts.ready + counts.drawnHere).toBe(2000);
    expect(counts.ready).toBeGreaterThan(0);
  });
});

describe('the command line data workers (worker_threads)', () => {
  it('draw the batches a run would draw itself, on two threads', async () => {
    const c = config({ L: 20 });
    const teacher = createTeacher(c);
    const local = new DataSource(c, teacher);
    const data = startNodePrefetcher(2);
    try {
      data.prefetcher.configure(c, teacher, 0);
      const deadline = Date.now() + 20_000;
      let b = data.prefetcher.take(0, 8);
      // Nothing is ready at once; the threads answer while this test waits.
      for (let s = 8; b === null && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 50));
        b = data.prefetcher.take(s, 8);
        if (b === null) s += 8;
        else
          expect(sameArray(b.X, local.batchAt(s, 8).X) && sameArray(b.Y, local.batchAt(s, 8).Y)).toBe(true);
      }
      expect(b, 'a batch from the worker threads').not.toBeNull();
      expect(data.prefetcher.disabled).toBe(false);
    } finally {
      await data.close();
    }
  });
});
