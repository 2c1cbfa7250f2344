/**
 * Token memory (SPEC §6): which tokens are followed, the expanded batch with one token reversed, the ratio
 * D(i, l) / D(i, i) from hidden states, and tokenMemory on wasm against the reference forward pass.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { makeBatch } from '../../src/model/data';
import { Run } from '../../src/model/run';
import { readStudentWeights } from '../../src/model/student';
import { memoryFromStates, memoryTokens, reversedInputs, tokenMemory } from '../../src/model/token-memory';
import { useBackend } from '../helpers/backend';
import { refForward, toRefStudent } from './reference';

describe('memoryTokens', () => {
  it('follows token 2 and every few positions after it, below L, at most four', () => {
    expect(memoryTokens(10)).toEqual([2, 4, 6, 8]);
    expect(memoryTokens(5)).toEqual([2, 3, 4]);
    expect(memoryTokens(3)).toEqual([2]);
    expect(memoryTokens(2)).toEqual([2]);
    expect(memoryTokens(1)).toEqual([]);
    expect(memoryTokens(40)).toEqual([2, 12, 22, 32]);
    const long = memoryTokens(200);
    expect(long.length).toBe(4);
    expect(long[0]).toBe(2);
    expect(long.every((i) => i < 200)).toBe(true);
  });
});

describe('reversedInputs', () => {
  it('copies the probes, then repeats them with one token negated and the start coordinate kept', () => {
    const L = 3;
    const P = 2;
    const dx = 3;
    // Row l·P + q: token coordinates (10l + q, -(10l + q)), start coordinate 1 at l = 0 only.
    const X = new Float32Array(L * P * dx);
    for (let l = 0; l < L; l++)
      for (let q = 0; q < P; q++) {
        const r = (l * P + q) * dx;
        X[r] = l ? 10 * l + q : 0;
        X[r + 1] = l ? -(10 * l + q) : 0;
        X[r + 2] = l === 0 ? 1 : 0;
      }
    const out = reversedInputs(X, L, P, dx, [2, 3]);
    const B = P * 3;
    expect(out.length).toBe(L * B * dx);
    const rowOf = (l: number, b: number) => Array.from(out.subarray((l * B + b) * dx, (l * B + b + 1) * dx));
    for (let l = 0; l < L; l++)
      for (let q = 0; q < P; q++) {
        const original = Array.from(X.subarray((l * P + q) * dx, (l * P + q + 1) * dx));
        expect(rowOf(l, q)).toEqual(original);
        const flip = (on: boolean) => (on ? original.map((v, c) => (c < dx - 1 ? -v : v)) : original);
        expect(rowOf(l, P + q)).toEqual(flip(l === 1)); // token 2 reversed
        expect(rowOf(l, 2 * P + q)).toEqual(flip(l === 2)); // token 3 reversed
      }
    expect(rowOf(0, P)[2]).toBe(1);
  });
});

describe('memoryFromStates', () => {
  it('divides the rms move of h_l by the move at the token’s own position; NaN before it', () => {
    const L = 4;
    const P = 2;
    const m = 2;
    const tokens = [2, 3];
    const B = P * 3;
    const H = new Float64Array(L * B * m);
    // Originals at 0; the token-2 copies move by (3, 4)·s_l with s = [0, 1, 0.5, 0.25] (so D = 5 s_l), the
    // token-3 copies by (0, 2) at l = 3 and (0, 1) at l = 4, for both probes.
    const s = [0, 1, 0.5, 0.25];
    for (let l = 0; l < L; l++)
      for (let q = 0; q < P; q++) {
        H[(l * B + P + q) * m] = 3 * (s[l] as number);
        H[(l * B + P + q) * m + 1] = 4 * (s[l] as number);
        H[(l * B + 2 * P + q) * m + 1] = l === 2 ? 2 : l === 3 ? 1 : 0;
      }
    const { memory, arrival } = memoryFromStates(H, L, P, m, tokens);
    expect(Array.from(arrival)).toEqual([5, 2]);
    expect(Array.from(memory.subarray(0, L))).toEqual([Number.NaN, 1, 0.5, 0.25]);
    expect(Array.from(memory.subarray(L, 2 * L))).toEqual([Number.NaN, Number.NaN, 1, 0.5]);
  });

  it('takes the root mean square over the probes', () => {
    const L = 2;
    const P = 2;
    const m = 1;
    const B = P * 2;
    const H = new Float64Array(L * B * m);
    H[B + P] = 1; // probe 1 moves by 1 at l = 2, probe 2 by 3
    H[B + P + 1] = 3;
    const { arrival } = memoryFromStates(H, L, P, m, [2]);
    expect(arrival[0]).toBeCloseTo(Math.sqrt((1 + 9) / 2), 12);
  });
});

describe('tokenMemory on wasm', () => {
  const config: Config = { ...DEFAULT_CONFIG, L: 6, dIn: 3, d: 1, m: 24, ntest: 64, batch: 8, seed: 52 };
  let open: Run[] = [];
  beforeAll(() => useBackend('wasm'));
  afterEach(() => {
    for (const r of open) r.dispose();
    open = [];
  });

  it('matches the reference forward pass on the probes, is the same on a second call and leaks no tensor', async () => {
    const run = Run.create({ ...config, lr: 0.5 });
    open.push(run);
    for (let k = 0; k < 10; k++) run.step();
    const P = 3;
    const dx = config.dIn + 1;
    const host = makeBatch(config, run.teacher, 'probe', [0, 1, 2]);
    const tokens = memoryTokens(config.L);
    const got = await tokenMemory(run.currentWeights(), host.X, config.L, P, dx, tokens);
    expect(got.tokens).toEqual([2, 3, 4, 5]);
    expect(got.probes).toBe(P);

    const { current } = await readStudentWeights(run.params);
    const ref = toRefStudent(current, config.lambda);
    const { L, m } = config;
    const sequence = (X: Float32Array, q: number, reversed: number | null) => {
      const x = new Float64Array(L * dx);
      for (let l = 0; l < L; l++)
        for (let c = 0; c < dx; c++) {
          const v = X[(l * P + q) * dx + c] as number;
          x[l * dx + c] = reversed === l + 1 && c < dx - 1 ? -v : v;
        }
      return refForward(ref, x, L).h;
    };
    tokens.forEach((i, t) => {
      const D: number[] = [];
      for (let l = 1; l <= L; l++) {
        let sum = 0;
        for (let q = 0; q < P; q++) {
          const a = sequence(host.X, q, null);
          const b = sequence(host.X, q, i);
          for (let u = 0; u < m; u++)
            sum += ((b[(l - 1) * m + u] as number) - (a[(l - 1) * m + u] as number)) ** 2;
        }
        D.push(Math.sqrt(sum / P));
      }
      for (let l = 1; l <= L; l++) {
        const value = got.memory[t * L + l - 1] as number;
        if (l < i) {
          // The network reads left to right: reversing token i cannot move h_l before it.
          expect(D[l - 1]).toBe(0);
          expect(value).toBeNaN();
        } else {
          expect(value).toBeCloseTo((D[l - 1] as number) / (D[i - 1] as number), 4);
        }
      }
      expect(got.arrival[t]).toBeCloseTo(D[i - 1] as number, 4);
    });
    const tensors = tf.memory().numTensors;
    const again = await tokenMemory(run.currentWeights(), host.X, config.L, P, dx, tokens);
    expect(Array.from(again.memory)).toEqual(Array.from(got.memory));
    // Nothing is left on the device.
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
