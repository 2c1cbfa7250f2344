/**
 * The lessons: named, reproducible links (by seed) with a short card each — the claim, what to watch, what the
 * paper predicts. Each variant starts from a preset of src/model/presets.ts, adjusted where the preset does not
 * make its point within about a minute on the wasm backend. Plain data (no React), so the URL codec can read it.
 */
import { DEFAULT_CONFIG, resolveConfig, type Config } from '../../model/config';
import { presetByName } from '../../model/presets';

/** One run of a lesson: a preset and the settings that differ from it. */
export interface LessonVariant {
  /** Button text, e.g. "narrow (m = 32)". */
  label: string;
  /** Name of a preset in PRESETS. */
  preset: string;
  /** Settings over the preset (and the defaults). */
  config?: Partial<Config>;
}

export interface Lesson {
  /** Link id: `?lesson=<id>`. */
  id: string;
  title: string;
  /** The claim in one or two sentences. */
  claim: string;
  /** What to look at, chart by chart. */
  watch: string[];
  /** What the paper's analysis predicts. */
  predicts: string;
  /** The runs to try; the first is the one the link opens. Two or more make a comparison. */
  variants: LessonVariant[];
}

// The browser lessons use a smaller test set than the default: evaluation then costs little next to training,
// so the curve moves quickly on a laptop; 512 sequences still measure the error to about ±5%.
const QUICK: Partial<Config> = { ntest: 512 };
/**
 * The length lesson compares samples to ε = 0.1 (below the best linear map, 0.13–0.14 at these lengths) at a
 * step size that is stable at every length shown.
 */
const LENGTHS: Partial<Config> = { lr: 0.5, eps: 0.1 };

export const LESSONS: readonly Lesson[] = [
  {
    id: 'theorem',
    title: "The theorem's setting",
    claim:
      'An additive teacher with Φ = sin is learned by plain SGD on the recurrent matrix W alone, with fresh sequences every step (online SGD).',
    watch: [
      'Loss chart: the test error starts near 1.0 (predicting zero; the untrained network’s outputs are small but not zero, so it can start a little above) and, with seed 1, reaches ε = 0.05 after about 74k samples.',
      'Lazy-training chart: by 150k samples W has moved about a third of its initial norm and about 30% of the ReLU signs have flipped: at this width and step size the run is not in the lazy regime of the proof.',
      'Influence maps: compare the student’s map with the teacher’s, in which every earlier token feeds every later output.',
    ],
    predicts:
      'For a wide enough network, SGD on W reaches test error ε with a number of samples polynomial in L and 1/ε, and only logarithmic in the width m. The weights stay close to their random start.',
    variants: [{ label: 'additive sin, W only', preset: 'theorem', config: QUICK }],
  },
  {
    id: 'beyond-linear',
    title: 'Beyond a linear map',
    claim:
      'At teacher scale R = 2.5 the sine teacher is a real curve: the best linear map of the tokens gets test error 0.13, and SGD on W takes the student below it and on to ε = 0.05. At R = 1 the same teacher is almost a straight line: a linear map already gets 0.0015, so reaching ε there shows nothing beyond linear memory.',
    watch: [
      'Loss chart: the dotted black line is the best linear map. At R = 2.5 (seed 1) the test error first dips below it at about 9k samples, stays below from about 18k, reaches ε after about 74k and is near 0.03 at 150k samples, four times below the line.',
      'Test error by position: the black ticks mark the linear map at each position (0.07 to 0.48). By 150k samples every bar ends well left of its tick.',
      'Run R = 1: the status bar shows the best linear map at 0.0015 and warns that samples to ε is not meaningful; the student gets to about 0.005 by 60k samples and never below the linear map.',
    ],
    predicts:
      'The theorem covers smooth Φ at any scale; the samples it needs grow with the complexity C(Φ, R), so a larger R is a harder concept, learned by the same SGD. Measured on seeds 1–3 with the default test set: at R = 2.5 the linear map gets 0.13–0.18 and the student reaches ε after 86k–144k samples (η = 1, m = 256, which are the lab’s settings, not the theorem’s width).',
    variants: [
      { label: 'R = 2.5: a curved teacher', preset: 'theorem', config: QUICK },
      { label: 'R = 1: almost a straight line', preset: 'linear-teacher', config: QUICK },
    ],
  },
  {
    id: 'long',
    title: 'Longer sequences',
    claim:
      'Longer sequences need more samples to reach the same ε. The theorem bounds the growth by a polynomial in L, where earlier bounds for RNNs grew exponentially.',
    watch: [
      'Run L = 5, then L = 10, then L = 15; each run is kept when you pause it. Overlay them in Compare runs.',
      'Status bar: “samples to ε” (ε = 0.1 here, below the best linear map). With seed 1: about 4.1k, 23k and 84k samples, 5.5 times more from L = 5 to 10 and 3.7 times more from 10 to 15; the L = 15 run takes about a minute on wasm.',
      'Test error by position: compare how fast early and late positions fall.',
    ],
    predicts:
      'Samples needed grow at most polynomially in L, for a network wide enough to stay near its random initialisation. Three lengths on one seed show the trend, not the law that bounds it: for that, sweep many lengths and seeds (Experiments, npm run sweep). η = 0.5 for all three: at L = 20, η = 1 diverges; at L = 20 this teacher had not reached ε = 0.1 after 200k samples.',
    variants: [
      { label: 'L = 5', preset: 'theorem', config: { ...QUICK, ...LENGTHS, L: 5 } },
      { label: 'L = 10', preset: 'theorem', config: { ...QUICK, ...LENGTHS, L: 10 } },
      { label: 'L = 15', preset: 'long', config: { ...QUICK, ...LENGTHS, L: 15 } },
    ],
  },
  {
    id: 'width',
    title: 'Narrow vs wide',
    claim:
      'A wider student moves W far less relative to its start, flips fewer ReLU patterns and stays nearer its linearization, as the lazy-regime analysis says; a narrow one must move its weights far.',
    watch: [
      'Lazy-training chart, at 60k samples (seed 1): the narrow run’s W has moved 1.3 times its initial norm, the wide run’s 0.08 times; ReLU flips 33% against 23%; linearization gap 1.2 against 0.76.',
      'Loss chart (Compare runs): at 60k samples the wide run is at 0.08, below the best linear map (0.13), while the narrow one is at 0.26 (its best was 0.21), above it. Each wide step is about 16 times the work: without WebGPU or WebGL the wide run takes one to two minutes.',
      'η is scaled as 1/m (η·m = 64 in both), so each SGD step changes the outputs by a similar amount and only the width differs in effect.',
    ],
    predicts:
      'The required width is polynomial in L and 1/ε; beyond it, samples depend on m only logarithmically. As m grows, ‖W − W₀‖ shrinks relative to ‖W₀‖ and the RNN approaches its first-order expansion (the “pseudo-network”).',
    variants: [
      { label: 'narrow (m = 32, η = 2)', preset: 'narrow', config: QUICK },
      { label: 'wide (m = 512, η = 0.125)', preset: 'wide', config: QUICK },
    ],
  },
  {
    id: 'last-token',
    title: 'Remember the last token',
    claim:
      'With Φ = identity and window K = 1 every output is a linear projection of the token just before it: the simplest memory task.',
    watch: [
      'Influence maps: the teacher is a single band just below the diagonal (i = j − 1); the student’s map sharpens into the same band.',
      'Loss chart: with seed 1 the error reaches ε after about 3.5k samples — a linear teacher is easy.',
      'Status bar: the best linear map is exactly 0 here (the teacher is linear), so the lab says reaching ε is not meaningful as evidence of learning beyond linear: this lesson is about memory, not about a curve.',
      'Prediction chart: the student’s outputs lock onto the targets at every position.',
    ],
    predicts:
      'The concept class includes any sum of smooth functions of earlier tokens; a linear function of one token has the lowest complexity, so the bound on samples is smallest here.',
    variants: [{ label: 'identity, K = 1', preset: 'last-token', config: QUICK }],
  },
  {
    id: 'concept',
    title: 'Additive vs joint concept',
    claim:
      'The theorem covers outputs that add up separate functions of single tokens. A joint teacher — one network over the whole window — is outside that class.',
    watch: [
      'Run the additive teacher, keep it, then the joint one, and compare the test-error curves.',
      'Influence maps: the joint teacher mixes tokens inside one nonlinearity; see whether the student’s map matches it.',
      'With seed 1 the joint run levels off higher at the same budget: 0.089 against the additive run’s 0.031 at 150k samples. Its best linear map is 0.56 (additive: 0.13), so both runs learn far beyond a linear map.',
    ],
    predicts:
      'Sample complexity is polynomial for the additive class. The joint class is not covered by the main theorem; nothing guarantees the same rate, and learning it can need far more samples.',
    variants: [
      { label: 'additive', preset: 'theorem', config: QUICK },
      { label: 'joint', preset: 'joint', config: QUICK },
    ],
  },
  {
    id: 'finite-data',
    title: 'Finite data and the generalization gap',
    claim:
      'With a fixed training set of 200 sequences reused every epoch, the training loss keeps falling while the test error levels off: the network fits the set, not the concept.',
    watch: [
      'Loss chart: with seed 1 the train error keeps falling between 4k and 35k samples while the test error stays near 0.17–0.28, above even the best linear map (0.13). Both are normalized the same way (1.0 = predicting zero), so the gap between them is the generalization gap.',
      'Compare runs: keep this run and overlay the first lesson’s online run, whose test error goes on falling towards ε.',
    ],
    predicts:
      'The theorem is about online SGD: each sample is seen once, so the training loss estimates the test error. Reusing a small set breaks that: the network can fit the set, and generalization then depends on N.',
    variants: [{ label: 'fixed set, N = 200', preset: 'finite-data', config: QUICK }],
  },
  {
    id: 'train-all',
    title: 'Train W only vs everything',
    claim:
      'The paper trains only the recurrent matrix W; A and B stay at their random values. Training all three also works, but it is not what the theorem describes.',
    watch: [
      'Run W only, keep it, then train all (W, A, B) and compare the test-error curves: with seed 1, training all reaches ε after about 34k samples, W only after about 74k.',
      'Lazy-training chart: W’s movement for each run (A and B are not part of that measure).',
    ],
    predicts:
      'Training W alone is enough for the theorem: the random A and B already provide the features. The analysis does not cover training A and B; here, training them too reaches ε in fewer samples.',
    variants: [
      { label: 'W only', preset: 'theorem', config: QUICK },
      { label: 'W, A and B', preset: 'train-all', config: QUICK },
    ],
  },
  {
    id: 'too-large-lr',
    title: 'Too large a learning rate',
    claim:
      'Past a critical learning rate SGD overshoots: each step makes the loss larger instead of smaller, and within a few steps it explodes to Inf or NaN.',
    watch: [
      'The run stops within a few steps with a message: the loss or the weights are no longer finite.',
      'Lazy-training chart: W has moved far from its start after only a handful of steps.',
      'Test error by position: the last positions blow up first — the hidden state grows at every step along the sequence.',
      'Take the smaller learning rate the message offers, or set η to 1 and press Reset: the same seed now learns.',
    ],
    predicts:
      'The analysis needs a small step size so that W stays in the neighbourhood of W₀ where the network is nearly linear in W. A step too large leaves it at once; then ‖W‖ grows, the hidden states grow geometrically along the sequence, and the loss overflows.',
    variants: [{ label: 'η = 200', preset: 'too-large-lr', config: QUICK }],
  },
];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The full config of a lesson variant: defaults, then the preset, then the variant's own settings. */
export function variantConfig(variant: LessonVariant): Config {
  const preset = presetByName(variant.preset);
  if (!preset) throw new Error(`lesson variant ${variant.label}: no preset named ${variant.preset}`);
  const r = resolveConfig({ ...preset.config, ...variant.config }, DEFAULT_CONFIG);
  if (!r.ok) throw new Error(`lesson variant ${variant.label}: ${r.errors.join(' ')}`);
  return r.config;
}

/** The config a lesson link opens (its first variant); the defaults for an unknown id. */
export function lessonConfig(id: string): Config {
  const first = findLesson(id)?.variants[0];
  return first ? variantConfig(first) : { ...DEFAULT_CONFIG };
}

/** Index of the variant whose config equals `config` apart from the backend, or -1. */
export function activeVariant(lesson: Lesson, config: Config): number {
  return lesson.variants.findIndex((v) => {
    const c = variantConfig(v);
    return Object.keys(c).every((k) => k === 'backend' || c[k as keyof Config] === config[k as keyof Config]);
  });
}
