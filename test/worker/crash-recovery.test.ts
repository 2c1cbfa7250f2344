/**
 * A worker that dies mid-run, end to end on the main-thread side: the real client, session, store and recovery
 * controller talk to a real Trainer over a MessageChannel with real heartbeats. The "worker" then stops
 * (no more heartbeats, messages unanswered, as after `self.close()`); the watchdog notices, the error message
 * says what happened and offers Recover, and Recover starts a new trainer that continues from the checkpoint
 * the page kept, with the charts rewound to it: no sample lost or counted twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NODE_LOADERS } from '../../src/model/backend';
import { parseRunExport } from '../../src/model/run-export';
import { REPORT } from '../../src/state/metric-series';
import { LabSession } from '../../src/state/session';
import { createLabStore } from '../../src/state/store';
import { recoveryFor } from '../../src/ui/recovery/controller';
import { TrainerClient, type Endpoint, type WorkerHandle } from '../../src/client/training-client';
import { startHeartbeat } from '../../src/worker/training/heartbeat';
import { transferables, type FromWorker, type ToWorker } from '../../src/worker/protocol/training-protocol';
import { Trainer } from '../../src/worker/training/trainer';
import { evaluationGap } from '../../src/model/eval-schedule';
import { SMALL } from './harness';

/** A trainer on one end of a channel, with a heartbeat, that can be killed. */
class FakeWorker {
  readonly channel = new MessageChannel();
  readonly trainer: Trainer;
  private stopBeat: () => void;
  private readonly beat: () => () => void;
  private readonly onMessage = (e: MessageEvent) => void this.trainer.handle(e.data as ToWorker);

  constructor() {
    const port = this.channel.port1;
    const post = (msg: FromWorker) => port.postMessage(msg, transferables(msg));
    this.trainer = new Trainer({ post, loaders: NODE_LOADERS, crossOriginIsolated: false });
    port.addEventListener('message', this.onMessage);
    port.start();
    this.channel.port2.start();
    this.beat = () => startHeartbeat(post, () => this.trainer.heartbeat(), 100);
    this.stopBeat = this.beat();
  }

  /** A long synchronous step: no heartbeat for `ms`, then the worker answers again. */
  async busy(ms: number): Promise<void> {
    this.stopBeat();
    await new Promise((r) => setTimeout(r, ms));
    this.stopBeat = this.beat();
  }

  handle(): WorkerHandle {
    return { endpoint: this.channel.port2 as unknown as Endpoint, terminate: () => void this.kill() };
  }

  /** Like self.close(): nothing more is answered or sent. */
  async kill(): Promise<void> {
    this.stopBeat();
    this.channel.port1.removeEventListener('message', this.onMessage);
    await this.trainer.dispose();
    this.channel.port1.close();
  }
}

const workers: FakeWorker[] = [];
let session: LabSession | null = null;

afterEach(async () => {
  session?.dispose();
  for (const w of workers) await w.kill();
  workers.length = 0;
});

async function until(predicate: () => boolean, what: string, ms = 20_000): Promise<void> {
  const t0 = performance.now();
  while (!predicate()) {
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a worker that dies mid-run', () => {
  it('is detected by its missing heartbeat and recovered from the page checkpoint with one click', async () => {
    const spawn = () => {
      const w = new FakeWorker();
      workers.push(w);
      return w.handle();
    };
    const first = spawn();
    const client = new TrainerClient(first.endpoint, first.terminate, {
      respawn: spawn,
      watchdog: { hangMs: 400, checkMs: 50, startupMs: 5000 },
    });
    session = new LabSession(client, createLabStore(SMALL));
    const recovery = recoveryFor(session);
    const state = () => session!.store.getState();
    session.start(true);
    await until(() => (client.checkpoints.position?.step ?? 0) > 0, 'a checkpoint after step 0');
    await until(
      () => state().progress.samplesSeen > (client.checkpoints.position?.samplesSeen ?? 0),
      'more steps',
    );

    await workers[0]!.kill();
    const kept = client.checkpoints.position!;
    const shownBefore = state().progress.samplesSeen;
    expect(shownBefore).toBeGreaterThan(kept.samplesSeen);
    await until(() => recovery.get().lost !== null, 'the watchdog');
    expect(state().status).toBe('error');
    expect(state().error).toMatch(/has not answered for \d+ s/);
    expect(state().error).toContain(`from the last checkpoint (step ${kept.step.toLocaleString('en-US')}`);
    expect(recovery.get().checkpoint).toEqual(kept);

    recovery.recover();
    expect(state().error).toBeNull();
    await until(() => recovery.get().note?.startsWith('A new training worker') === true, 'the restored note');
    await until(() => state().status === 'running', 'training to resume');
    // Past the next scheduled evaluation after the checkpoint, so the run file has a point beyond it.
    const past = kept.samplesSeen + evaluationGap(SMALL, kept.samplesSeen) + SMALL.batch;
    await until(() => state().progress.samplesSeen > past, 'more training');
    session.pause();
    await until(() => state().status === 'paused', 'the pause');
    await new Promise((r) => setTimeout(r, 120));

    // The charts dropped what came after the checkpoint and show every sample count once, in order.
    const samples = Array.from(session.metrics.report.column(REPORT.samples));
    expect(samples[0]).toBe(0);
    expect(samples.every((v, i) => i === 0 || v > (samples[i - 1] as number))).toBe(true);
    expect(samples).toContain(kept.samplesSeen);
    expect(state().progress.samplesSeen).toBe(state().progress.step * SMALL.batch);
    expect(state().runId).toBe(client.checkpoints.latest!.runId);

    // The new worker's run file carries the history from before the crash.
    const file = await client.requestExport('run');
    const s = parseRunExport(file.text).metrics.samples;
    expect(s[0]).toBe(0);
    expect(s.every((v, i) => i === 0 || v > (s[i - 1] as number))).toBe(true);
    expect(s.at(-1)).toBeGreaterThan(kept.samplesSeen);
  });

  it('clears the alarm when a worker that was only busy answers again', async () => {
    const w = new FakeWorker();
    workers.push(w);
    const { endpoint, terminate } = w.handle();
    const client = new TrainerClient(endpoint, terminate, { watchdog: { hangMs: 400, checkMs: 50 } });
    session = new LabSession(client, createLabStore(SMALL));
    const recovery = recoveryFor(session);
    session.start(false);
    await until(() => session!.store.getState().status === 'paused', 'the first run');
    // A silence the page cannot tell from a crash: it raises the alarm...
    const busy = w.busy(1000);
    await until(() => recovery.get().lost !== null, 'the watchdog');
    expect(session.store.getState().status).toBe('error');
    expect(session.store.getState().error).toMatch(/has not answered/);
    // ...and the next heartbeat takes it back, with the status the worker reports.
    await busy;
    await until(() => recovery.get().lost === null, 'the next heartbeat');
    expect(session.store.getState().error).toBeNull();
    expect(session.store.getState().status).toBe('paused');
  });
});
