/**
 * The config schema (SPEC §2): defaults are valid, and every out-of-range, non-integer, unknown or
 * inconsistent value is refused with a sentence that names the field, the value and the allowed range.
 */
import { describe, expect, it } from 'vitest';
import { formulaProblem } from '../../src/model/formula';
import {
  DEFAULT_CONFIG,
  MAX_TEACHER_PARAMS,
  parseFieldValue,
  resolveConfig,
  teacherPairCount,
  validateConfig,
  type Config,
} from '../../src/model/config';
import { FIELDS, describeRange, fieldByKey, type Field } from '../../src/model/fields';

/** The errors of a config that must be refused (fails the test if it is accepted). */
function errorsOf(partial: unknown): string[] {
  const r = resolveConfig(partial);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(partial)}`);
  return r.errors;
}

describe('defaults', () => {
  it('match the SPEC §2 table and validate', () => {
    expect(DEFAULT_CONFIG).toEqual({
      L: 10,
      dIn: 2,
      d: 1,
      concept: 'additive',
      formula: 'dot(u, x[j-1]) * dot(v, x[j-2])',
      p: 4,
      K: 0,
      act: 'sin',
      R: 2.5,
      norm: 1,
      noise: 0,
      m: 256,
      epsx: 1,
      lambda: 0.05,
      train: 'W',
      loss: 'sq',
      lr: 1,
      sched: 'const',
      t0: 1000,
      batch: 32,
      data: 'online',
      N: 1000,
      eps: 0.05,
      ntest: 1024,
      seed: 1,
      backend: 'auto',
    });
    expect(validateConfig(DEFAULT_CONFIG)).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(resolveConfig({})).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('resolveConfig merges a partial config over the defaults', () => {
    const r = resolveConfig({ L: 20, act: 'cube', lambda: 0.5 });
    expect(r).toEqual({ ok: true, config: { ...DEFAULT_CONFIG, L: 20, act: 'cube', lambda: 0.5 } });
  });

  it('every field default lies in its own range', () => {
    for (const f of FIELDS) {
      if (f.kind === 'enum') expect(f.options).toContain(f.default);
      else if (f.kind === 'text') expect(formulaProblem(f.default, DEFAULT_CONFIG.dIn, DEFAULT_CONFIG.L)).toBeNull();
      else {
        expect(f.minExclusive ? f.default > f.min : f.default >= f.min, f.key).toBe(true);
        expect(f.maxExclusive ? f.default < f.max : f.default <= f.max, f.key).toBe(true);
      }
    }
  });
});

describe('refusals name the field, the value and the range', () => {
  it.each<[Partial<Record<keyof Config, unknown>>, string[]]>([
    [{ L: 500 }, ['L', '500', '3..200']],
    [{ L: 2 }, ['L', '2', '3..200']],
    [{ m: 3.5 }, ['m', '3.5', 'not an integer', '8..4096']],
    [{ m: 4 }, ['m', '4', '8..4096']],
    [{ act: 'relu' }, ['act', 'relu', 'sin', 'cube']],
    [{ concept: 'mixed' }, ['concept', 'mixed', 'additive, joint']],
    [{ lambda: 0 }, ['lambda', '0', '(0, 10]']],
    [{ epsx: 11 }, ['epsx', '11', '(0, 10]']],
    [{ eps: 1 }, ['eps', '1', '(0, 1)']],
    [{ noise: -0.1 }, ['noise', '-0.1', '[0, 1]']],
    [{ seed: -1 }, ['seed', '-1', '2147483647']],
    [{ seed: 2 ** 31 }, ['seed', '2147483648']],
    [{ batch: '32' }, ['batch', '"32"', 'not a number']],
    [{ lr: Number.NaN }, ['lr']],
    [{ N: 1.5 }, ['N', '1.5', 'integer']],
    [{ norm: 2 }, ['norm', '2', '0..1']],
  ])('%j', (partial, words) => {
    const text = errorsOf(partial).join(' | ');
    for (const w of words) expect(text).toContain(w);
  });

  it('K > L − 2 is refused with the bound for this L', () => {
    const text = errorsOf({ L: 5, K: 4 }).join(' | ');
    for (const w of ['K', '4', 'L = 5', '0..3']) expect(text).toContain(w);
    expect(resolveConfig({ L: 5, K: 3 }).ok).toBe(true);
    expect(resolveConfig({ L: 200, K: 198 }).ok).toBe(true);
  });

  it('unknown keys are reported by name, not dropped', () => {
    expect(errorsOf({ steps: 10 }).join(' ')).toContain('steps');
    expect(errorsOf({ Lambda: 1 }).join(' ')).toContain('Lambda');
  });

  it('several problems are all reported', () => {
    const errors = errorsOf({ L: 1, m: 1, act: 'relu' });
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });

  it('a non-object is refused in plain words', () => {
    for (const bad of [null, 3, 'L=5', [1, 2]]) expect(errorsOf(bad).join(' ')).toContain('JSON object');
  });

  it('validateConfig needs every field', () => {
    const { m: _m, ...partial } = DEFAULT_CONFIG;
    const r = validateConfig(partial);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join(' ')).toContain('m');
  });

  it('a teacher too large for the host is refused with its size', () => {
    const huge = { L: 200, K: 0, d: 16, p: 64, dIn: 64 };
    const params = teacherPairCount(huge) * 16 * 64 * 65;
    expect(params).toBeGreaterThan(MAX_TEACHER_PARAMS);
    expect(errorsOf(huge).join(' ')).toContain(params.toLocaleString('en-US'));
  });
});

describe('helpers', () => {
  it('teacherPairCount counts the pairs i→j', () => {
    expect(teacherPairCount({ L: 10, K: 0 })).toBe(36); // Σ_{j=3..10} (j − 2)
    expect(teacherPairCount({ L: 10, K: 1 })).toBe(8);
    expect(teacherPairCount({ L: 10, K: 3 })).toBe(1 + 2 + 3 * 6);
  });

  it('parseFieldValue turns numeric text into numbers and lets the schema quote anything else', () => {
    const m = fieldByKey('m') as Field;
    expect(parseFieldValue(m, ' 64 ')).toBe(64);
    expect(parseFieldValue(m, '1e3')).toBe(1000);
    expect(parseFieldValue(fieldByKey('act') as Field, 'cube')).toBe('cube');
    expect(fieldByKey('nope')).toBeUndefined();
    // Number('') would be 0, a valid-looking value: empty and non-numeric text must be refused instead.
    for (const text of ['', ' ', 'abc', '12px']) {
      const errors = errorsOf({ m: parseFieldValue(m, text) }).join(' ');
      expect(errors).toContain('m:');
      expect(errors).toContain('not a number');
    }
  });

  it('describeRange writes integer, half-open and enum ranges', () => {
    expect(describeRange(fieldByKey('L') as Field)).toBe('an integer 3..200');
    expect(describeRange(fieldByKey('lambda') as Field)).toBe('a number in (0, 10]');
    expect(describeRange(fieldByKey('noise') as Field)).toBe('a number in [0, 1]');
    expect(describeRange(fieldByKey('loss') as Field)).toBe('one of sq, abs, huber');
  });
});
