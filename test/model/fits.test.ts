/**
 * The sweep statistics of src/model/fits.ts: the t distribution against textbook quantiles, least squares
 * against exact lines and its interval's coverage, power-law and exponential fits recovering known
 * exponents from synthetic sweeps, and censoring (runs that miss ε count, never vanish).
 */
import { describe, expect, it } from 'vitest';
import {
  censoredQuantile,
  describeFits,
  fitSweep,
  incompleteBeta,
  linearFit,
  summarizeSamples,
  tCdf,
  tQuantile,
  type CensoredSample,
} from '../../src/model/fits';
import { Rng } from '../../src/model/rng';

describe('t distribution', () => {
  it('matches textbook two-sided 95% quantiles', () => {
    // Standard t tables (0.975 quantile), independent of this code.
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [5, 2.571],
      [10, 2.228],
      [30, 2.042],
    ];
    for (const [dof, q] of table) expect(tQuantile(0.975, dof)).toBeCloseTo(q, 3);
    // Large dof tends to the normal quantile.
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.95996, 4);
  });

  it('is symmetric and inverts its CDF', () => {
    const rng = new Rng(7);
    for (let k = 0; k < 50; k++) {
      const p = 0.001 + 0.998 * rng.uniform();
      const dof = 1 + rng.int(40);
      const t = tQuantile(p, dof);
      expect(tCdf(t, dof)).toBeCloseTo(p, 9);
      expect(tQuantile(1 - p, dof)).toBeCloseTo(-t, 8);
    }
    expect(tCdf(0, 3)).toBe(0.5);
  });

  it('has an incomplete beta with the closed forms I_x(a, 1) = x^a and I_x(1, b) = 1 - (1-x)^b', () => {
    for (const x of [0.01, 0.3, 0.5, 0.77, 0.99]) {
      expect(incompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
      expect(incompleteBeta(x, 1, 2.5)).toBeCloseTo(1 - (1 - x) ** 2.5, 12);
    }
    expect(() => tQuantile(1, 3)).toThrow();
    expect(() => tQuantile(0.5, 0)).toThrow();
  });
});

describe('linearFit', () => {
  it('recovers an exact line with R² = 1 and a zero-width interval', () => {
    const xs = [1, 2, 3, 4, 5];
    const f = linearFit(
      xs,
      xs.map((x) => 3 - 0.5 * x),
    );
    expect(f.slope).toBeCloseTo(-0.5, 12);
    expect(f.intercept).toBeCloseTo(3, 12);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.slopeInterval[1] - f.slopeInterval[0]).toBeLessThan(1e-9);
  });

  it('gives a 95% interval that covers the true slope about 95% of the time', () => {
    const rng = new Rng(11);
    const xs = [1, 2, 3, 4, 5, 6];
    const trials = 600;
    let covered = 0;
    for (let k = 0; k < trials; k++) {
      const f = linearFit(
        xs,
        xs.map((x) => 1 + 2 * x + 0.7 * rng.normal()),
      );
      if (f.slopeInterval[0] <= 2 && 2 <= f.slopeInterval[1]) covered++;
    }
    // Binomial(600, 0.95) has a standard deviation of 0.9%: 91%..99% is over four of them each side.
    expect(covered / trials).toBeGreaterThan(0.91);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('refuses what cannot be fitted', () => {
    expect(() => linearFit([1], [2])).toThrow();
    expect(() => linearFit([2, 2, 2], [1, 2, 3])).toThrow();
    expect(() => linearFit([1, 2], [1])).toThrow();
  });
});

/** Synthetic sweep: `seeds` runs per value with multiplicative log-normal noise around `curve(value)`. */
function syntheticSweep(
  values: number[],
  curve: (v: number) => number,
  seeds: number,
  noise: number,
  rng: Rng,
): { value: number; samples: number[] }[] {
  return values.map((value) => ({
    value,
    samples: Array.from({ length: seeds }, () => Math.round(curve(value) * Math.exp(noise * rng.normal()))),
  }));
}

function fitSynthetic(points: { value: number; samples: CensoredSample[] }[], budget: number) {
  return fitSweep(
    points.map((p) => ({ value: p.value, median: summarizeSamples(p.samples, budget).median })),
  );
}

describe('fitSweep', () => {
  it('recovers a known power-law exponent, and prefers the power law over an exponential', () => {
    const rng = new Rng(3);
    for (const exponent of [0.5, 1.5, 2.5]) {
      const pts = syntheticSweep([4, 6, 8, 12, 16, 24, 32], (L) => 300 * L ** exponent, 5, 0.1, rng);
      const f = fitSynthetic(pts, 1e12);
      const pl = f.powerLaw!;
      expect(pl.exponent).toBeGreaterThan(pl.interval[0]);
      expect(pl.interval[0]).toBeLessThan(exponent);
      expect(pl.interval[1]).toBeGreaterThan(exponent);
      expect(Math.abs(pl.exponent - exponent)).toBeLessThan(0.15);
      expect(pl.r2).toBeGreaterThan(0.95);
      expect(pl.r2).toBeGreaterThan(f.exponential!.r2);
      const text = describeFits(f, 'L', { compareExponential: true, totalValues: 7 });
      expect(text).toContain(`L^${pl.exponent.toFixed(2)}`);
      expect(text).toMatch(/A power law fits (slightly )?better than an exponential/);
    }
  });

  it('recovers a known exponential rate, and prefers the exponential', () => {
    const rng = new Rng(4);
    const pts = syntheticSweep([4, 8, 12, 16, 20, 24, 28, 32], (L) => 100 * Math.exp(0.25 * L), 3, 0.05, rng);
    const f = fitSynthetic(pts, 1e12);
    const ex = f.exponential!;
    expect(ex.interval[0]).toBeLessThan(0.25);
    expect(ex.interval[1]).toBeGreaterThan(0.25);
    expect(ex.r2).toBeGreaterThan(f.powerLaw!.r2);
    expect(describeFits(f, 'L', { compareExponential: true, totalValues: 8 })).toMatch(
      /An exponential fits (slightly )?better than a power law/,
    );
  });

  it('says by how much one fit beats the other, and when neither does', () => {
    const fit = (rss: number, r2: number) => ({
      interval: [1, 3] as [number, number],
      logCoefficient: 0,
      r2,
      rss,
      points: 5,
    });
    const fits = (plRss: number, exRss: number) => ({
      powerLaw: { exponent: 2, ...fit(plRss, 1 - plRss) },
      exponential: { rate: 0.1, ...fit(exRss, 1 - exRss) },
      localSlopes: [],
      excluded: [],
      censoredValues: [],
      trivialValues: [],
    });
    const say = (a: number, b: number) =>
      describeFits(fits(a, b), 'L', { compareExponential: true, totalValues: 5 });
    expect(say(0.1, 0.105)).toContain('A power law and an exponential fit equally well (R² 0.90 vs 0.90)');
    expect(say(0.1, 0.15)).toContain(
      'A power law fits slightly better than an exponential (R² 0.90 vs 0.85; residuals in log samples 1.5× smaller)',
    );
    expect(say(0.3, 0.1)).toContain(
      'An exponential fits better than a power law (R² 0.90 vs 0.70; residuals in log samples 3.0× smaller)',
    );
    expect(describeFits(fits(0.1, 0.3), 'm', { compareExponential: false, totalValues: 5 })).not.toContain(
      'exponential',
    );
  });

  it('reports local exponents between neighbouring values and words the verdict as they allow', () => {
    const exact = (f: (L: number) => number, values: number[]) =>
      fitSweep(values.map((value) => ({ value, median: { value: f(value), censored: false } })));
    // A pure power law: every local exponent is its degree.
    const pl = exact((L) => 50 * L ** 2, [4, 6, 8, 12, 16]);
    expect(pl.localSlopes.map((s) => [s.from, s.to])).toEqual([
      [4, 6],
      [6, 8],
      [8, 12],
      [12, 16],
    ]);
    for (const s of pl.localSlopes) expect(s.exponent).toBeCloseTo(2, 10);
    const plText = describeFits(pl, 'L', { compareExponential: true, totalValues: 5 });
    expect(plText).toContain('Local exponents between neighbouring values: 2.0 (4→6), 2.0 (6→8)');
    expect(plText).toContain('Over L = 4…16 the growth is consistent with a polynomial of degree about 2.0.');
    // An exponential: the local exponent is rate·L at the midpoint, so it rises; the exponential fits better.
    const ex = exact((L) => 100 * Math.exp(0.3 * L), [4, 8, 12, 16, 24, 32]);
    const exps = ex.localSlopes.map((s) => s.exponent);
    for (let i = 1; i < exps.length; i++) expect(exps[i]).toBeGreaterThan(exps[i - 1] as number);
    expect(describeFits(ex, 'L', { compareExponential: true, totalValues: 6 })).toContain(
      'Over L = 4…32 an exponential describes the growth better.',
    );
    // Local exponents rising from about 1.3 to 3.2 (the shape of the earlier length sweep): no single degree.
    const bent = fitSweep(
      [
        [4, 1000],
        [8, 2460],
        [16, 9000],
        [24, 24000],
        [32, 60000],
      ].map(([value, m]) => ({ value: value as number, median: { value: m as number, censored: false } })),
    );
    const text = describeFits(bent, 'L', { compareExponential: true, totalValues: 5 });
    expect(bent.localSlopes[0]?.exponent).toBeCloseTo(1.3, 1);
    expect(bent.localSlopes[3]?.exponent).toBeCloseTo(3.2, 1);
    expect(text).not.toContain('consistent with a polynomial');
    expect(text).toMatch(/cannot separate|no single power law|exponential describes/);
    // Local exponents that spread without a trend give a range of degrees, not one.
    const wobbly = fitSweep(
      [
        [4, 4480],
        [6, 10700],
        [8, 24500],
        [12, 40900],
        [16, 94100],
      ].map(([value, m]) => ({ value: value as number, median: { value: m as number, censored: false } })),
    );
    expect(describeFits(wobbly, 'L', { compareExponential: true, totalValues: 5 })).toContain(
      'Over L = 4…16 the growth is consistent with a polynomial of degree between about 1.3 and 2.9, without a trend',
    );
    // Not for other variables: the width sweep keeps its own wording.
    expect(describeFits(pl, 'm', { compareExponential: false, totalValues: 5 })).not.toContain('Local');
  });

  it('says so when the curve is flat (the width sweep)', () => {
    const rng = new Rng(5);
    const pts = syntheticSweep([64, 128, 256, 512, 1024, 2048], () => 20_000, 3, 0.05, rng);
    const f = fitSynthetic(pts, 1e12);
    expect(f.powerLaw!.interval[0]).toBeLessThan(0);
    expect(f.powerLaw!.interval[1]).toBeGreaterThan(0);
    const text = describeFits(f, 'm', { compareExponential: false, totalValues: 6 });
    expect(text).toContain('no clear dependence on m');
    expect(text).not.toContain('exponential');
  });
});

describe('censoring', () => {
  it('counts a censored run as above the budget instead of dropping it', () => {
    // Dropping the censored run would give a median of 150; it is above 200, so the median is 200.
    const s = summarizeSamples([100, null, 200], 1000);
    expect(s).toMatchObject({ runs: 3, censored: 1, min: 100, maxReached: 200 });
    expect(s.median).toEqual({ value: 200, censored: false });
    expect(s.q1).toEqual({ value: 150, censored: false });
    expect(s.q3).toEqual({ value: 1000, censored: true });
  });

  it('flags a median that is censored and shows it at the budget', () => {
    expect(censoredQuantile([100, null, null], 0.5, 500)).toEqual({ value: 500, censored: true });
    expect(censoredQuantile([null, 300, null, 100], 0.5, 500)).toEqual({ value: 500, censored: true });
    expect(censoredQuantile([null, 300, 200, 100], 0.5, 500)).toEqual({ value: 250, censored: false });
    const none = summarizeSamples([null, null], 500);
    expect(none).toMatchObject({ censored: 2, min: null, maxReached: null });
  });

  it('leaves values with a censored median out of the fit and says the growth is understated', () => {
    const rng = new Rng(6);
    const budget = 50_000;
    const pts = syntheticSweep([4, 6, 8, 12, 16, 24, 32], (L) => 100 * L ** 2, 3, 0.05, rng).map((p) => ({
      value: p.value,
      samples: p.samples.map((s) => (s <= budget ? s : null)),
    }));
    // 100·24² = 57.6k and 100·32² = 102k are over the budget: both medians are censored.
    const f = fitSynthetic(pts, budget);
    expect(f.censoredValues).toEqual([24, 32]);
    expect(f.excluded).toEqual([24, 32]);
    expect(f.powerLaw!.points).toBe(5);
    expect(Math.abs(f.powerLaw!.exponent - 2)).toBeLessThan(0.1);
    const text = describeFits(f, 'L', { compareExponential: true, totalValues: 7 });
    expect(text).toContain('Left out of the fit: L = 24, L = 32');
    expect(text).toContain('steeper than the fit says');
  });

  it('fits nothing when fewer than three values have an uncensored median', () => {
    const f = fitSweep([
      { value: 4, median: { value: 900, censored: false } },
      { value: 8, median: { value: 4000, censored: false } },
      { value: 16, median: { value: 5000, censored: true } },
    ]);
    expect(f.powerLaw).toBeNull();
    expect(f.exponential).toBeNull();
    expect(describeFits(f, 'L', { compareExponential: true, totalValues: 3 })).toContain(
      '2 of 3 values have a median that reached ε',
    );
  });

  it('leaves out points where the linear map already reaches ε, and says so', () => {
    const f = fitSweep(
      [1, 1.5, 2, 2.5, 3, 3.5].map((R) => ({
        value: R,
        median: { value: R <= 2 ? 2000 : 1000 * Math.exp(2 * R), censored: false },
        trivial: R <= 2,
      })),
    );
    expect(f.trivialValues).toEqual([1, 1.5, 2]);
    expect(f.excluded).toEqual([1, 1.5, 2]);
    expect(f.powerLaw?.points).toBe(3);
    expect(f.exponential?.rate).toBeCloseTo(2, 10);
    const text = describeFits(f, 'R', { compareExponential: true, totalValues: 6 });
    expect(text).toContain(
      'Left out of the fit as trivial: R = 1, R = 1.5, R = 2, where the best linear map of the tokens already reaches ε.',
    );
  });

  it('keeps K = 0 (all earlier tokens) out of a power law, which needs positive values', () => {
    const f = fitSweep(
      [0, 1, 2, 4, 8].map((K) => ({ value: K, median: { value: 1000 * (K + 1), censored: false } })),
    );
    expect(f.excluded).toEqual([0]);
    expect(f.censoredValues).toEqual([]);
    expect(f.powerLaw!.points).toBe(4);
  });
});
