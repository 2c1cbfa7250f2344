// Lint, with the layer map enforced (README, "How it is built"): each folder below may import only from the
// folders it lists (import-x/no-restricted-paths, resolved like the bundler does), no import cycle anywhere
// (import-x/no-cycle), and each layer only the packages it may use (no-restricted-imports). test/lint tests
// that a wrong import fails.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

/** Who may import whom: a folder (or file) and the folders it may import from, besides itself. */
export const LAYERS = {
  // The bottom: the RNN, its data and metrics, pure TypeScript that runs in Node, a worker or a page.
  'src/model': [],
  // D3 charts, knowing nothing of the model: they draw the numbers they are given.
  'src/charts': [],
  // Service worker registration and update prompt.
  'src/boot': [],
  // The messages between the page and the workers (types, and the snapshot buffer layout).
  'src/worker/protocol': ['src/model'],
  'src/worker/shared': ['src/model', 'src/worker/protocol'],
  'src/worker/data': ['src/model', 'src/worker/protocol'],
  'src/worker/training': ['src/model', 'src/worker/protocol', 'src/worker/shared', 'src/worker/data'],
  'src/worker/sweep': ['src/model', 'src/worker/protocol', 'src/worker/shared', 'src/worker/data'],
  // Page-side code that starts and talks to the workers.
  'src/client': ['src/model', 'src/worker/protocol'],
  // Stores, links and page logic without React (and the chart table's words, for the hide links).
  'src/state': ['src/model', 'src/client', 'src/worker/protocol', 'src/charts/chart-table.ts'],
  // React components and their helpers: anything below.
  'src/ui': ['src/model', 'src/charts', 'src/boot', 'src/client', 'src/state', 'src/worker/protocol'],
  // The composition root of the page.
  'src/start.tsx': [
    'src/model',
    'src/charts',
    'src/boot',
    'src/client',
    'src/state',
    'src/ui',
    'src/worker/protocol',
  ],
  'src/main.tsx': ['src/state/link', 'src/start.tsx'],
  // Node command lines: the model and the workers' code, run on worker threads.
  'src/cli': ['src/model', 'src/worker'],
  // Benchmarks: the model, the workers, the command-line helpers and the browser-test launchers.
  bench: ['src/model', 'src/worker', 'src/cli', 'test/e2e', 'vite.config.ts'],
};

/** Every folder the map speaks of, plus the tests: what a layer's imports are checked against. */
const AREAS = [...Object.keys(LAYERS), 'test', 'scripts'];
const within = (area, folder) => area === folder || area.startsWith(`${folder}/`);
const layerZones = Object.entries(LAYERS).flatMap(([target, allowed]) =>
  AREAS.filter(
    (area) => !within(area, target) && !within(target, area) && !allowed.some((a) => within(area, a)),
  ).map((area) => ({
    target: `./${target}`,
    from: `./${area}`,
    // An allowed folder inside a forbidden one (test/e2e in test).
    except: allowed.filter((a) => within(a, area)).map((a) => `./${a.slice(area.length + 1)}`),
    message: `${target} may import only from ${allowed.length ? allowed.join(', ') : 'itself'} (eslint.config.js LAYERS).`,
  })),
);

const ZOD = {
  regex: '^zod(/.*)?$',
  message: 'Import z from src/model/zod.ts (jitless, so it runs under the CSP).',
};
const REACT = {
  group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
  message: 'React belongs to src/ui.',
};
const ZUSTAND = { group: ['zustand', 'zustand/*'], message: 'Stores belong to src/state.' };
const D3 = { group: ['d3', 'd3-*'], message: 'D3 belongs to src/charts.' };
const TFJS = { group: ['@tensorflow/*'], message: 'tfjs runs in the workers and Node, never on the page.' };
/** The packages each layer may not import (relative imports are the layer map's business). */
const PACKAGE_RULES = [
  { files: ['src/model/**'], patterns: [REACT, ZUSTAND, D3] },
  {
    files: ['src/charts/**'],
    patterns: [
      {
        regex: '^(?!d3(-[a-z-]+)?$|svg-pathdata$|\\.)',
        message: 'src/charts imports nothing but d3 (and svg-pathdata, for the TikZ export).',
      },
    ],
  },
  { files: ['src/worker/**', 'src/cli/**'], patterns: [REACT, ZUSTAND, D3] },
  { files: ['src/client/**'], patterns: [REACT, ZUSTAND, D3, TFJS] },
  { files: ['src/state/**'], patterns: [REACT, D3, TFJS] },
  { files: ['src/ui/**', 'src/boot/**', 'src/start.tsx', 'src/main.tsx'], patterns: [TFJS, D3] },
];

/** What no file may do: build code or HTML from strings. */
const SAFE_CODE = [
  {
    selector: "AssignmentExpression[left.property.name='innerHTML']",
    message: 'Never assign innerHTML.',
  },
  { selector: "CallExpression[callee.name='eval']", message: 'Never call eval.' },
  {
    selector:
      "JSXAttribute[name.name='dangerouslySetInnerHTML'], Property[key.name='dangerouslySetInnerHTML']",
    message: 'Never set HTML from strings; build elements (KaTeX: katex.render into a ref).',
  },
  {
    selector: "AssignmentExpression[left.property.name='outerHTML']",
    message: 'Never assign outerHTML.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'Never insert HTML strings.',
  },
  { selector: "NewExpression[callee.name='Function']", message: 'Never compile code from strings.' },
];
/** The address bar has one writer (src/state/link/address-bar.ts). */
const ADDRESS_BAR = {
  selector: 'MemberExpression[property.name=/^(replaceState|pushState)$/]',
  message: 'Only src/state/link/address-bar.ts writes the address bar (replaceQuery, showInAddressBar).',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.devgpu/**',
      '.lab/**',
      '.gl/**',
      'artifacts/**',
      'coverage/**',
      'scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...SAFE_CODE, ADDRESS_BAR],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Follow .ts and .tsx files too (import-x reads only .js by default), parsed as TypeScript.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ZOD] }] },
  },
  ...PACKAGE_RULES.map(({ files, patterns }) => ({
    files: files.map((f) => (f.endsWith('**') ? `${f}/*.{ts,tsx}` : f)),
    rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, ZOD] }] },
  })),
  {
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'document', message: 'src/model runs in Node and in a worker: no DOM.' },
        { name: 'window', message: 'src/model runs in Node and in a worker: no DOM.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator in src/model/rng.ts.' },
      ],
    },
  },
  {
    files: ['src/state/link/address-bar.ts'],
    rules: { 'no-restricted-syntax': ['error', ...SAFE_CODE] },
  },
  {
    files: ['src/model/zod.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/ui/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
