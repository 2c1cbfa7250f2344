/**
 * Fuzzed imported files and checkpoints: whatever a file holds, reading it ends in either a run or a plain
 * message, never a crash, a fatal error or a leaked tensor. Mutations start from a real checkpoint (so most
 * of the file stays plausible and the checks deep inside are reached), plus arbitrary JSON and broken text.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCheckpoint, parseCheckpoint, parseRunExport } from '../../src/model/run-export';
import { initStudentWeights } from '../../src/model/student';
import { createTeacher } from '../../src/model/teacher';
import type { RunSnapshot } from '../../src/worker/protocol/recovery-messages';
import { snapshotProblems } from '../../src/worker/training/snapshot';
import { SMALL } from './harness';
import { RecoveryHarness } from './recovery-harness';

const weights = initStudentWeights(SMALL);
const VALID = JSON.parse(
  JSON.stringify(
    makeCheckpoint(SMALL, createTeacher(SMALL), weights, weights, {
      step: 3,
      samplesSeen: 12,
      samplesToEps: null,
    }),
  ),
) as Record<string, unknown>;

/** Every path to a leaf or a node of a JSON value. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

const PATHS = paths(VALID);
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, 0, 1e308, Number.NaN, '', 'AAAA', '////', null, [], {}),
);
const mutatedFile = fc
  .tuple(fc.integer({ min: 0, max: PATHS.length - 1 }), oddValue)
  .map(([i, v]) => setAt(VALID, PATHS[i] as (string | number)[], v));

/**
 * A parse either succeeds or throws a plain Error written for the user: not a TypeError or RangeError from
 * deep inside, which would mean a check is missing.
 */
function outcome(parse: () => unknown): 'ok' | string {
  try {
    parse();
    return 'ok';
  } catch (e) {
    if (!(e instanceof Error)) throw new Error(`threw a non-Error: ${String(e)}`, { cause: e });
    return e.name === 'Error' ? e.message : `${e.name}: ${e.message}`;
  }
}

/** What a refusal looks like: it names the file problem or the field, in a sentence. */
const PLAIN = /^(Not a valid (checkpoint|run file): |The file |(student|teacher)[\w .]*: )\S/;

describe('imported files', () => {
  it('a mutated checkpoint is either read or refused with a plain message', () => {
    fc.assert(
      fc.property(mutatedFile, (file) => {
        const r = outcome(() => parseCheckpoint(file));
        expect(r === 'ok' || PLAIN.test(r), r).toBe(true);
      }),
      { numRuns: 400, seed: 6 },
    );
  });

  it('arbitrary JSON and broken text are refused with a plain message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.string().map((s) => `{"format":${s}`),
        ),
        (input) => {
          for (const parse of [parseCheckpoint, parseRunExport]) {
            const r = outcome(() => parse(typeof input === 'string' ? input : JSON.stringify(input)));
            expect(r === 'ok' || PLAIN.test(r), r).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('restoring checkpoints in the trainer', () => {
  const h = new RecoveryHarness();
  let baseline = 0;

  beforeAll(async () => {
    await h.trainer.handle({ type: 'start', config: SMALL, play: false });
    baseline = tf.memory().numTensors;
  });

  afterAll(async () => {
    await h.trainer.dispose();
  });

  it('loads a checkpoint file as a new run at its own step', async () => {
    const loaded = parseCheckpoint(VALID);
    await h.trainer.handle({
      type: 'restore',
      snapshot: loaded,
      history: [],
      runId: null,
      play: false,
      reason: '',
    });
    const started = h.last('runStarted');
    expect(started.config).toEqual(SMALL);
    await h.until(() => h.last('metrics').runId === started.runId);
    expect(Array.from(h.last('metrics').report?.samples ?? [])).toEqual([12]);
    expect(h.trainer.state).toMatchObject({ step: 3, samplesSeen: 12 });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('refuses broken snapshots with a message, keeping the current run and every tensor count', async () => {
    const good = parseCheckpoint(VALID);
    const nan = good.current.W.slice();
    nan[5] = Number.NaN;
    const broken: [string, RunSnapshot][] = [
      ['NaN weights', { ...good, current: { ...good.current, W: nan } }],
      ['short W', { ...good, current: { ...good.current, W: good.current.W.subarray(1) } }],
      ['wrong m', { ...good, config: { ...good.config, m: 32 } }],
      ['bad config', { ...good, config: { ...good.config, L: 1 } }],
      ['negative step', { ...good, state: { step: -1, samplesSeen: 0, samplesToEps: null } }],
      ['a teacher of another size', { ...good, teacher: { ...good.teacher, dIn: 7 } }],
      ['no weights', { ...good, initial: undefined as unknown as RunSnapshot['initial'] }],
    ];
    const runId = h.last('runStarted').runId;
    for (const [what, snapshot] of broken) {
      const before = h.posted.length;
      await h.trainer.handle({ type: 'restore', snapshot, history: [], runId: null, play: true, reason: '' });
      const answers = h.posted.slice(before).map((p) => p.msg);
      expect(answers, what).toHaveLength(1);
      expect(answers[0], what).toMatchObject({ type: 'error', fatal: false });
      expect((answers[0] as { message: string }).message, what).toMatch(
        /^This checkpoint cannot be loaded: /,
      );
      expect(snapshotProblems(snapshot).length, what).toBeGreaterThan(0);
    }
    expect(h.last('runStarted').runId).toBe(runId);
    expect(h.trainer.state).toMatchObject({ step: 3, samplesSeen: 12 });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('every mutated file that parses either restores or is refused, never fatally', async () => {
    const samples = fc.sample(mutatedFile, { numRuns: 150, seed: 8 });
    let restored = 0;
    let refused = 0;
    for (const file of samples) {
      let loaded;
      try {
        loaded = parseCheckpoint(file);
      } catch {
        continue;
      }
      const before = h.posted.length;
      await h.trainer.handle({
        type: 'restore',
        snapshot: loaded,
        history: [],
        runId: null,
        play: false,
        reason: '',
      });
      const answers = h.posted.slice(before).map((p) => p.msg);
      expect(answers.some((m) => m.type === 'error' && m.fatal)).toBe(false);
      if (answers.some((m) => m.type === 'runStarted')) restored += 1;
      else refused += 1;
    }
    expect(restored + refused).toBeGreaterThan(0);
    expect(restored).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
