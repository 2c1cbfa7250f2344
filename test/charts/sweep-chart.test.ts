// @vitest-environment jsdom
/**
 * The sweep charts drawn from real sweep results (buildSweepResult over synthetic runs with a known law):
 * one mark per run with censored runs on the budget line, medians with quartile bars, a power-law line
 * whose slope on the drawn log-log axes is the fitted exponent, the exponential only when asked, names on a
 * category axis, and the ChartHandle life cycle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSweepChart, fitCurves } from '../../src/charts/sweep-chart';
import { createSweepErrorChart } from '../../src/charts/sweep-error-chart';
import type { SweepChartData } from '../../src/charts/sweep-types';
import type { SweepRunRecord } from '../../src/model/sweep';
import { buildSweepResult } from '../../src/model/sweep-result';
import { validateSweep, type SweepInput, type SweepSpec } from '../../src/model/sweep-spec';
import { sweepChartData } from '../../src/ui/experiments/sweep-chart-data';
import { mountContainer, parseCount, textsOf, tickX, tickY } from './dom';

afterEach(() => document.body.replaceChildren());

function specOf(input: Partial<SweepInput>): SweepSpec {
  const r = validateSweep({
    experiment: 'chart-test',
    variable: 'L',
    values: [4, 8, 16, 32],
    seeds: 3,
    eps: 0.1,
    budget: 50_000,
    ...input,
  });
  if (!r.ok) throw new Error(r.errors.join(' '));
  return r.spec;
}

function run(
  value: number | string,
  seed: number,
  samplesToEps: number | null,
  series?: string,
): SweepRunRecord {
  return {
    value,
    ...(series ? { series } : {}),
    seed,
    samplesToEps,
    finalTestError: samplesToEps === null ? 0.3 : 0.09,
    samplesSeen: samplesToEps ?? 50_000,
    diverged: false,
    seconds: 0.1,
  };
}

/** samples = 10·L² with a ±10% seed spread, one seed of L = 32 censored. */
function powerLawData(): SweepChartData {
  const spec = specOf({});
  const records: SweepRunRecord[] = [];
  for (const seed of [1, 2, 3])
    for (const L of [4, 8, 16, 32]) {
      const censored = L === 32 && seed === 3;
      records.push(run(L, seed, censored ? null : Math.round(10 * L * L * (0.9 + 0.1 * seed))));
    }
  return sweepChartData(buildSweepResult(spec, records));
}

/** Pixel of value v on a log axis from two labelled ticks. */
function logPixel(ticks: { v: number; p: number }[], v: number): number {
  const [a, b] = [ticks[0], ticks[ticks.length - 1]];
  if (!a || !b) throw new Error('axis has no ticks');
  return a.p + ((Math.log(v) - Math.log(a.v)) / (Math.log(b.v) - Math.log(a.v))) * (b.p - a.p);
}

/** Labelled ticks of an axis: value and pixel (d3 shifts ticks by half a pixel for crisp lines). */
function axisTicks(root: Element, axis: string, parse: (s: string) => number, at: (t: Element) => number) {
  return Array.from(root.querySelectorAll(`.${axis} .tick`)).map((t) => ({
    v: parse(t.querySelector('text')?.textContent ?? ''),
    p: at(t) - 0.5,
  }));
}

describe('samples-needed chart', () => {
  it('draws every run, censored ones as triangles on the budget line, and a median per value', () => {
    const data = powerLawData();
    const chart = createSweepChart(mountContainer());
    chart.update(data);
    chart.flush();
    const root = chart.element;
    expect(root.querySelectorAll('circle.run-reached').length).toBe(11);
    const censored = root.querySelectorAll('path.run-censored');
    expect(censored.length).toBe(1);
    const budgetY = Number(root.querySelector('line.ref-budget')?.getAttribute('y1'));
    const triangleY = Number(
      /translate\([-\d.e]+,([-\d.e]+)\)/.exec(censored[0]?.getAttribute('transform') ?? '')?.[1],
    );
    expect(triangleY).toBeCloseTo(budgetY, 6);
    expect(textsOf(root, 'text.ref-label')).toEqual(['budget 50k']);
    // Four medians; L = 32 has 2 of 3 reached, so its median is known (not censored).
    expect(root.querySelectorAll('circle.median-mark').length).toBe(4);
    expect(root.querySelectorAll('line.quartile-bar').length).toBe(4);
    expect(textsOf(root, '.rl-chart-subtitle')[0]).toMatch(/^12 runs · 1 missed ε · ε = 0\.1/);
    expect(textsOf(root, '.x-axis .tick text')).toEqual(['4', '8', '16', '32']);
  });

  it('draws the power law with the fitted exponent as its slope on the log-log axes', () => {
    const data = powerLawData();
    const exponent = data.fits[0]?.powerLaw?.exponent as number;
    expect(exponent).toBeGreaterThan(1.9);
    const chart = createSweepChart(mountContainer());
    chart.update(data);
    chart.flush();
    const root = chart.element;
    const path = root.querySelector('path.fit-power')?.getAttribute('d') ?? '';
    const points = Array.from(path.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g), (m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(points.length).toBeGreaterThan(10);
    const xTicks = axisTicks(root, 'x-axis', Number, tickX);
    const yTicks = axisTicks(root, 'y-axis', parseCount, tickY);
    const first = points[0] as number[];
    const last = points[points.length - 1] as number[];
    // Slope in decades per decade, read back from the pixels through the labelled ticks.
    const decadesX = (last[0]! - first[0]!) / (logPixel(xTicks, 10) - logPixel(xTicks, 1));
    const decadesY = (last[1]! - first[1]!) / (logPixel(yTicks, 10) - logPixel(yTicks, 1));
    expect(decadesY / decadesX).toBeCloseTo(exponent, 6);
    // The line spans the fitted values only: from L = 4 to L = 32.
    expect(first[0]).toBeCloseTo(logPixel(xTicks, 4), 6);
    expect(last[0]).toBeCloseTo(logPixel(xTicks, 32), 6);
    const legend = textsOf(root, '.rl-legend-label');
    expect(legend.some((t) => t.includes(`L^${exponent.toFixed(2)}`) && /R² \d\.\d\d/.test(t))).toBe(true);
    expect(root.querySelectorAll('path.fit-exponential').length).toBe(1);
  });

  it('draws the exponential only when asked, and no fit for a categorical variable', () => {
    const data = { ...powerLawData(), showExponential: false };
    expect(fitCurves(data).map((c) => c.kind)).toEqual(['power']);
    const spec = specOf({ variable: 'train', values: ['W', 'WA', 'all'] });
    const records = ['W', 'WA', 'all'].flatMap((v, i) => [1, 2, 3].map((s) => run(v, s, 1000 * (i + 1) + s)));
    const categorical = sweepChartData(buildSweepResult(spec, records));
    const chart = createSweepChart(mountContainer());
    chart.update(categorical);
    chart.flush();
    const root = chart.element;
    expect(textsOf(root, '.x-axis .tick text')).toEqual(['W', 'WA', 'all']);
    expect(root.querySelectorAll('path.fit-line').length).toBe(0);
    expect(root.querySelectorAll('circle.run-reached').length).toBe(9);
  });

  it('gives each series its own colour and fit', () => {
    const spec = specOf({
      values: [4, 8, 16],
      series: { variable: 'concept', values: ['additive', 'joint'] },
    });
    const records = ['additive', 'joint'].flatMap((c, k) =>
      [4, 8, 16].flatMap((L) =>
        [1, 2, 3].map((s) => run(L, s, Math.round((10 + k) * L ** (1.5 + k) + s), c)),
      ),
    );
    const data = sweepChartData(buildSweepResult(spec, records));
    expect(data.fits.map((f) => f.series)).toEqual(['additive', 'joint']);
    const chart = createSweepChart(mountContainer());
    chart.update(data);
    chart.flush();
    const lines = Array.from(chart.element.querySelectorAll('path.fit-power'));
    expect(lines.length).toBe(2);
    expect(new Set(lines.map((l) => l.getAttribute('stroke'))).size).toBe(2);
    expect(textsOf(chart.element, '.rl-legend-label')).toEqual(
      expect.arrayContaining(['concept = additive', 'concept = joint']),
    );
    // Beyond colour, the series' median lines differ in dash, and so do their legend swatches.
    const medianDashes = Array.from(chart.element.querySelectorAll('path.median-line')).map((l) =>
      l.getAttribute('stroke-dasharray'),
    );
    expect(medianDashes).toHaveLength(2);
    expect(new Set(medianDashes).size).toBe(2);
    const swatchDashes = Array.from(
      chart.element.querySelectorAll('[data-symbol="median"] line[stroke-dasharray]'),
    ).map((l) => l.getAttribute('stroke-dasharray'));
    expect(swatchDashes).toEqual([medianDashes[1]]);
  });

  it('waits for data, replaces its marks on update and removes itself on destroy', () => {
    const container = mountContainer();
    const chart = createSweepChart(container);
    const data = powerLawData();
    chart.update({ ...data, runs: [], points: [], fits: [] });
    chart.flush();
    expect((container.querySelector('.rl-chart-empty') as HTMLElement).style.display).toBe('flex');
    chart.update(data);
    chart.flush();
    chart.update({ ...data, runs: data.runs.slice(0, 4) });
    chart.flush();
    expect(container.querySelectorAll('.run-mark').length).toBe(4);
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });
});

describe('final-test-error chart', () => {
  it('draws each run at its final error with ε as a reference line', () => {
    const data = powerLawData();
    const chart = createSweepErrorChart(mountContainer());
    chart.update(data);
    chart.flush();
    const root = chart.element;
    expect(root.querySelectorAll('.run-mark').length).toBe(12);
    expect(root.querySelectorAll('path.run-censored').length).toBe(1);
    expect(textsOf(root, 'text.ref-label')).toEqual(['ε = 0.1']);
    const yTicks = axisTicks(root, 'y-axis', Number, tickY);
    const epsY = Number(root.querySelector('line.ref-eps')?.getAttribute('y1'));
    const [a, b] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
    expect(a.p + ((0.1 - a.v) / (b.v - a.v)) * (b.p - a.p)).toBeCloseTo(epsY, 6);
    // The censored run ended at 0.3, above ε.
    const triangleY = Number(
      /translate\([-\d.e]+,([-\d.e]+)\)/.exec(
        root.querySelector('path.run-censored')?.getAttribute('transform') ?? '',
      )?.[1],
    );
    expect(triangleY).toBeLessThan(epsY);
  });
});
