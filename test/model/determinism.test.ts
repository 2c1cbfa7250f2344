/**
 * Reproducibility (SPEC §3): a seed and a config give bit-identical teacher weights, data and initial
 * weights; other seeds give other values; and the values that reach a backend are the same bytes on wasm
 * and cpu.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { makeBatch } from '../../src/model/data';
import { deriveSeed, STREAMS, type StreamName } from '../../src/model/rng';
import { Run } from '../../src/model/run';
import { initStudentWeights, readStudentWeights } from '../../src/model/student';
import { createTeacher, type Teacher } from '../../src/model/teacher';
import { disposeBatch, uploadBatch } from '../../src/model/testset';
import { sameBytes } from '../helpers/arrays';
import { useBackend, type NodeBackend } from '../helpers/backend';

const CONFIG: Config = { ...DEFAULT_CONFIG, L: 6, dIn: 3, d: 2, p: 3, m: 24, ntest: 64, batch: 5, seed: 77 };

function teacherBytes(t: Teacher): Float32Array[] {
  return t.terms.flatMap((q) => [q.a, q.w]);
}

function allSame(a: ArrayBufferView[], b: ArrayBufferView[]): boolean {
  return a.length === b.length && a.every((x, k) => sameBytes(x, b[k] as ArrayBufferView));
}

describe('host-side streams', () => {
  it.each(['additive', 'joint'] as const)(
    '%s teacher weights repeat for a seed and change with it',
    (concept) => {
      const c = { ...CONFIG, concept };
      expect(allSame(teacherBytes(createTeacher(c)), teacherBytes(createTeacher(c)))).toBe(true);
      const other = teacherBytes(createTeacher({ ...c, seed: 78 }));
      teacherBytes(createTeacher(c)).forEach((x, k) =>
        expect(sameBytes(x, other[k] as Float32Array)).toBe(false),
      );
    },
  );

  it('data batches repeat for a seed and change with it', () => {
    const teacher = createTeacher(CONFIG);
    const a = makeBatch(CONFIG, teacher, 'trainData', [0, 1, 2, 3]);
    const b = makeBatch(CONFIG, createTeacher(CONFIG), 'trainData', [0, 1, 2, 3]);
    expect(allSame([a.X, a.Y, a.tokens], [b.X, b.Y, b.tokens])).toBe(true);
    const other = { ...CONFIG, seed: 78 };
    const c = makeBatch(other, createTeacher(other), 'trainData', [0, 1, 2, 3]);
    expect(sameBytes(a.tokens, c.tokens)).toBe(false);
    expect(sameBytes(a.Y, c.Y)).toBe(false);
  });

  it('initial weights repeat for a seed and change with it', () => {
    const a = initStudentWeights(CONFIG);
    const b = initStudentWeights(CONFIG);
    expect(allSame([a.W, a.A, a.B], [b.W, b.A, b.B])).toBe(true);
    const c = initStudentWeights({ ...CONFIG, seed: 78 });
    for (const key of ['W', 'A', 'B'] as const) expect(sameBytes(a[key], c[key])).toBe(false);
  });

  it('the initial weights do not depend on teacher or training fields', () => {
    const a = initStudentWeights(CONFIG);
    const b = initStudentWeights({ ...CONFIG, L: 9, p: 5, act: 'cube', lr: 0.3, batch: 2, noise: 0.2 });
    expect(allSame([a.W, a.A, a.B], [b.W, b.A, b.B])).toBe(true);
  });

  it('streams and nearby seeds derive distinct generator seeds', () => {
    const seen = new Set<number>();
    for (const seed of [0, 1, 2, 3, 2 ** 31 - 1])
      for (const stream of Object.keys(STREAMS) as StreamName[])
        for (const index of [0, 1, 2, 2 ** 32, 2 ** 32 + 1]) seen.add(deriveSeed(seed, stream, index));
    expect(seen.size).toBe(5 * Object.keys(STREAMS).length * 5);
  });
});

/** What a freshly created run holds on the device, read back, plus one uploaded batch and one step's loss. */
async function deviceSnapshot(backend: NodeBackend) {
  await useBackend(backend);
  const run = Run.create(CONFIG);
  const { current, initial } = await readStudentWeights(run.params);
  const host = makeBatch(CONFIG, run.teacher, 'trainData', [0, 1, 2, 3, 4]);
  const bt = uploadBatch(CONFIG, run.teacher, host);
  const uploaded = await Promise.all([bt.X, bt.Y, bt.rowMask].map((t) => t.data() as Promise<Float32Array>));
  disposeBatch(bt);
  run.step();
  const loss = await run.readTrainLoss();
  run.dispose();
  return { current, initial, host, uploaded, loss };
}

describe('across backends', () => {
  afterAll(() => useBackend('wasm'));

  it('wasm and cpu hold bit-identical initial weights and uploaded batches', async () => {
    const w = await deviceSnapshot('wasm');
    const c = await deviceSnapshot('cpu');
    const expected = initStudentWeights(CONFIG);
    for (const snap of [w, c]) {
      for (const key of ['W', 'A', 'B'] as const) {
        expect(sameBytes(snap.current[key], expected[key])).toBe(true);
        expect(sameBytes(snap.initial[key], expected[key])).toBe(true);
      }
      expect(sameBytes(snap.uploaded[0] as Float32Array, snap.host.X)).toBe(true);
      expect(sameBytes(snap.uploaded[1] as Float32Array, snap.host.Y)).toBe(true);
    }
    expect(allSame(w.uploaded, c.uploaded)).toBe(true);
    // The first loss is computed in float32 on two different kernels: equal to rounding, not to the bit.
    expect(w.loss).toBeGreaterThan(0);
    expect(Math.abs(w.loss - c.loss)).toBeLessThan(1e-5 * w.loss);
  });

  it('two runs with the same seed on one backend train to bit-identical weights', async () => {
    await useBackend('wasm');
    const weights = async () => {
      const run = Run.create(CONFIG);
      for (let k = 0; k < 5; k++) run.step();
      const { current } = await readStudentWeights(run.params);
      run.dispose();
      return current;
    };
    const a = await weights();
    const b = await weights();
    expect(allSame([a.W, a.A, a.B], [b.W, b.A, b.B])).toBe(true);
    expect(sameBytes(a.W, initStudentWeights(CONFIG).W)).toBe(false);
  });
});
