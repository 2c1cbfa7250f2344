/**
 * The layer map (eslint.config.js LAYERS) is enforced by lint: an import from a lower layer up to a higher one,
 * a package a layer may not use, and an import cycle each fail `npm run lint`, and the real imports pass. Each
 * case lints a deliberately wrong line as if it were in a real file of the repository (ESLint's lintText with
 * that file's path, so imports resolve against the real tree).
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** The rule ids and messages lint reports for `code` placed at `file`. */
async function lint(file: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== '@typescript-eslint/no-unused-vars')
    .map((m) => ({ rule: m.ruleId, message: m.message }));
}

const rules = async (file: string, code: string) => (await lint(file, code)).map((m) => m.rule);

describe('the layer map, enforced by lint', () => {
  it.each([
    ['src/model/probe.ts', "import { App } from '../ui/App';"],
    ['src/model/probe.ts', "import { useLab } from '../state/store';"],
    ['src/model/probe.ts', "import type { ToWorker } from '../worker/protocol/training-protocol';"],
    ['src/charts/probe.ts', "import { FIELDS } from '../model/fields';"],
    ['src/state/probe.ts', "import { Charts } from '../ui/Charts';"],
    ['src/state/probe.ts', "import { createLossChart } from '../charts/loss-chart';"],
    ['src/state/probe.ts', "import { Trainer } from '../worker/training/trainer';"],
    ['src/client/probe.ts', "import { useLab } from '../state/store';"],
    ['src/worker/protocol/probe.ts', "import { Trainer } from '../training/trainer';"],
    ['src/worker/training/probe.ts', "import { SweepClient } from '../../client/sweep-client';"],
    ['src/worker/data/probe.ts', "import { Trainer } from '../training/trainer';"],
    ['src/cli/probe.ts', "import { App } from '../ui/App';"],
  ])('%s: an import up the map fails (%s)', async (file, code) => {
    expect(await rules(file, code)).toContain('import-x/no-restricted-paths');
  });

  it.each([
    ['src/model/probe.ts', "import { create } from 'zustand';"],
    ['src/model/probe.ts', "import * as d3 from 'd3';"],
    ['src/charts/probe.ts', "import { useState } from 'react';"],
    ['src/charts/probe.ts', "import * as tf from '@tensorflow/tfjs-core';"],
    ['src/ui/probe.ts', "import * as tf from '@tensorflow/tfjs-core';"],
    ['src/ui/probe.ts', "import { select } from 'd3';"],
    ['src/state/probe.ts', "import * as tf from '@tensorflow/tfjs-core';"],
    ['src/worker/training/probe.ts', "import { useState } from 'react';"],
    ['src/ui/probe.ts', "import { z } from 'zod';"],
  ])('%s: a package the layer may not use fails (%s)', async (file, code) => {
    expect(await rules(file, code)).toContain('no-restricted-imports');
  });

  it('an import cycle fails: run.ts imports run-export.ts, so run-export.ts may not import run.ts', async () => {
    const messages = await lint(
      'src/model/run-export.ts',
      "import { Run } from './run';\nexport const R = Run;",
    );
    expect(messages.map((m) => m.rule)).toContain('import-x/no-cycle');
  });

  it.each([
    [
      'src/ui/probe.ts',
      "import { FIELDS } from '../model/fields';\nimport { useLab } from '../state/store';",
    ],
    ['src/ui/probe.ts', "import { drawLossChart } from '../charts/loss-chart';"],
    ['src/state/probe.ts', "import type { ToWorker } from '../worker/protocol/training-protocol';"],
    ['src/state/probe.ts', "import { create } from 'zustand';"],
    ['src/state/probe.ts', "import { LIVE_CHART_TABLE } from '../charts/chart-table';"],
    ['src/charts/probe.ts', "import * as d3 from 'd3';"],
    [
      'src/worker/training/probe.ts',
      "import * as tf from '@tensorflow/tfjs-core';\nimport { Run } from '../../model/run';",
    ],
    ['src/cli/probe.ts', "import { Trainer } from '../worker/training/trainer';"],
  ])('%s: an import the map allows passes (%s)', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });

  it.each([
    ['src/ui/probe.ts', "window.history.replaceState(null, '', '?L=5');"],
    ['src/state/probe.ts', "history.pushState(null, '', '?L=5');"],
  ])('%s: writing the address bar outside src/state/link/address-bar.ts fails (%s)', async (file, code) => {
    const messages = await lint(file, code);
    expect(messages.map((m) => m.rule)).toContain('no-restricted-syntax');
    expect(messages.map((m) => m.message).join(' ')).toContain('address-bar.ts');
  });

  it('the address bar module itself may write it', async () => {
    expect(
      await lint('src/state/link/address-bar.ts', "window.history.replaceState(null, '', '?L=5');"),
    ).toEqual([]);
  });
});
