/**
 * Data (SPEC §3): tokens on the unit sphere with position 1 empty, the student's input layout (start token
 * e_{d_x}, ε_x scaling), noise-free targets equal the teacher, label noise with the configured std, and the
 * online and fixed regimes of the data source.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { DataSource, makeBatch, makeSequence } from '../../src/model/data';
import { createTeacher, evaluateTeacher } from '../../src/model/teacher';
import { sameBytes } from '../helpers/arrays';

const BASE: Config = { ...DEFAULT_CONFIG, L: 6, dIn: 4, d: 2, p: 3, seed: 9 };

describe('tokens', () => {
  it('lie on the unit sphere, position 1 is zero, and are isotropic', () => {
    const teacher = createTeacher(BASE);
    const n = 2000;
    const { L, dIn } = BASE;
    const mean = new Float64Array(dIn);
    const second = new Float64Array(dIn * dIn);
    let count = 0;
    for (let k = 0; k < n; k++) {
      const { tokens } = makeSequence(BASE, teacher, 'trainData', k);
      for (let t = 0; t < dIn; t++) expect(tokens[t]).toBe(0);
      for (let i = 2; i <= L; i++) {
        const x = tokens.subarray((i - 1) * dIn, i * dIn);
        expect(Math.abs(Math.hypot(...x) - 1)).toBeLessThan(1e-6);
        for (let a = 0; a < dIn; a++) {
          mean[a] = (mean[a] as number) + (x[a] as number);
          for (let b = 0; b < dIn; b++)
            second[a * dIn + b] = (second[a * dIn + b] as number) + (x[a] as number) * (x[b] as number);
        }
        count++;
      }
    }
    // Uniform on S^{d_in−1}: E[x] = 0, E[x xᵀ] = I/d_in. With 10,000 tokens the sampling error is ~0.005.
    for (let a = 0; a < dIn; a++) {
      expect(Math.abs((mean[a] as number) / count)).toBeLessThan(0.03);
      for (let b = 0; b < dIn; b++) {
        const expected = a === b ? 1 / dIn : 0;
        expect(Math.abs((second[a * dIn + b] as number) / count - expected)).toBeLessThan(0.02);
      }
    }
  });

  it('different sequence indices and streams give different tokens', () => {
    const teacher = createTeacher(BASE);
    const a = makeSequence(BASE, teacher, 'trainData', 0).tokens;
    expect(sameBytes(a, makeSequence(BASE, teacher, 'trainData', 1).tokens)).toBe(false);
    expect(sameBytes(a, makeSequence(BASE, teacher, 'testData', 0).tokens)).toBe(false);
    expect(sameBytes(a, makeSequence(BASE, teacher, 'trainData', 0).tokens)).toBe(true);
  });
});

describe('student inputs and targets', () => {
  it.each([1, 0.25, 3])('x_1 = e_{d_x}, x_i = (ε_x·x*_i, 0) with ε_x = %s, Y position-major', (epsx) => {
    const config = { ...BASE, epsx };
    const teacher = createTeacher(config);
    const { L, dIn, d } = config;
    const dx = dIn + 1;
    const idx = [4, 7, 1];
    const batch = makeBatch(config, teacher, 'trainData', idx);
    expect(batch.size).toBe(3);
    idx.forEach((k, b) => {
      const seq = makeSequence(config, teacher, 'trainData', k);
      expect(sameBytes(batch.tokens.subarray(b * L * dIn, (b + 1) * L * dIn), seq.tokens)).toBe(true);
      for (let l = 1; l <= L; l++) {
        const row = batch.X.subarray(((l - 1) * 3 + b) * dx, ((l - 1) * 3 + b + 1) * dx);
        for (let t = 0; t < dIn; t++) {
          const expected = l === 1 ? 0 : Math.fround(epsx * (seq.tokens[(l - 1) * dIn + t] as number));
          expect(row[t]).toBe(expected);
        }
        expect(row[dIn]).toBe(l === 1 ? 1 : 0);
        for (let s = 0; s < d; s++)
          expect(batch.Y[((l - 1) * 3 + b) * d + s]).toBe(seq.targets[(l - 1) * d + s]);
      }
    });
  });

  it('noise-free targets are the teacher outputs, zero outside J', () => {
    const teacher = createTeacher(BASE);
    const y = new Float64Array(BASE.L * BASE.d);
    for (let k = 0; k < 20; k++) {
      const seq = makeSequence(BASE, teacher, 'testData', k);
      evaluateTeacher(teacher, seq.tokens, y);
      expect(Array.from(seq.targets)).toEqual(Array.from(y, Math.fround));
      for (let s = 0; s < 2 * BASE.d; s++) expect(seq.targets[s]).toBe(0);
    }
  });

  it.each([0.1, 0.5])('label noise σ=%s has mean 0 and std σ, per coordinate of J only', (noise) => {
    const config = { ...BASE, noise };
    const teacher = createTeacher(config);
    const y = new Float64Array(config.L * config.d);
    const residuals: number[] = [];
    for (let k = 0; k < 1500; k++) {
      const seq = makeSequence(config, teacher, 'trainData', k);
      evaluateTeacher(teacher, seq.tokens, y);
      for (let s = 0; s < 2 * config.d; s++) expect(seq.targets[s]).toBe(0);
      for (const j of teacher.targets)
        for (let s = 0; s < config.d; s++)
          residuals.push(
            (seq.targets[(j - 1) * config.d + s] as number) - (y[(j - 1) * config.d + s] as number),
          );
    }
    const n = residuals.length; // 12,000
    const mean = residuals.reduce((a, v) => a + v, 0) / n;
    const std = Math.sqrt(residuals.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    // Sampling error of the std is σ/sqrt(2n) ≈ 0.65% of σ; 5% is far outside it yet fails for a wrong σ.
    expect(Math.abs(std / noise - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean)).toBeLessThan((5 * noise) / Math.sqrt(n));
    // Gaussian tails: about 4.6% beyond 2σ.
    const beyond = residuals.filter((v) => Math.abs(v) > 2 * noise).length / n;
    expect(Math.abs(beyond - 0.0455)).toBeLessThan(0.01);
  });
});

describe('data source', () => {
  const identify = (config: Config) => {
    const teacher = createTeacher(config);
    const known = Array.from(
      { length: config.N },
      (_, k) => makeSequence(config, teacher, 'trainData', k).tokens,
    );
    return (tokens: Float32Array) => known.findIndex((t) => sameBytes(t, tokens));
  };

  it('online: every step draws fresh sequences, in order of samples seen', () => {
    const config = { ...BASE, data: 'online' as const };
    const teacher = createTeacher(config);
    const source = new DataSource(config, teacher);
    const seqLen = config.L * config.dIn;
    const a = source.batchAt(0, 4);
    const b = source.batchAt(4, 4);
    for (let k = 0; k < 8; k++) {
      const batch = k < 4 ? a : b;
      const tokens = batch.tokens.subarray((k % 4) * seqLen, ((k % 4) + 1) * seqLen);
      expect(sameBytes(tokens, makeSequence(config, teacher, 'trainData', k).tokens)).toBe(true);
    }
  });

  it('fixed: each epoch visits the same N sequences once, in a new shuffled order', () => {
    const config = { ...BASE, data: 'fixed' as const, N: 10 };
    const which = identify(config);
    const source = new DataSource(config, createTeacher(config));
    const seqLen = config.L * config.dIn;
    const order: number[] = [];
    // Batches of 4 do not divide N = 10, so some batches straddle an epoch boundary.
    for (let seen = 0; seen < 40; seen += 4) {
      const batch = source.batchAt(seen, 4);
      for (let b = 0; b < 4; b++) order.push(which(batch.tokens.subarray(b * seqLen, (b + 1) * seqLen)));
    }
    const epochs = [0, 1, 2, 3].map((e) => order.slice(e * 10, (e + 1) * 10));
    const identity = Array.from({ length: 10 }, (_, k) => k);
    for (const e of epochs) expect([...e].sort((x, y) => x - y)).toEqual(identity);
    expect(new Set(epochs.map((e) => e.join(','))).size).toBeGreaterThan(2);
    expect(epochs.some((e) => e.join(',') !== identity.join(','))).toBe(true);
    // The order depends only on the samples-seen count: a fresh source replays it.
    const again = new DataSource(config, createTeacher(config)).batchAt(12, 4);
    expect(sameBytes(again.tokens, source.batchAt(12, 4).tokens)).toBe(true);
  });
});
