/**
 * Exported files (SPEC §7): checkpoints round-trip bit for bit through JSON text, a run resumed from one
 * continues exactly like the original, malformed files are refused with a message that names the problem,
 * and run exports round-trip.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import {
  CHECKPOINT_FORMAT,
  RUN_FORMAT,
  emptyRunMetrics,
  finiteOrNull,
  makeCheckpoint,
  makeRunExport,
  parseCheckpoint,
  parseRunExport,
  type Checkpoint,
} from '../../src/model/run-export';
import { Run } from '../../src/model/run';
import { initStudentWeights, readStudentWeights } from '../../src/model/student';
import { createTeacher } from '../../src/model/teacher';
import { encodeTensor } from '../../src/model/tensor-codec';
import { sameBytes } from '../helpers/arrays';
import { useBackend } from '../helpers/backend';

const CONFIG: Config = { ...DEFAULT_CONFIG, L: 5, dIn: 3, d: 2, p: 3, m: 16, ntest: 64, batch: 4, seed: 61 };

let open: Run[] = [];

describe('checkpoint round trip', () => {
  it.each([
    { concept: 'additive' as const, K: 0 },
    { concept: 'joint' as const, K: 2 },
  ])('$concept K=$K: teacher, W, W0, A, B and config survive JSON text bit for bit', ({ concept, K }) => {
    const config = { ...CONFIG, concept, K };
    const teacher = createTeacher(config);
    const initial = initStudentWeights(config);
    // A "trained" current state: every weight differs from its initial value, with awkward float32 values.
    const bump = (a: Float32Array, k: number) => a.map((v, i) => v * (1 + 1e-3 * Math.sin(i + k)) + 1e-30);
    const current = { ...initial, W: bump(initial.W, 1), A: bump(initial.A, 2), B: bump(initial.B, 3) };
    const state = { step: 17, samplesSeen: 68, samplesToEps: 40 };
    const cp = makeCheckpoint(config, teacher, current, initial, state);
    expect(cp.format).toBe(CHECKPOINT_FORMAT);
    expect(cp.student.W.shape).toEqual([16, 16]);
    expect(cp.student.A.shape).toEqual([16, 4]);
    expect(cp.student.B.shape).toEqual([2, 16]);
    expect(cp.teacher.terms[0]?.w.shape).toEqual(concept === 'additive' ? [2, 3, 3] : [2, 3, 1, 3]);

    const loaded = parseCheckpoint(JSON.stringify(cp));
    expect(loaded.config).toEqual(config);
    expect(loaded.state).toEqual(state);
    expect(loaded.teacher.terms.map((t) => [t.from, t.to])).toEqual(teacher.terms.map((t) => [t.from, t.to]));
    loaded.teacher.terms.forEach((t, k) => {
      expect(sameBytes(t.a, (teacher.terms[k] as (typeof teacher.terms)[number]).a)).toBe(true);
      expect(sameBytes(t.w, (teacher.terms[k] as (typeof teacher.terms)[number]).w)).toBe(true);
    });
    expect({ ...loaded.teacher, terms: [] }).toEqual({ ...teacher, terms: [] });
    for (const key of ['W', 'A', 'B'] as const) {
      expect(sameBytes(loaded.current[key], current[key])).toBe(true);
      expect(sameBytes(loaded.initial[key], initial[key])).toBe(true);
    }
  });
});

describe('resuming from a checkpoint on wasm', () => {
  beforeAll(() => useBackend('wasm'));
  afterEach(() => {
    for (const r of open) r.dispose();
    open = [];
  });

  it('continues with the same losses and weights as the original run', async () => {
    const original = Run.create({ ...CONFIG, train: 'all', lr: 0.3 });
    open.push(original);
    for (let k = 0; k < 7; k++) original.step();
    await original.readTrainLoss();
    const resumed = Run.fromCheckpoint(parseCheckpoint(JSON.stringify(await original.checkpoint())));
    open.push(resumed);
    expect(resumed.state).toEqual(original.state);
    for (let k = 0; k < 4; k++) {
      original.step();
      resumed.step();
      expect(await resumed.readTrainLoss()).toBe(await original.readTrainLoss());
    }
    const a = await readStudentWeights(original.params);
    const b = await readStudentWeights(resumed.params);
    for (const key of ['W', 'A', 'B'] as const) {
      expect(sameBytes(a.current[key], b.current[key])).toBe(true);
      expect(sameBytes(a.initial[key], b.initial[key])).toBe(true);
    }
    expect((await resumed.evaluate()).testError).toBe((await original.evaluate()).testError);
    expect(await resumed.lazy()).toEqual(await original.lazy());
  });
});

describe('malformed checkpoints', () => {
  const good = (): Checkpoint => {
    const teacher = createTeacher(CONFIG);
    const w = initStudentWeights(CONFIG);
    return makeCheckpoint(CONFIG, teacher, w, w);
  };
  const refuse = (input: unknown, ...words: string[]) => {
    let message = '';
    try {
      parseCheckpoint(typeof input === 'string' ? input : JSON.stringify(input));
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    expect(message, 'parseCheckpoint accepted a malformed file').not.toBe('');
    for (const w of words) expect(message).toContain(w);
  };

  it('bad JSON', () => refuse('{"format": ', 'not valid JSON'));

  it('wrong format string', () =>
    refuse({ ...good(), format: 'rnn-learnability-lab/checkpoint@9' }, 'format', CHECKPOINT_FORMAT));

  it('a student tensor with the wrong shape', () => {
    const cp = good();
    cp.student.W = encodeTensor(new Float32Array(16 * 17), [16, 17]);
    refuse(cp, 'student.W', 'shape', '16,17');
  });

  it('data that does not fill its shape', () => {
    const cp = good();
    cp.student.B = { ...cp.student.B, data: cp.student.A.data };
    refuse(cp, 'student.B', 'bytes');
  });

  it('data that is not base64', () => {
    const cp = good();
    // Same length, so only the alphabet is wrong: a decoder that skips bad characters would load zeros.
    cp.student.W = { ...cp.student.W, data: '!!!!' + cp.student.W.data.slice(4) };
    refuse(cp, 'student.W', 'base64');
  });

  it('a config value out of range', () =>
    refuse({ ...good(), config: { ...CONFIG, m: 3 } }, 'm', '3', '8..4096'));

  it('a teacher that does not match the config', () => {
    refuse({ ...good(), config: { ...CONFIG, K: 1 } }, 'teacher.window');
    const cp = good();
    cp.teacher.terms.pop();
    refuse(cp, 'terms');
    const swapped = good();
    const [t0, t1] = swapped.teacher.terms as [
      Checkpoint['teacher']['terms'][number],
      Checkpoint['teacher']['terms'][number],
    ];
    swapped.teacher.terms[0] = t1;
    swapped.teacher.terms[1] = t0;
    refuse(swapped, 'teacher term 1');
  });

  it('a student scale that does not match the config', () => {
    const cp = good();
    cp.student.lambda = 0.5;
    refuse(cp, 'student.lambda');
  });

  it('a teacher scale that does not match the config', () => {
    const cp = good();
    cp.teacher.scale = 2;
    refuse(cp, 'teacher.scale');
  });
});

describe('files written before the teacher scale R existed', () => {
  it('a checkpoint without R loads with R = 1 and its teacher unchanged', () => {
    const config = { ...CONFIG, R: 1 };
    const teacher = createTeacher(config);
    const w = initStudentWeights(config);
    const cp = makeCheckpoint(config, teacher, w, w) as unknown as {
      config: Record<string, unknown>;
      teacher: Record<string, unknown>;
    };
    expect(cp.teacher.scale).toBe(1);
    delete cp.config.R;
    delete cp.teacher.scale;
    const loaded = parseCheckpoint(JSON.stringify(cp));
    expect(loaded.config).toEqual(config);
    expect(loaded.teacher.scale).toBe(1);
  });

  it('a run file without R has R = 1', () => {
    const file = makeRunExport({ ...CONFIG, R: 1 }, 'cpu', emptyRunMetrics([3]));
    const old = JSON.parse(JSON.stringify(file)) as { config: Record<string, unknown> };
    delete old.config.R;
    expect(parseRunExport(old).config).toEqual({ ...CONFIG, R: 1 });
  });
});

describe('run export', () => {
  it('round-trips through JSON text, NaN written as null', () => {
    const metrics = emptyRunMetrics([3, 4, 5]);
    metrics.samples.push(0, 100);
    metrics.step.push(0, 25);
    metrics.trainLoss.push(finiteOrNull(Number.NaN), 0.25);
    metrics.testError.push(1.5, finiteOrNull(Number.POSITIVE_INFINITY));
    metrics.testErrorByPosition.push([1, 2, 3], [0.1, null, 0.3]);
    metrics.samplesToEps = 100;
    const file = makeRunExport(CONFIG, 'wasm', metrics);
    expect(file.format).toBe(RUN_FORMAT);
    expect(file.seed).toBe(CONFIG.seed);
    const text = JSON.stringify(file);
    expect(text).not.toContain('NaN');
    const parsed = parseRunExport(text);
    expect(parsed).toEqual(file);
    expect(parsed.metrics.trainLoss[0]).toBeNull();
    expect(parsed.metrics.testError[1]).toBeNull();
  });

  it('refuses files that do not fit the format, saying why', () => {
    const file = makeRunExport(CONFIG, 'cpu', emptyRunMetrics([3]));
    file.metrics.samples.push(1, 2);
    file.metrics.step.push(1);
    file.metrics.trainLoss.push(1, 2);
    file.metrics.testError.push(1, 2);
    expect(() => parseRunExport(JSON.stringify(file))).toThrow(/metrics\.step has 1 entries/);
    expect(() => parseRunExport({ ...file, format: 'x' })).toThrow(/format/);
    expect(() => parseRunExport({ ...file, config: { ...CONFIG, L: 500 } })).toThrow(/L: 500/);
    expect(() => parseRunExport('not json')).toThrow(/not valid JSON/);
  });
});
