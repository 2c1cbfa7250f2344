// Lint with a layering rule: src/model is pure (no React, zustand, DOM code, UI),
// and src/ui never touches tfjs directly (it talks to the worker).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
      'no-restricted-syntax': [
        'error',
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
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // zod probes new Function unless configured jitless, which the page's CSP blocks: one module imports it.
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^zod(/.*)?$',
              message: 'Import z from src/model/zod.ts (jitless, so it runs under the CSP).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'src/model must not import React.',
            },
            { group: ['zustand', 'zustand/*'], message: 'src/model must not import zustand.' },
            { group: ['d3', 'd3-*'], message: 'src/model must not import D3.' },
            {
              group: ['**/ui/**', '**/state/**', '**/charts/**', '**/worker/**'],
              message: 'src/model is the bottom layer.',
            },
            {
              regex: '^zod(/.*)?$',
              message: 'Import z from src/model/zod.ts (jitless, so it runs under the CSP).',
            },
          ],
        },
      ],
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
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'src/ui talks to the worker; it never imports tfjs.' },
            {
              regex: '^zod(/.*)?$',
              message: 'Import z from src/model/zod.ts (jitless, so it runs under the CSP).',
            },
          ],
        },
      ],
    },
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
