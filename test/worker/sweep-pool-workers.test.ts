/**
 * The sweep worker's pool (SweepHost with run workers, run-host.ts, run-executor.ts): each run worker is a
 * real RunHost behind a MessageChannel here (in Node, on wasm), so the whole message path runs. A sweep with
 * two run workers reports the same records as with one worker, progress names both slots, and a run worker
 * that crashes has its task trained by the other.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_LOADERS } from '../../src/model/backend';
import type { SweepRunRecord } from '../../src/model/sweep';
import type { SweepInput } from '../../src/model/sweep-spec';
import type { FromSweepWorker } from '../../src/worker/protocol/sweep-protocol';
import type { StartedWorker } from '../../src/worker/protocol/worker-port';
import { RunHost } from '../../src/worker/sweep/run-host';
import type { ToRunWorker } from '../../src/worker/sweep/run-protocol';
import { SweepHost, type StartRunWorker } from '../../src/worker/sweep/sweep-worker';
import { useBackend } from '../helpers/backend';

const INPUT: SweepInput = {
  experiment: 'pool',
  variable: 'L',
  values: [4, 5],
  seeds: 2,
  eps: 0.3,
  budget: 2048,
  lrRule: { grid: [0.5, 1], pilotSamples: 256, pilotSeed: 0 },
  config: { m: 16, dIn: 3, p: 2, ntest: 64, backend: 'wasm' },
};

/** A run worker: a RunHost on the far side of a MessageChannel. */
const realRunWorker: StartRunWorker = () => {
  const { port1, port2 } = new MessageChannel();
  const host = new RunHost((msg) => port2.postMessage(msg), NODE_LOADERS);
  port2.addEventListener('message', (e) => void host.handle((e as MessageEvent<ToRunWorker>).data));
  port1.start();
  port2.start();
  return {
    endpoint: port1 as unknown as StartedWorker<ToRunWorker>['endpoint'],
    terminate: () => {
      port1.close();
      port2.close();
    },
  };
};

async function sweep(
  workers: number,
  start: StartRunWorker = realRunWorker,
): Promise<{ records: SweepRunRecord[]; messages: FromSweepWorker[] }> {
  const messages: FromSweepWorker[] = [];
  const host = new SweepHost((m) => messages.push(m), NODE_LOADERS, undefined, start);
  await host.handle({ type: 'runSweep', id: 1, input: INPUT, workers });
  const records = messages.flatMap((m) => (m.type === 'sweepRunEnd' ? [m.record] : []));
  return { records, messages };
}

const untimed = (r: SweepRunRecord) => ({ ...r, seconds: 0 });
/** Records by plan place (value, seed): they arrive in the order they finish. */
const byPlace = (rs: SweepRunRecord[]) =>
  [...rs].sort((a, b) => a.seed - b.seed || Number(a.value) - Number(b.value)).map(untimed);

describe('the sweep worker with a pool of run workers', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('reports the same records with two run workers as with one, and progress from both slots', async () => {
    const one = await sweep(1);
    const two = await sweep(2);
    expect(two.messages.find((m) => m.type === 'sweepError')).toBeUndefined();
    expect(byPlace(two.records)).toEqual(byPlace(one.records));
    expect(two.records).toHaveLength(4);
    const slots = new Set(
      two.messages.flatMap((m) =>
        m.type === 'sweepProgress' ? [`${m.progress.slot}/${m.progress.slots}`] : [],
      ),
    );
    expect([...slots].sort()).toEqual(['0/2', '1/2']);
    const done = two.messages.at(-1);
    expect(done).toMatchObject({ type: 'sweepDone', cancelled: false, runsDone: 4 });
  });

  it("gives a crashed run worker's task to the other worker", async () => {
    const one = await sweep(1);
    // Worker 1 dies on its first message (as a worker whose script fails would).
    const crashing: StartRunWorker = (index, onCrash) => {
      if (index > 0) return realRunWorker(index, onCrash);
      return {
        endpoint: {
          postMessage: () => queueMicrotask(() => onCrash('The run worker 1 failed (test).')),
          addEventListener: () => {},
          removeEventListener: () => {},
        },
        terminate: () => {},
      };
    };
    const two = await sweep(2, crashing);
    expect(two.messages.find((m) => m.type === 'sweepError')).toBeUndefined();
    expect(byPlace(two.records)).toEqual(byPlace(one.records));
  });

  it('reports an error when every run worker is lost', async () => {
    const dead: StartRunWorker = (_i, onCrash) => ({
      endpoint: {
        postMessage: () => queueMicrotask(() => onCrash('it could not be loaded')),
        addEventListener: () => {},
        removeEventListener: () => {},
      },
      terminate: () => {},
    });
    const { messages } = await sweep(2, dead);
    const error = messages.find((m) => m.type === 'sweepError');
    expect(error && 'message' in error ? error.message : '').toMatch(
      /The sweep stopped: .*could not be loaded/,
    );
  });
});
