/**
 * Named presets: partial configs over the defaults, each making one point of the paper. The CLI takes them
 * by name (`--preset NAME`) and the app's lessons link to them.
 */
import type { Config } from './config';

export interface Preset {
  name: string;
  title: string;
  /** The claim in one sentence. */
  claim: string;
  config: Partial<Config>;
}

export const PRESETS: readonly Preset[] = [
  {
    name: 'theorem',
    title: "The theorem's setting",
    claim: 'An additive sin teacher is learned by SGD on W alone, with fresh samples every step.',
    config: { concept: 'additive', act: 'sin', train: 'W', data: 'online', seed: 1 },
  },
  {
    name: 'linear-teacher',
    title: 'A teacher a linear map explains',
    claim:
      'At R = 1 the sine teacher is almost a straight line: a linear map of the tokens already reaches ε.',
    config: { R: 1, seed: 1 },
  },
  {
    name: 'long',
    title: 'Longer sequences',
    claim: 'Longer sequences need more samples to reach ε.',
    // η = 1 diverges at L = 20 (the kernel's scale grows with L): halve it. ε = 0.1 is below the best linear
    // map (0.13 at L = 15); at R = 2.5, L = 20 had not reached it after 200k samples (docs/research-notes.md).
    config: { L: 15, lr: 0.5, eps: 0.1, seed: 1 },
  },
  {
    name: 'narrow',
    title: 'Narrow student',
    claim: 'A narrow RNN leaves the lazy regime: weights move far and many ReLU patterns flip.',
    // η·m = 64, as in the wide preset. m = 32 is too narrow at L = 10: with seed 2 the untrained network's
    // hidden states grow along the sequence (test error 61 before any step) and every η from 0.25 up
    // diverges at once; m = 64 starts near 1.1–1.6 on seeds 1–4 (docs/research-notes.md).
    config: { m: 64, lr: 1, seed: 1 },
  },
  {
    name: 'wide',
    title: 'Wide student',
    claim: 'A wide RNN learns with W moving far less, relative to its start, than a narrow one.',
    // η·m = 64, as in the narrow preset, so only the width differs in effect.
    config: { m: 512, lr: 0.125, seed: 1 },
  },
  {
    name: 'last-token',
    title: 'Remember the last token',
    claim: 'With Φ = identity and K = 1 each output copies a projection of the token just before it.',
    // The deliberate linear case: R only scales a linear teacher's outputs, so it stays at 1.
    config: { act: 'identity', K: 1, R: 1, seed: 1 },
  },
  {
    name: 'joint',
    title: 'Joint concept',
    claim: 'One network over the whole window is outside the additive class and harder to learn.',
    config: { concept: 'joint', seed: 1 },
  },
  {
    name: 'product',
    title: 'A product of two tokens',
    claim:
      'Each output multiplies projections of the two tokens before it: not a sum of functions of single tokens.',
    // The factor 2 gives the outputs about the spread of the default sine teacher's at d_in = 2. η = 1
    // diverged within 2k samples on seed 2; η = 0.5 here and in the sign pattern, so only the teacher differs.
    config: {
      concept: 'formula',
      formula: '2*dot(u, x[j-1]) * dot(v, x[j-2])',
      dIn: 2,
      lr: 0.5,
      seed: 1,
    },
  },
  {
    name: 'sign-pattern',
    title: 'A sign pattern',
    claim: 'Each output is ±1 by whether two projections of earlier tokens agree in sign: a function with a jump.',
    config: {
      concept: 'formula',
      formula: 'sign(dot(u, x[j-1]) * dot(v, x[j-2]))',
      dIn: 2,
      lr: 0.5,
      seed: 1,
    },
  },
  {
    name: 'finite-data',
    title: 'Finite data and the generalization gap',
    claim: 'Reusing a small training set drives the training loss below the test error.',
    config: { data: 'fixed', N: 200, seed: 1 },
  },
  {
    name: 'train-all',
    title: 'Train everything',
    claim: 'Training W, A and B together versus W only (the paper trains W only).',
    config: { train: 'all', seed: 1 },
  },
  {
    name: 'too-large-lr',
    title: 'Too large a learning rate',
    claim: 'Past a critical learning rate SGD diverges: the loss explodes to Inf or NaN.',
    config: { lr: 200, seed: 1 },
  },
];

export function presetByName(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
