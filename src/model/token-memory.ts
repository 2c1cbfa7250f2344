/**
 * What the hidden state remembers of each token (SPEC §6, tokenMemory). For a token position i and a later
 * position l, reverse the token (x*_i ↦ −x*_i, every other input unchanged) in each probe sequence and
 * measure how far h_l moves:
 *
 *     D(i, l) = sqrt( mean over probes ‖h_l(reversed) − h_l(original)‖² ),   memory(i, l) = D(i, l) / D(i, i).
 *
 * memory(i, i) = 1 by definition; a value near 1 at l > i means h_l still moves as much with token i as h_i
 * did when the token arrived, a value near 0 that h_l no longer depends on it. Positions l < i cannot depend
 * on token i (the network reads left to right): they hold NaN. Position 1 is the start token, the same in
 * every sequence, so the tokens followed start at 2.
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type ForwardWeights } from './engine';

export interface TokenMemory {
  /** Probe sequences the measurement averages over. */
  probes: number;
  L: number;
  /** Token positions i followed (1-based, increasing, 2 <= i <= L). */
  tokens: number[];
  /** Row-major [tokens.length, L]: entry t·L + (l − 1) is memory(tokens[t], l); NaN for l < tokens[t]. */
  memory: Float64Array;
  /** Per token: D(i, i), how far h_i moves when token i is reversed (the unit of its row). */
  arrival: Float64Array;
}

/**
 * The token positions the chart follows: 2, then every s-th position after it, below L, with s chosen so that
 * at most `most` tokens are followed (L = 10: 2, 4, 6, 8). A token at L would be a single point (l = L only),
 * so it is left out unless L = 2.
 */
export function memoryTokens(L: number, most = 4): number[] {
  if (L < 2) return [];
  if (L === 2) return [2];
  const step = Math.max(1, Math.ceil((L - 2) / Math.max(1, most)));
  const out: number[] = [];
  for (let i = 2; i < L && out.length < most; i += step) out.push(i);
  return out;
}

/**
 * The expanded probe batch: block 0 holds the P sequences as they are, block t + 1 the same sequences with
 * token tokens[t] reversed (its d_in token coordinates negated; the start coordinate is 0 there). X is a host
 * batch of position-major rows (l · P + q) with `dx` columns; the result has B = P · (1 + T) sequences,
 * sequence t · P + q in row l · B + t · P + q.
 */
export function reversedInputs(
  X: ArrayLike<number>,
  L: number,
  P: number,
  dx: number,
  tokens: readonly number[],
): Float32Array {
  const blocks = 1 + tokens.length;
  const B = P * blocks;
  const out = new Float32Array(L * B * dx);
  for (let l = 0; l < L; l++) {
    for (let t = 0; t < blocks; t++) {
      const reversed = t > 0 && tokens[t - 1] === l + 1;
      for (let q = 0; q < P; q++) {
        const from = (l * P + q) * dx;
        const to = (l * B + t * P + q) * dx;
        for (let c = 0; c < dx; c++) {
          const v = X[from + c] as number;
          // The last column is the start token's coordinate (0 at every position but the first).
          out[to + c] = reversed && c < dx - 1 ? -v : v;
        }
      }
    }
  }
  return out;
}

/**
 * memory(i, l) from the hidden states of the expanded batch (rows l · B + b, B = P · (1 + T), m columns, as
 * laid out by reversedInputs).
 */
export function memoryFromStates(
  H: ArrayLike<number>,
  L: number,
  P: number,
  m: number,
  tokens: readonly number[],
): { memory: Float64Array; arrival: Float64Array } {
  const T = tokens.length;
  const B = P * (1 + T);
  const memory = new Float64Array(T * L).fill(Number.NaN);
  const arrival = new Float64Array(T);
  tokens.forEach((i, t) => {
    const distance: number[] = [];
    for (let l = i; l <= L; l++) {
      let sum = 0;
      for (let q = 0; q < P; q++) {
        const a = ((l - 1) * B + q) * m;
        const b = ((l - 1) * B + (t + 1) * P + q) * m;
        for (let u = 0; u < m; u++) sum += ((H[b + u] as number) - (H[a + u] as number)) ** 2;
      }
      distance.push(Math.sqrt(sum / P));
    }
    const unit = distance[0] as number;
    arrival[t] = unit;
    distance.forEach((d, k) => {
      memory[t * L + (i - 1) + k] = unit > 0 ? d / unit : Number.NaN;
    });
  });
  return { memory, arrival };
}

/**
 * tokenMemory on the network `w` for the probe sequences in the host batch X (P sequences, position-major
 * rows, dx columns): one forward pass over the expanded batch.
 */
export async function tokenMemory(
  w: ForwardWeights,
  X: ArrayLike<number>,
  L: number,
  P: number,
  dx: number,
  tokens: readonly number[] = memoryTokens(L),
): Promise<TokenMemory> {
  const B = P * (1 + tokens.length);
  const expanded = reversedInputs(X, L, P, dx, tokens);
  const Hall = tf.tidy(() => forward(w, tf.tensor2d(expanded, [L * B, dx]), L, B).Hall);
  const H = (await Hall.data()) as Float32Array;
  const m = Hall.shape[1] as number;
  Hall.dispose();
  const { memory, arrival } = memoryFromStates(H, L, P, m, tokens);
  return { probes: P, L, tokens: [...tokens], memory, arrival };
}
