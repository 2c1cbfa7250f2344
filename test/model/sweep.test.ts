/**
 * Sweeps in the model layer: spec validation and planning (src/model/experiments.ts), the run loop and the
 * time estimate (sweep.ts), and the result file with its summary, fits and CSV (sweep-result.ts). Real
 * training runs are tiny (L = 4, m = 16) on wasm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, LEGACY_DEFAULTS, type Config } from '../../src/model/config';
import { BUILT_IN_EXPERIMENTS } from '../../src/model/experiments';
import {
  planSweep,
  sweepInputOf,
  validateSweep,
  type SweepInput,
  type SweepSpec,
} from '../../src/model/sweep-spec';
import {
  estimatePoolSecondsLeft,
  estimateSecondsLeft,
  trainToEps,
  type PilotRecord,
  type SweepRunRecord,
} from '../../src/model/sweep';
import {
  ExecutorLost,
  localExecutor,
  runSweep,
  runSweepPool,
  type RunExecutor,
} from '../../src/model/sweep-pool';
import { buildSweepResult, CSV_COLUMNS, sweepToCsv } from '../../src/model/sweep-result';
import { sweepFromQuery, sweepToQuery } from '../../src/state/link/sweep-link';
import { useBackend } from '../helpers/backend';

const TINY: Partial<Config> = { m: 16, dIn: 3, p: 2, ntest: 64, lr: 1 };

function spec(input: Partial<SweepInput> = {}): SweepSpec {
  const r = validateSweep({
    experiment: 'tiny',
    variable: 'L',
    values: [4, 5],
    seeds: 2,
    eps: 0.3,
    budget: 4096,
    config: TINY,
    ...input,
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.spec;
}

function errorsOf(input: Record<string, unknown>): string[] {
  const base = { experiment: 'x', variable: 'L', values: [4], seeds: 3, eps: 0.1, budget: 1000 };
  const r = validateSweep({ ...base, ...input });
  return r.ok ? [] : r.errors;
}

describe('validateSweep', () => {
  it('accepts every built-in experiment and reads a spec back from its own JSON shape', () => {
    for (const e of BUILT_IN_EXPERIMENTS) {
      const r = validateSweep(e);
      expect(r.ok, `${e.experiment}: ${r.ok ? '' : r.errors.join('; ')}`).toBe(true);
      if (!r.ok) continue;
      const again = validateSweep(JSON.parse(JSON.stringify(sweepInputOf(r.spec))));
      expect(again).toEqual(r);
    }
  });

  it('turns a seed count into seeds 1..n, text values into numbers, and puts ε in the config', () => {
    const s = spec({ values: ['4', '6'], seeds: 3, eps: 0.2 });
    expect(s.seeds).toEqual([1, 2, 3]);
    expect(s.values).toEqual([4, 6]);
    expect(s.config.eps).toBe(0.2);
    expect(s.stopAtEps).toBe(true);
  });

  it('explains each problem in plain words', () => {
    expect(errorsOf({ variable: 'seed' })[0]).toMatch(/variable: "seed" cannot be swept; use one of L, dIn/);
    expect(errorsOf({ variable: 'nope' })[0]).toMatch(/cannot be swept/);
    expect(errorsOf({ values: [4, 300] })).toEqual([
      'values: L: 300 is out of range; allowed an integer 3..200.',
    ]);
    expect(errorsOf({ values: [4, 4] })).toEqual(['values: each value may appear only once.']);
    expect(errorsOf({ variable: 'concept', values: ['additive', 'both'] })[0]).toMatch(
      /concept: "both" is not allowed; use one of additive, joint/,
    );
    expect(errorsOf({ seeds: [1, 1] })).toEqual(['seeds: each seed may appear only once.']);
    expect(errorsOf({ config: { m: 3 } })[0]).toMatch(/^config: m: 3 is out of range/);
    expect(errorsOf({ eps: 1 })[0]).toMatch(/eps/);
    expect(errorsOf({ experiment: 'a b' })[0]).toMatch(/experiment: use 1 to 80 letters/);
    // K must stay <= L - 2 for every value, also across a series.
    expect(errorsOf({ values: [4, 8], config: { K: 3 } })).toEqual([
      'values: K: 3 is out of range for L = 4; allowed 0..2.',
    ]);
    expect(errorsOf({ variable: 'K', values: [1, 4], series: { variable: 'L', values: [5, 8] } })).toEqual([
      'values × series: K: 4 is out of range for L = 5; allowed 0..3.',
    ]);
  });
});

describe('planSweep', () => {
  it('runs every value with the first seed before the next seed, and sets value, series and seed', () => {
    const s = spec({ values: [4, 6, 8], seeds: [7, 9] });
    const plan = planSweep(s);
    expect(plan.map((r) => [r.value, r.seed])).toEqual([
      [4, 7],
      [6, 7],
      [8, 7],
      [4, 9],
      [6, 9],
      [8, 9],
    ]);
    expect(plan.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const r of plan) expect(r.config).toEqual({ ...s.config, L: r.value, seed: r.seed });

    const withSeries = planSweep(
      spec({ values: [4, 6], seeds: 1, series: { variable: 'concept', values: ['additive', 'joint'] } }),
    );
    expect(withSeries.map((r) => [r.series, r.value, r.config.concept, r.config.L])).toEqual([
      ['additive', 4, 'additive', 4],
      ['additive', 6, 'additive', 6],
      ['joint', 4, 'joint', 4],
      ['joint', 6, 'joint', 6],
    ]);
  });
});

describe('scaled fields', () => {
  it('moves a scaled field with the swept value, relative to the base config', () => {
    const s = spec({
      variable: 'm',
      values: [64, 256, 1024],
      seeds: 1,
      scale: { lr: -1 },
      config: { ...TINY, m: 256, lr: 0.5 },
    });
    expect(planSweep(s).map((r) => [r.config.m, r.config.lr])).toEqual([
      [64, 2],
      [256, 0.5],
      [1024, 0.125],
    ]);
    expect(sweepInputOf(s).scale).toEqual({ lr: -1 });
    expect(sweepInputOf(spec()).scale).toBeUndefined();
  });

  it('refuses scaling that makes no sense or leaves the allowed range', () => {
    expect(errorsOf({ variable: 'm', values: [64], scale: { batch: -1 } })[0]).toMatch(
      /scale: "batch" cannot be scaled/,
    );
    expect(errorsOf({ variable: 'concept', values: ['joint'], scale: { lr: 1 } })[0]).toMatch(
      /scale: needs a numeric swept field/,
    );
    expect(
      errorsOf({ variable: 'm', values: [8, 256], scale: { lr: -2 }, config: { m: 256, lr: 1 } }),
    ).toEqual(['values: lr: 1024 is out of range; allowed a number in (0, 1000].']);
  });
});

describe('time estimate', () => {
  it('expects each remaining run to cost what finished runs at the same point cost', () => {
    const finished = [
      { key: 'a', seconds: 10 },
      { key: 'b', seconds: 30 },
    ];
    // Current run at 'a' has spent 4 s of its expected 10; then 'a' (10) and 'b' (30) remain.
    expect(
      estimateSecondsLeft(finished, ['a', 'b'], { key: 'a', elapsedSeconds: 4, budgetFraction: 0.1 }),
    ).toBe(46);
    // An unseen point costs the mean of all finished runs (20).
    expect(estimateSecondsLeft(finished, ['c'], { key: 'a', elapsedSeconds: 12, budgetFraction: 0.5 })).toBe(
      20,
    );
    // Nothing finished: the current run's elapsed time scaled by the budget left; the rest is unknown.
    expect(estimateSecondsLeft([], [], { key: 'a', elapsedSeconds: 5, budgetFraction: 0.25 })).toBe(15);
    expect(estimateSecondsLeft([], ['b'], { key: 'a', elapsedSeconds: 5, budgetFraction: 0.25 })).toBeNaN();
    // With two workers the rest is shared, but the sweep cannot end before its longest run in flight.
    const finishedAB = [
      { key: 'a', seconds: 10 },
      { key: 'b', seconds: 20 },
    ];
    const current = [
      { key: 'a', elapsedSeconds: 4, budgetFraction: 0.4 },
      { key: 'b', elapsedSeconds: 5, budgetFraction: 0.2 },
    ];
    expect(estimatePoolSecondsLeft(finishedAB, ['a', 'b'], current, 2)).toBe((6 + 15 + 10 + 20) / 2);
    expect(estimatePoolSecondsLeft(finishedAB, [], current, 2)).toBe(15);
    expect(estimatePoolSecondsLeft(finishedAB, ['a'], current.slice(0, 1), 1)).toBe(
      estimateSecondsLeft(finishedAB, ['a'], current[0] as (typeof current)[number]),
    );
  });
});

describe('trainToEps and runSweep (wasm)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  const config: Config = { ...DEFAULT_CONFIG, ...TINY, L: 4, eps: 0.3 };

  it('reaches ε deterministically, at the same sample count under a shorter budget, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await trainToEps(config, { budget: 20_000, stopAtEps: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(a.diverged).toBe(false);
    expect(a.samplesToEps).not.toBeNull();
    expect(a.samplesSeen).toBe(a.samplesToEps);
    expect(a.finalTestError).toBeLessThanOrEqual(0.3);
    const b = await trainToEps(config, { budget: a.samplesToEps!, stopAtEps: true });
    expect(b.samplesToEps).toBe(a.samplesToEps);
    expect(b.finalTestError).toBe(a.finalTestError);
    // Half that budget is too short: the run is censored and says where it stopped.
    const c = await trainToEps(config, { budget: Math.floor(a.samplesToEps! / 2), stopAtEps: true });
    expect(c.samplesToEps).toBeNull();
    expect(c.samplesSeen).toBeGreaterThanOrEqual(Math.floor(a.samplesToEps! / 2));
    expect(c.finalTestError).toBeGreaterThan(0.3);
  });

  it('trains to the full budget when asked, and reports a diverging run as censored', async () => {
    const full = await trainToEps(config, { budget: 8192, stopAtEps: false });
    expect(full.samplesSeen).toBe(8192);
    const diverging = await trainToEps(
      { ...config, lr: 1000, lambda: 10 },
      { budget: 8192, stopAtEps: true },
    );
    expect(diverging.diverged).toBe(true);
    expect(diverging.samplesToEps).toBeNull();
    expect(diverging.samplesSeen).toBeLessThan(8192);
  });

  it('runs a sweep in order, hands over partial results, and stops cleanly when aborted', async () => {
    const s = spec({ budget: 2048, eps: 0.01 });
    const seen: number[] = [];
    let progressCalls = 0;
    const records = await runSweep(s, {
      onProgress: (p) => {
        progressCalls++;
        expect(p.runsTotal).toBe(4);
        expect(p.samplesSeen).toBeLessThanOrEqual(p.budget);
      },
      onRunEnd: (_r, all) => seen.push(all.length),
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(progressCalls).toBeGreaterThan(4);
    expect(records.map((r) => [r.value, r.seed])).toEqual(planSweep(s).map((r) => [r.value, r.seed]));
    // ε = 0.01 is out of reach in 2048 samples: every run is censored, none dropped.
    expect(records.every((r) => r.samplesToEps === null && r.samplesSeen === 2048)).toBe(true);

    const controller = new AbortController();
    const partial = await runSweep(s, {
      signal: controller.signal,
      onRunEnd: (_r, all) => {
        if (all.length === 2) controller.abort();
      },
    });
    expect(partial).toHaveLength(2);
    expect(buildSweepResult(s, partial).complete).toBe(false);
  });

  it('chooses η per point by its pilots: the one with the lowest final error', async () => {
    // η = 1000 wrecks the network (it diverges or its ReLUs die); the others train.
    const s = spec({
      budget: 2048,
      seeds: 1,
      lrRule: { grid: [1000, 0.25, 1], pilotSamples: 1024, pilotSeed: 0 },
    });
    expect(s.lrRule?.grid).toEqual([0.25, 1, 1000]);
    const pilots: PilotRecord[] = [];
    const pilotProgress = new Set<string>();
    const records = await runSweep(s, {
      onPilot: (p) => pilots.push(p),
      onProgress: (p) => {
        if (!p.pilot) return;
        // While a pilot trains, progress names it and counts the pilot's own samples.
        expect(p.budget).toBe(1024);
        expect(p.samplesSeen).toBeLessThanOrEqual(1024);
        pilotProgress.add(`${p.run.value}:${p.pilot.index}/${p.pilot.of}:${p.pilot.lr}`);
      },
    });
    expect([...pilotProgress].sort()).toEqual(
      ['4:1/3:0.25', '4:2/3:1', '4:3/3:1000', '5:1/3:0.25', '5:2/3:1', '5:3/3:1000'].sort(),
    );
    expect(pilots.map((p) => p.value)).toEqual([4, 5]);
    for (const p of pilots) {
      expect(p.tried.map((t) => t.lr)).toEqual([0.25, 1, 1000]);
      expect(p.chosen).not.toBe(1000);
      const finite = p.tried.filter((t) => t.testError !== null);
      const best = finite.reduce((a, b) => ((b.testError as number) < (a.testError as number) ? b : a));
      expect(p.chosen).toBe(best.lr);
      // The pilot is the run a plain trainToEps with that η and the pilot seed makes.
      const again = await trainToEps(
        { ...s.config, L: p.value as number, lr: best.lr, seed: 0 },
        { budget: 1024, stopAtEps: false },
      );
      expect(again.finalTestError).toBe(best.testError);
    }
    // Every run of a point uses its pilot's η, and the result says so in the table, the file and the CSV.
    for (const r of records) expect(r.lr).toBe(pilots.find((p) => p.value === r.value)?.chosen);
    const result = buildSweepResult(s, records, {}, pilots);
    expect(result.lrRule).toEqual(s.lrRule);
    expect(result.pilots).toEqual(pilots);
    expect(result.summary.map((row) => row.lr)).toEqual(pilots.map((p) => p.chosen));
    expect(result.conclusion).toContain('η per point: the best of 0.25, 1, 1000 after a 1.02k-sample pilot');
    expect(sweepToCsv(result).split('\n')[1]).toMatch(new RegExp(`,${records[0]?.lr},[0-9.]+$`));
    for (const r of records) expect(r.linearBaseline).toBeGreaterThan(0);
  });

  /** A record without its wall time (the only field that depends on how the runs were scheduled). */
  const untimed = (r: SweepRunRecord) => ({ ...r, seconds: 0 });

  it('gives the same records in plan order with several executors at once, pilots included', async () => {
    const s = spec({
      values: [4, 5, 6],
      seeds: 2,
      budget: 2048,
      lrRule: { grid: [0.25, 1], pilotSamples: 512, pilotSeed: 0 },
    });
    const pilotsOne: PilotRecord[] = [];
    const one = await runSweep(s, { onPilot: (_p, all) => pilotsOne.splice(0, Infinity, ...all) });
    const slots = new Set<number>();
    const seenInOrder: string[][] = [];
    let pilotsThree: readonly PilotRecord[] = [];
    const three = await runSweepPool(s, [localExecutor(), localExecutor(), localExecutor()], {
      onProgress: (p) => {
        slots.add(p.slot ?? -1);
        expect(p.slots).toBe(3);
      },
      onPilot: (_p, all) => (pilotsThree = all),
      onRunEnd: (_r, all) => seenInOrder.push(all.map((r) => `${r.value}/${r.seed}`)),
    });
    expect(three.map(untimed)).toEqual(one.map(untimed));
    expect(pilotsThree).toEqual(pilotsOne);
    expect([...slots].sort()).toEqual([0, 1, 2]);
    // Records handed over so far are always in plan order, whatever finished first.
    const planOrder = planSweep(s).map((r) => `${r.value}/${r.seed}`);
    for (const so of seenInOrder) expect(so).toEqual(planOrder.filter((k) => so.includes(k)));
  });

  it("hands a lost executor's task to another, and fails only when none is left", async () => {
    const s = spec({ budget: 1024 });
    const one = await runSweep(s);
    let calls = 0;
    const flaky: RunExecutor = {
      train: () => {
        calls++;
        return Promise.reject(new ExecutorLost('the test worker is gone'));
      },
    };
    const records = await runSweepPool(s, [flaky, localExecutor()]);
    expect(calls).toBe(1);
    expect(records.map(untimed)).toEqual(one.map(untimed));
    await expect(runSweepPool(s, [flaky, flaky])).rejects.toThrow('the test worker is gone');
    // Any other error stops the sweep and is reported.
    const broken: RunExecutor = { train: () => Promise.reject(new Error('out of memory')) };
    await expect(runSweepPool(s, [localExecutor(), broken])).rejects.toThrow('out of memory');
  });

  it('stops every executor on a cancel and keeps only the runs that finished', async () => {
    const s = spec({ values: [4, 5, 6], budget: 4096, eps: 0.01 });
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const partial = await runSweepPool(s, [localExecutor(), localExecutor()], {
      signal: controller.signal,
      onRunEnd: (_r, all) => {
        if (all.length === 1) controller.abort();
      },
    });
    expect(partial.length).toBeGreaterThanOrEqual(1);
    expect(partial.length).toBeLessThan(planSweep(s).length);
    // The runs cut short were freed too.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an η rule together with a swept or scaled η', () => {
    expect(
      errorsOf({
        variable: 'lr',
        values: [0.5, 1],
        lrRule: { grid: [1, 2], pilotSamples: 10, pilotSeed: 0 },
      }),
    ).toEqual(['lrRule: chooses η itself, so lr cannot also be swept or scaled.']);
  });
});

function record(
  value: number | string,
  seed: number,
  samplesToEps: number | null,
  series?: string,
): SweepRunRecord {
  return {
    value,
    ...(series !== undefined ? { series } : {}),
    seed,
    samplesToEps,
    finalTestError: samplesToEps === null ? 0.4 : 0.09,
    samplesSeen: samplesToEps ?? 10_000,
    diverged: false,
    seconds: 1.5,
  };
}

describe('buildSweepResult and CSV', () => {
  it('keeps the issue’s JSON shape, summarises with censoring and fits numeric sweeps', () => {
    const s = spec({ values: [4, 8, 16], seeds: 3, budget: 10_000, eps: 0.1 });
    const runs = [4, 8, 16].flatMap((L) =>
      [1, 2, 3].map((seed) => record(L, seed, L === 16 && seed > 1 ? null : 10 * L * L + seed)),
    );
    const r = buildSweepResult(s, runs, { command: 'npm run sweep -- tiny', date: '2026-01-01T00:00:00Z' });
    expect(r).toMatchObject({ experiment: 'tiny', variable: 'L', complete: true, budget: 10_000, eps: 0.1 });
    // The stored config holds the fields it reads: no formula for an additive teacher.
    const { formula: _formula, ...read } = s.config;
    expect(r.config).toEqual(read);
    expect(r.runs).toHaveLength(9);
    for (const run of r.runs)
      expect(Object.keys(run)).toEqual(
        expect.arrayContaining(['value', 'seed', 'samplesToEps', 'finalTestError']),
      );
    expect(r.summary.map((row) => [row.value, row.censored, row.median, row.medianCensored])).toEqual([
      [4, 0, 162, false],
      [8, 0, 642, false],
      [16, 2, 10_000, true],
    ]);
    // Two uncensored medians are too few for a fit; the censored value is named.
    expect(r.fits?.powerLaw).toBeNull();
    expect(r.fits?.censoredValues).toEqual([16]);
    expect(r.conclusion).toContain('L = 16');
    expect(r.command).toBe('npm run sweep -- tiny');

    const csv = sweepToCsv(r).trimEnd().split('\n');
    expect(csv[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv).toHaveLength(10);
    expect(csv[9]).toBe('tiny,L,16,,3,,true,10000,0.1,0.4,10000,false,1.50,,');
    expect(csv[1]).toBe('tiny,L,4,,1,161,false,10000,0.1,0.09,161,false,1.50,,');
  });

  it('has no fit for a categorical variable and compares its values in words', () => {
    const s = spec({ variable: 'train', values: ['W', 'all'], seeds: 2, budget: 10_000 });
    const r = buildSweepResult(s, [
      record('W', 1, 4000),
      record('W', 2, 6000),
      record('all', 1, 2000),
      record('all', 2, 3000),
    ]);
    expect(r.fits).toBeNull();
    expect(r.conclusion).toBe(
      'train = W: median 5.00k samples (2 of 2 runs reached ε); train = all: median 2.50k samples (2 of 2 runs reached ε), 0.50× the samples of train = W.',
    );
  });

  it('fits each series of a sweep with series separately', () => {
    const s = spec({
      values: [4, 8, 16],
      seeds: 1,
      budget: 1e6,
      series: { variable: 'concept', values: ['additive', 'joint'] },
    });
    const runs = [4, 8, 16].flatMap((L) => [
      record(L, 1, 100 * L ** 2, 'additive'),
      record(L, 1, 100 * L ** 3, 'joint'),
    ]);
    const r = buildSweepResult(s, runs);
    expect(r.seriesFits?.map((g) => g.series)).toEqual(['additive', 'joint']);
    expect(r.seriesFits?.[0]?.fits.powerLaw?.exponent).toBeCloseTo(2, 6);
    expect(r.seriesFits?.[1]?.fits.powerLaw?.exponent).toBeCloseTo(3, 6);
    expect(r.fits).toEqual(r.seriesFits?.[0]?.fits);
    expect(r.summary.map((row) => row.series)).toEqual([
      'additive',
      'additive',
      'additive',
      'joint',
      'joint',
      'joint',
    ]);
    expect(sweepToCsv(r).split('\n')[2]).toMatch(/^tiny,L,4,joint,1,/);
  });
});

describe('share link', () => {
  it('round-trips every built-in experiment through readable query keys', () => {
    for (const e of BUILT_IN_EXPERIMENTS) {
      const r = validateSweep(e);
      if (!r.ok) throw new Error(r.errors.join('; '));
      const query = sweepToQuery(r.spec);
      expect(query).toContain(`sweep=${e.variable}`);
      const back = sweepFromQuery(`?${query}`);
      if (!back.ok) throw new Error(back.errors.join('; '));
      expect({ ...back.spec, title: '', claim: '' }).toEqual({ ...r.spec, title: '', claim: '' });
    }
    const full = spec({ stopAtEps: false, seeds: [3, 8] });
    expect(sweepFromQuery(sweepToQuery(full))).toMatchObject({
      ok: true,
      spec: { stopAtEps: false, seeds: [3, 8] },
    });
  });

  it('names only the config keys that differ from the defaults, and rejects unknown ones', () => {
    const query = sweepToQuery(spec());
    expect(new URLSearchParams(query).get('m')).toBe('16');
    expect(new URLSearchParams(query).has('act')).toBe(false);
    expect(sweepFromQuery(`${query}&colour=red`)).toEqual({
      ok: false,
      errors: ['colour: not a sweep or config key.'],
    });
    const bad = sweepFromQuery(query.replace('values=4%2C5', 'values=4%2C500'));
    expect(bad.ok ? [] : bad.errors).toEqual(['values: L: 500 is out of range; allowed an integer 3..200.']);
  });

  it('reads a link without a version over the defaults of its time (R = 1), one with v over today’s', () => {
    const old = sweepFromQuery('?sweep=L&values=4,8&seeds=1&eps=0.1&budget=1000&m=64');
    if (!old.ok) throw new Error(old.errors.join('; '));
    expect(old.spec.config).toEqual({ ...LEGACY_DEFAULTS, m: 64, eps: 0.1 });
    const now = sweepFromQuery('?sweep=L&values=4,8&seeds=1&eps=0.1&budget=1000&m=64&v=2');
    if (!now.ok) throw new Error(now.errors.join('; '));
    expect(now.spec.config).toEqual({ ...DEFAULT_CONFIG, m: 64, eps: 0.1 });
    // A spec file's config without R was also written before R: the same rule.
    const file = validateSweep({ ...sweepInputOf(spec()), config: { m: 16 } });
    if (!file.ok) throw new Error(file.errors.join('; '));
    expect(file.spec.config.R).toBe(1);
  });
});
