/**
 * Default titles and "what to notice" captions of the charts. The charts render the caption themselves (see
 * types.ts); these constants let a gallery or help panel show the same words.
 */

export const CHART_TITLES = {
  loss: 'Learning curve',
  position: 'Test error by output position',
  hidden: 'What the hidden state remembers',
  prediction: 'Prediction vs target',
  influence: 'Which input feeds which output',
  lazy: 'How lazy is training?',
} as const;

export const CHART_CAPTIONS = {
  loss: 'Notice whether the test error gets below the dotted black line, the best linear map of the tokens, and how many samples it needs to cross ε.',
  position:
    'Notice whether far-away outputs (large j, long memory) are learned later than near ones, or all at once.',
  hidden:
    'Notice whether each token’s line stays near 1 (the state still carries token i at later positions) or falls towards 0 (forgotten), and how far training moves it from its thin line, the random network at initialisation.',
  prediction: 'Notice whether the gap between prediction and target closes, and at which positions first.',
  influence:
    'Notice whether the student takes on the teacher’s pattern of which input token drives which output token.',
  lazy: 'Notice how far W moves and how many ReLU patterns flip: the theorem needs both small (a very wide m); widen m to watch the run approach that lazy regime.',
} as const;
