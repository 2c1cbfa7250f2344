/**
 * The Experiments view's logic without a browser: the builder's text → sweep, the quick version of a
 * built-in, the shipped result files as the view reads them, the links that open the view, the chart data,
 * and how the controller matches worker messages to its sweep.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BUILT_IN_EXPERIMENTS } from '../../src/model/experiments';
import { sweepFromQuery } from '../../src/state/link/sweep-link';
import { sweepInputOf, validateSweep, type SweepSpec } from '../../src/model/sweep-spec';
import {
  draftFromSpec,
  MIN_SEEDS,
  parseBase,
  specFromDraft,
  type BuilderDraft,
} from '../../src/state/sweep-builder';
import { sweepChartData } from '../../src/ui/experiments/sweep-chart-data';
import { ExperimentsController, shownResult, CUSTOM, WORKERS_KEY } from '../../src/state/experiments-store';
import { overallRuns } from '../../src/ui/experiments/SweepProgressPanel';
import { defaultSweepWorkers } from '../../src/model/sweep-workers';
import { parsePrecomputed, precomputedUrl } from '../../src/state/precomputed';
import { headline } from '../../src/ui/experiments/BuiltInList';
import {
  pilotSeconds,
  quickPlan,
  secondsPerSeed,
  totalSeconds,
  QUICK_SEEDS,
  QUICK_TARGET_SECONDS,
} from '../../src/state/quick-spec';
import type { SweepClient } from '../../src/client/sweep-client';
import {
  experimentsRequested,
  labSearch,
  readExperimentsLink,
  sweepQuery,
  sweepShareLink,
} from '../../src/state/link/view-link';
import { addressOf } from '../../src/ui/experiments/ExperimentsView';
import type { ToSweepWorker } from '../../src/worker/protocol/sweep-protocol';

const PUBLIC = resolve(import.meta.dirname, '../../public/experiments');

function shipped(name: string): unknown {
  return JSON.parse(readFileSync(resolve(PUBLIC, `${name}.json`), 'utf8'));
}

function builtInSpec(name: string): SweepSpec {
  const input = BUILT_IN_EXPERIMENTS.find((e) => e.experiment === name);
  const r = validateSweep(input);
  if (!r.ok) throw new Error(r.errors.join(' '));
  return r.spec;
}

const DRAFT: BuilderDraft = {
  name: 'tiny',
  variable: 'L',
  values: '4, 8, 16',
  seeds: '3',
  eps: '0.1',
  budget: '20000',
  base: 'dIn=2 p=1 m=64',
  series: '',
  scale: '',
  lrRule: '',
  backend: 'wasm',
};

describe('sweep builder', () => {
  it('turns the form into a validated sweep', () => {
    const r = specFromDraft(DRAFT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.values).toEqual([4, 8, 16]);
    expect(r.spec.seeds).toEqual([1, 2, 3]);
    expect(r.spec.config).toMatchObject({ dIn: 2, p: 1, m: 64, backend: 'wasm', eps: 0.1 });
    expect(r.spec.budget).toBe(20000);
  });

  it('refuses fewer than three seeds, unknown settings, and N without a fixed training set', () => {
    const errors = (patch: Partial<BuilderDraft>) => {
      const r = specFromDraft({ ...DRAFT, ...patch });
      return r.ok ? [] : r.errors;
    };
    expect(errors({ seeds: String(MIN_SEEDS - 1) }).join(' ')).toMatch(/Seeds per value: .*from 3/);
    expect(errors({ base: 'mm=3' }).join(' ')).toMatch(/"mm" is not a setting/);
    expect(errors({ base: 'm' }).join(' ')).toMatch(/key=value/);
    expect(errors({ variable: 'N', values: '100, 1000' }).join(' ')).toMatch(/data=fixed/);
    expect(errors({ variable: 'N', values: '100, 1000', base: 'data=fixed' })).toEqual([]);
    expect(errors({ values: '4, 2000' }).join(' ')).toMatch(/values: L: 2000/);
    expect(errors({ budget: '' }).join(' ')).toMatch(/^Budget: /);
    expect(errors({ eps: '2' }).join(' ')).toMatch(/^Target ε: /);
    expect(parseBase('m=64, lr=0.5&concept=joint', [])).toEqual({ m: 64, lr: 0.5, concept: 'joint' });
  });

  it('shows every built-in in the form and reads back the same sweep', () => {
    for (const e of BUILT_IN_EXPERIMENTS) {
      const spec = builtInSpec(e.experiment);
      const again = specFromDraft(draftFromSpec(spec));
      expect(again.ok, e.experiment).toBe(true);
      if (!again.ok) continue;
      // Title and claim belong to the built-in; everything that decides the runs is the same.
      expect({ ...again.spec, title: '', claim: '' }).toEqual({ ...spec, title: '', claim: '' });
    }
  });
});

describe('shipped results and the quick re-run', () => {
  it('reads every shipped file into the same summary and fits as stored in it', () => {
    for (const e of BUILT_IN_EXPERIMENTS) {
      const file = shipped(e.experiment) as { summary: unknown; conclusion: string; runs: unknown[] };
      const { spec, result } = parsePrecomputed(file);
      expect(spec.experiment).toBe(e.experiment);
      expect(result.runs.length).toBe(file.runs.length);
      expect(result.summary).toEqual(file.summary);
      expect(result.conclusion).toBe(file.conclusion);
      expect(result.command).toMatch(new RegExp(`^npm run sweep -- ${e.experiment} `));
    }
    expect(() => parsePrecomputed({ format: 'something-else', runs: [] })).toThrow(/not a sweep result/);
    expect(precomputedUrl('samples-vs-L', 'https://example.org/lab/index.html')).toBe(
      'https://example.org/lab/experiments/samples-vs-L.json',
    );
  });

  it('keeps the cheapest values within about a minute, three seeds, and enough values for a fit', () => {
    for (const e of BUILT_IN_EXPERIMENTS) {
      const { spec, result } = parsePrecomputed(shipped(e.experiment));
      const plan = quickPlan(spec, result);
      expect(plan, e.experiment).not.toBeNull();
      if (!plan) continue;
      expect(plan.spec.seeds).toEqual(spec.seeds.slice(0, QUICK_SEEDS));
      expect(plan.spec.values.every((v) => spec.values.includes(v))).toBe(true);
      expect(plan.spec.values.length).toBeGreaterThanOrEqual(Math.min(3, spec.values.length));
      // Within the target, unless even the fewest values a result needs (three for a fit) take longer.
      const fewest = Math.min(3, spec.values.length);
      if (plan.spec.values.length > fewest)
        expect(plan.estimateSeconds, e.experiment).toBeLessThanOrEqual(QUICK_TARGET_SECONDS);
      // Nothing left out was cheaper than something kept (runs, and the η pilots of a point).
      const cost = (v: (typeof spec.values)[number]) =>
        secondsPerSeed(result, v) * plan.spec.seeds.length + pilotSeconds(result, v);
      const kept = Math.max(...plan.spec.values.map(cost));
      for (const v of spec.values.filter((x) => !plan.spec.values.includes(x)))
        expect(cost(v)).toBeGreaterThanOrEqual(kept);
      expect(validateSweep(sweepInputOf(plan.spec)).ok).toBe(true);
    }
    const { spec, result } = parsePrecomputed(shipped('samples-vs-L'));
    const plan = quickPlan(spec, result);
    expect(plan?.dropped).toBe('L = 12, 16');
    expect(quickPlan(plan?.spec as SweepSpec, result)).toBeNull();
    // Its η pilots count in the time a re-run takes: four pilots of 20k samples per length.
    const runSeconds = result.runs.reduce((t, r) => t + r.seconds, 0);
    expect(pilotSeconds(result, 16)).toBeGreaterThan(pilotSeconds(result, 4));
    expect(totalSeconds(result)).toBeGreaterThan(runSeconds);
  });

  it('gives the charts every run, censored ones included, and the fits of each series', () => {
    const { result } = parsePrecomputed(shipped('additive-vs-joint'));
    const data = sweepChartData(result);
    expect(data.runs.length).toBe(result.runs.length);
    expect(data.series).toEqual(['additive', 'joint']);
    expect(data.fits.map((f) => f.powerLaw?.exponent)).toEqual(
      result.seriesFits?.map((f) => f.fits.powerLaw?.exponent),
    );
    expect(data.showExponential).toBe(true);
    // Both fits are drawn on the theorem's two axes (L and R), the power law alone for the width.
    expect(sweepChartData(parsePrecomputed(shipped('samples-vs-R')).result).showExponential).toBe(true);
    expect(sweepChartData(parsePrecomputed(shipped('samples-vs-m')).result).showExponential).toBe(false);
    // The sidebar's headline does not name one curve where the fits cannot tell them apart.
    expect(headline(parsePrecomputed(shipped('samples-vs-L')).result)).toMatch(
      /^samples ∝ L\^[0-9.]+ \(R² [0-9.]+\) or an exponential$/,
    );
    expect(headline(parsePrecomputed(shipped('samples-vs-m')).result)).not.toContain('exponential');
    const censored = { ...result, runs: [{ ...result.runs[0]!, samplesToEps: null }] };
    expect(sweepChartData(censored).runs[0]?.samplesToEps).toBeNull();
  });
});

describe('links of the Experiments view', () => {
  it('opens the view for its own keys and a sweep link, and gives the Lab none of their keys', () => {
    expect(experimentsRequested('?view=experiments')).toBe(true);
    expect(experimentsRequested('?sweep=L&values=4,8')).toBe(true);
    expect(experimentsRequested('?L=20&m=512')).toBe(false);
    expect(labSearch('?sweep=L&m=128')).toBe('');
    expect(labSearch('?L=20')).toBe('?L=20');
    expect(readExperimentsLink('?view=experiments&experiment=samples-vs-m')).toEqual({
      kind: 'builtIn',
      name: 'samples-vs-m',
    });
    expect(readExperimentsLink('?view=experiments')).toEqual({ kind: 'none' });
  });

  it('shares a sweep with a readable link that decodes to the same sweep', () => {
    const spec = builtInSpec('additive-vs-joint');
    const link = sweepShareLink(spec, 'https://example.org/lab/?view=experiments#top');
    expect(link).toMatch(/^https:\/\/example\.org\/lab\/\?sweep=L&/);
    expect(link).toContain('values=4,6,8,12,16');
    expect(link).toContain('series=concept:additive,joint');
    const back = readExperimentsLink(new URL(link).search);
    expect(back.kind).toBe('sweep');
    const decoded = sweepFromQuery(back.kind === 'sweep' ? back.query : '');
    expect(decoded.ok && { ...decoded.spec, title: '', claim: '' }).toEqual({
      ...spec,
      title: '',
      claim: '',
    });
  });
});

/**
 * A client whose messages the test reads and answers: a late message of an earlier sweep cannot be produced
 * on demand by the real worker (the view test runs that one), so the replies are written here.
 */
function recordingController() {
  const sent: ToSweepWorker[] = [];
  let reply: ((msg: Parameters<ExperimentsController['receive']>[0]) => void) | null = null;
  const controller = new ExperimentsController((listener) => {
    reply = listener;
    return { send: (m: ToSweepWorker) => sent.push(m), terminate: () => {} } as unknown as SweepClient;
  });
  return { controller, sent, reply: (m: Parameters<ExperimentsController['receive']>[0]) => reply?.(m) };
}

describe('experiments controller', () => {
  it('runs one sweep at a time, folds in its runs, and ignores messages of an earlier sweep', () => {
    const { controller, sent, reply } = recordingController();
    const spec = specFromDraft(DRAFT);
    if (!spec.ok) throw new Error('draft');
    controller.run(spec.spec, CUSTOM);
    controller.run(spec.spec, CUSTOM);
    expect(sent.map((m) => m.type)).toEqual(['runSweep']);
    const id = sent[0]?.id as number;
    const record = {
      value: 4,
      seed: 1,
      samplesToEps: 900,
      finalTestError: 0.09,
      samplesSeen: 900,
      diverged: false,
      seconds: 0.1,
    };
    reply({ type: 'sweepBackend', id, backend: 'wasm', description: 'wasm' });
    reply({ type: 'sweepRunEnd', id, record, runsDone: 1, runsTotal: 9 });
    reply({ type: 'sweepRunEnd', id: id + 99, record, runsDone: 2, runsTotal: 9 });
    let live = controller.store.getState().live;
    expect(live?.status).toBe('running');
    expect(live?.records.length).toBe(1);
    controller.cancel();
    expect(sent.at(-1)).toEqual({ type: 'cancelSweep', id });
    expect(controller.store.getState().live?.status).toBe('cancelling');
    reply({ type: 'sweepDone', id, cancelled: true, runsDone: 1, seconds: 1 });
    live = controller.store.getState().live;
    expect(live?.status).toBe('cancelled');
    const shown = shownResult({ ...controller.store.getState(), selected: CUSTOM });
    expect(shown?.source).toBe('live');
    expect(shown?.result.runs.length).toBe(1);
    expect(shown?.result.complete).toBe(false);
    // The next sweep gets a new id.
    controller.run(spec.spec, CUSTOM);
    expect((sent.at(-1) as ToSweepWorker).id).toBe(id + 1);
  });

  it('opens a shared sweep in the builder and reports a bad one in words', () => {
    const good = new ExperimentsController(() => ({}) as SweepClient);
    const spec = builtInSpec('samples-vs-L');
    good.openLink(readExperimentsLink(sweepQuery(spec)));
    expect(good.store.getState().selected).toBe(CUSTOM);
    expect(good.store.getState().draft.values).toBe('4, 6, 8, 12, 16');
    expect(addressOf(good.store.getState())).toBe(sweepQuery(spec));
    const bad = new ExperimentsController(() => ({}) as SweepClient);
    bad.openLink(readExperimentsLink('?sweep=Q&values=1&seeds=3&eps=0.1&budget=1000'));
    expect(bad.store.getState().linkProblem).toMatch(/could not be read: .*"Q" cannot be swept/);
    bad.openLink(readExperimentsLink('?experiment=nope'));
    expect(bad.store.getState().linkProblem).toMatch(/"nope"/);
  });

  it("sends the workers setting, clamps and remembers it, and follows each worker's run", () => {
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
    });
    const { controller, sent, reply } = recordingController();
    controller.setWorkers(0);
    expect(controller.store.getState().workers).toBe(1);
    controller.setWorkers(500);
    expect(controller.store.getState().workers).toBe(32);
    controller.setWorkers(2.4);
    expect(controller.store.getState().workers).toBe(2);
    expect(stored.get(WORKERS_KEY)).toBe('2');
    // A page opened later starts from the remembered setting.
    expect(recordingController().controller.store.getState().workers).toBe(2);
    vi.unstubAllGlobals();
    const spec = specFromDraft(DRAFT);
    if (!spec.ok) throw new Error('draft');
    controller.run(spec.spec, CUSTOM);
    const msg = sent[0];
    expect(msg).toMatchObject({ type: 'runSweep', workers: 2 });
    const id = msg?.id as number;
    const progress = (slot: number, value: number, samplesSeen: number) => ({
      runIndex: value,
      value,
      series: null,
      seed: 1,
      runsDone: 0,
      runsTotal: 9,
      samplesSeen,
      budget: 1000,
      testError: 0.2,
      elapsedSeconds: 1,
      secondsLeft: 10,
      slot,
      slots: 2,
    });
    reply({ type: 'sweepProgress', id, progress: progress(0, 4, 500) });
    reply({ type: 'sweepProgress', id, progress: progress(1, 8, 250) });
    let live = controller.store.getState().live;
    if (!live) throw new Error('live');
    expect(Object.keys(live.active)).toEqual(['0', '1']);
    expect(overallRuns(live)).toBe(0.75);
    const record = {
      value: 4,
      seed: 1,
      samplesToEps: 900,
      finalTestError: 0.09,
      samplesSeen: 900,
      diverged: false,
      seconds: 0.1,
    };
    reply({ type: 'sweepRunEnd', id, record, runsDone: 1, runsTotal: 9 });
    live = controller.store.getState().live;
    if (!live) throw new Error('live');
    // Worker 1's run ended: its slot waits for its next report; worker 2 still trains L = 8.
    expect(Object.keys(live.active)).toEqual(['1']);
    expect(overallRuns(live)).toBe(1.25);
    expect(defaultSweepWorkers(1)).toBe(1);
    expect(defaultSweepWorkers(2)).toBe(2);
    expect(defaultSweepWorkers(8)).toBe(7);
    expect(defaultSweepWorkers(64)).toBe(8);
  });
});
