/** The zustand store: draft validation, pending changes, and how worker messages change the status. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import type { Baselines } from '../../src/model/baselines';
import { FIELDS } from '../../src/model/fields';
import {
  EMPTY_PROGRESS,
  createLabStore,
  draftOf,
  pendingChanges,
  validateDraft,
} from '../../src/state/store';

const BASELINES: Baselines = {
  zero: 1,
  constant: 0.9,
  linear: 0.12,
  byPosition: { positions: [3], constant: [0.9], linear: [0.12] },
};

describe('draft validation', () => {
  it('accepts the defaults and names the field of each bad value', () => {
    expect(validateDraft(draftOf(DEFAULT_CONFIG)).config).toEqual(DEFAULT_CONFIG);
    const bad = validateDraft({ ...draftOf(DEFAULT_CONFIG), L: '1', lr: 'fast', act: 'relu' });
    expect(bad.config).toBeNull();
    expect(bad.fieldErrors.L).toMatch(/^L: 1 is out of range; allowed an integer 3\.\.200/);
    expect(bad.fieldErrors.lr).toMatch(/^lr: .* not a number/);
    expect(bad.fieldErrors.act).toMatch(/^act: "relu" is not allowed/);
  });

  it('reports a cross-field rule on the field it names or as a form error', () => {
    const k = validateDraft({ ...draftOf(DEFAULT_CONFIG), L: '5', K: '4' });
    expect(k.fieldErrors.K).toMatch(/K: 4 is out of range for L = 5/);
    const big = validateDraft({ ...draftOf(DEFAULT_CONFIG), L: '200', d: '16', p: '64', dIn: '64' });
    expect(big.formErrors.join(' ')).toMatch(/teacher would have/);
  });

  it('has a control text for every field', () => {
    expect(Object.keys(draftOf(DEFAULT_CONFIG)).sort()).toEqual(FIELDS.map((f) => f.key).sort());
  });
});

describe('createLabStore', () => {
  it('splits pending edits into live and restart fields', () => {
    const store = createLabStore(DEFAULT_CONFIG);
    store.getState().setDraft('lr', '0.5');
    store.getState().setDraft('m', '512');
    const p = pendingChanges(store.getState());
    expect(p.live).toEqual(['lr']);
    expect(p.restart).toEqual(['m']);
    store.getState().discardDraft();
    expect(pendingChanges(store.getState()).restart).toEqual([]);
  });

  it('follows the worker: backend, status, new runs, metrics of the current run only, errors', () => {
    const store = createLabStore(DEFAULT_CONFIG);
    const s = () => store.getState();
    s().receive({
      type: 'backend',
      backend: 'webgl',
      skipped: [{ backend: 'webgpu', reason: 'none' }],
      emulatedBy: 'SwiftShader',
      crossOriginIsolated: true,
      measured: null,
    });
    expect(s().backend).toBe('webgl');
    expect(s().skipped).toHaveLength(1);
    expect(s().emulatedBy).toBe('SwiftShader');
    s().receive({
      type: 'runStarted',
      runId: 2,
      config: { ...DEFAULT_CONFIG, seed: 5 },
      positions: [3],
      baselines: BASELINES,
    });
    expect(s().config.seed).toBe(5);
    expect(s().draft.seed).toBe('5');
    expect(s().baselines?.linear).toBe(0.12);
    s().receive({ type: 'status', status: 'running', runId: 2 });
    expect(s().status).toBe('running');
    const metrics = (runId: number, samplesSeen: number, testError: number[]) => ({
      type: 'metrics' as const,
      runId,
      progress: { ...EMPTY_PROGRESS, samplesSeen },
      report: {
        samples: Float64Array.from(testError, () => samplesSeen),
        trainLoss: Float64Array.from(testError, () => 1),
        testError: Float64Array.from(testError),
      },
      positions: null,
      lazy: null,
      flow: null,
      influence: null,
      trajectories: null,
      predictions: null,
      gradients: null,
    });
    s().receive(metrics(2, 64, [0.7, Number.NaN]));
    expect(s().progress.samplesSeen).toBe(64);
    expect(s().testError).toBe(0.7);
    s().receive(metrics(1, 999, [0.1]));
    expect(s().progress.samplesSeen).toBe(64);
    s().receive({ type: 'error', message: 'The run diverged', fatal: false });
    expect(s().error).toBe('The run diverged');
    expect(s().status).toBe('running');
    s().receive({ type: 'error', message: 'GPU lost', fatal: true });
    expect(s().status).toBe('error');
  });

  it('keeps unapplied edits in the draft when a new run starts', () => {
    const store = createLabStore(DEFAULT_CONFIG);
    store.getState().setDraft('m', '512');
    store.getState().receive({
      type: 'runStarted',
      runId: 1,
      config: { ...DEFAULT_CONFIG, seed: 9 },
      positions: [3],
      baselines: BASELINES,
    });
    expect(store.getState().draft.m).toBe('512');
    expect(store.getState().config.seed).toBe(9);
  });

  it('says which fields applied live or restarted', () => {
    const store = createLabStore(DEFAULT_CONFIG);
    store.getState().receive({ type: 'configApplied', live: ['lr'], restart: [] });
    expect(store.getState().notice).toMatch(/without a restart: lr/);
    store.getState().receive({ type: 'configApplied', live: [], restart: ['m', 'L'] });
    expect(store.getState().notice).toMatch(/Restarted the run for: m, L/);
  });
});
