// @vitest-environment jsdom
/**
 * The Experiments view rendered with React in jsdom, connected over a MessageChannel to the real sweep
 * worker logic (SweepHost) training on wasm: the shipped result shows at once with its fit, a sweep built in
 * the form runs with its runs arriving one by one, and Cancel stops a sweep and keeps what finished.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NODE_LOADERS } from '../../src/model/backend';
import { ExperimentsController } from '../../src/state/experiments-store';
import { ExperimentsView } from '../../src/ui/experiments/ExperimentsView';
import { viewStore } from '../../src/state/view-store';
import { SweepClient, type SweepEndpoint } from '../../src/client/sweep-client';
import { SweepHost } from '../../src/worker/sweep/sweep-worker';
import type { ToSweepWorker } from '../../src/worker/protocol/sweep-protocol';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const PUBLIC = resolve(import.meta.dirname, '../../public');

/** Serves files under public/ for `fetch` (Node's fetch has no file: URLs). */
const readPublic: typeof fetch = async (input) => {
  const path = new URL(String(input)).pathname;
  try {
    return new Response(await readFile(path, 'utf8'), { status: 200 });
  } catch {
    return new Response('missing', { status: 404 });
  }
};

let channel: MessageChannel;
let controller: ExperimentsController;
let root: Root;
let host: HTMLElement;

async function until(what: string, predicate: () => boolean, ms = 60_000): Promise<void> {
  const t0 = performance.now();
  while (!predicate()) {
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await act(() => new Promise((r) => setTimeout(r, 20)));
  }
}

const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
  host.querySelector<T>(`[data-testid="${id}"]`);

function type(el: HTMLInputElement | HTMLSelectElement, value: string): void {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  act(() => {
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

function click(el: HTMLElement | null): void {
  if (!el) throw new Error('nothing to click');
  act(() => el.click());
}

const TINY = 'dIn=3 p=2 m=16 ntest=64 batch=16';

/** Fills the builder with a sweep over L (3 seeds, wasm) and runs it. */
function runSweep(values: string, eps: string, budget: string, base = TINY, lrRule = ''): void {
  click(byTestId('builtin-custom'));
  type(byTestId<HTMLSelectElement>('builder-variable')!, 'L');
  type(byTestId<HTMLInputElement>('builder-values')!, values);
  type(byTestId<HTMLInputElement>('builder-seeds')!, '3');
  type(byTestId<HTMLInputElement>('builder-eps')!, eps);
  type(byTestId<HTMLInputElement>('builder-budget')!, budget);
  type(byTestId<HTMLInputElement>('builder-base')!, base);
  type(byTestId<HTMLSelectElement>('builder-backend')!, 'wasm');
  type(byTestId<HTMLInputElement>('builder-lr-rule')!, lrRule);
  expect(byTestId('builder-errors')).toBeNull();
  click(byTestId('run-sweep'));
}

beforeEach(async () => {
  channel = new MessageChannel();
  const workerSide = channel.port1;
  const sweepHost = new SweepHost((msg) => workerSide.postMessage(msg), NODE_LOADERS);
  workerSide.addEventListener(
    'message',
    (e) => void sweepHost.handle((e as MessageEvent<ToSweepWorker>).data),
  );
  workerSide.start();
  channel.port2.start();
  controller = new ExperimentsController(
    (listener) => new SweepClient(channel.port2 as unknown as SweepEndpoint, listener),
  );
  await controller.loadPrecomputed(pathToFileURL(resolve(PUBLIC, 'index.html')).href, readPublic);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  // The view is on screen (the page's view store says so), so its link is the address bar's.
  viewStore.getState().setView('experiments');
  act(() => root.render(createElement(ExperimentsView, { controller })));
});

afterEach(async () => {
  controller.cancel();
  act(() => root.unmount());
  host.remove();
  channel.port1.close();
  channel.port2.close();
});

describe('Experiments view', () => {
  it('shows the shipped samples-vs-L result at once: chart with its fit, sentence and table', async () => {
    const file = JSON.parse(await readFile(resolve(PUBLIC, 'experiments/samples-vs-L.json'), 'utf8'));
    await until('the chart', () => host.querySelector('[data-testid="chart-sweep"] path.fit-power') !== null);
    expect(byTestId('exp-title')?.textContent).toBe(file.title);
    const exponent = (file.fits.powerLaw.exponent as number).toFixed(2);
    expect(byTestId('fit-sentence')?.textContent).toContain(`L^${exponent}`);
    expect(host.querySelectorAll('[data-testid="chart-sweep"] .run-mark').length).toBe(file.runs.length);
    expect(host.querySelectorAll('[data-testid="results-table"] tbody tr').length).toBe(file.values.length);
    // The local exponents under the chart and in the table, with the η each length ran at and its baseline.
    const slopes = file.fits.localSlopes as { from: number; to: number; exponent: number }[];
    expect(slopes.length).toBe(file.values.length - 1);
    const note = byTestId('chart-sweep-note')?.textContent ?? '';
    for (const sl of slopes) expect(note).toContain(`${sl.exponent.toFixed(1)} (${sl.from}→${sl.to})`);
    const heads = [...host.querySelectorAll('[data-testid="results-table"] thead th')].map(
      (th) => th.textContent,
    );
    expect(heads).toEqual(
      expect.arrayContaining(['best linear map', 'η (pilot)', 'local exponent from the previous value']),
    );
    const lastRow = [...host.querySelectorAll('[data-testid="results-table"] tbody tr')].at(-1);
    const cells = [...(lastRow?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
    expect(cells.at(-1)).toBe((slopes.at(-1) as { exponent: number }).exponent.toFixed(2));
    expect(cells.at(-2)).toBe(String(file.summary.at(-1).lr));
    expect(byTestId('provenance')?.textContent).toContain(file.command);
    expect(byTestId('result-source')?.dataset.source).toBe('precomputed');
    expect(window.location.search).toBe('?view=experiments&experiment=samples-vs-L');
    // A categorical built-in: medians per name, no curve.
    click(byTestId('builtin-W-vs-all'));
    await until('the W-vs-all table', () => byTestId('exp-title')?.textContent?.includes('W only') === true);
    expect(host.querySelectorAll('[data-testid="results-table"] tbody tr').length).toBe(3);
    // The chart redraws on the next animation frame.
    await until(
      'the W-vs-all chart',
      // samples-vs-L has 15 runs too: wait for the categorical axis (WA) as well as the marks.
      () =>
        host.querySelectorAll('[data-testid="chart-sweep"] .run-mark').length === 15 &&
        (host.querySelector('[data-testid="chart-sweep"] .x-axis')?.textContent ?? '').includes('WA'),
    );
    expect(host.querySelectorAll('[data-testid="chart-sweep"] path.fit-line').length).toBe(0);
  });

  it('runs a sweep built in the form, its runs arriving one by one', async () => {
    const seen: number[] = [];
    const off = controller.store.subscribe((s) => {
      const n = s.live?.records.length ?? 0;
      if (seen.at(-1) !== n) seen.push(n);
    });
    runSweep('4, 5', '0.3', '2048');
    await until('the sweep to finish', () => byTestId('sweep-progress')?.dataset.status === 'done');
    off();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(byTestId('sweep-ending')?.textContent).toMatch(/^Finished 6 of 6 runs in .* on wasm\.$/);
    expect(host.querySelectorAll('[data-testid="results-table"] tbody tr').length).toBe(2);
    expect(host.querySelectorAll('[data-testid="runs-table"] tbody tr').length).toBe(6);
    // Every run is drawn, censored or not.
    await until(
      'the marks',
      () => host.querySelectorAll('[data-testid="chart-sweep"] .run-mark').length === 6,
    );
    const live = controller.store.getState().live;
    expect(live?.records.every((r) => r.samplesToEps === null || r.samplesToEps <= 2048)).toBe(true);
    // The address bar now holds the sweep's share link.
    expect(window.location.search).toMatch(/^\?sweep=L&name=my-sweep&values=4,5&seeds=1,2,3&/);
    expect(byTestId<HTMLInputElement>('share-link')?.value).toContain('values=4,5');
  });

  it('runs a sweep whose η is chosen by pilots, saying which pilot trains, and shows the η chosen', async () => {
    const pilotTexts = new Set<string>();
    const off = controller.store.subscribe(() => {
      const t = byTestId('current-run')?.textContent ?? '';
      if (t.startsWith('Choosing η')) pilotTexts.add(t.replace(/ — .*/, ''));
    });
    runSweep('4, 5', '0.3', '1024', TINY, '0.25, 1; pilot 1024; seed 0');
    await until('the sweep to finish', () => byTestId('sweep-progress')?.dataset.status === 'done');
    off();
    expect(pilotTexts.size).toBeGreaterThan(0);
    for (const t of pilotTexts)
      expect(t).toMatch(/^Choosing η for L = [45]: pilot [12] of 2 \(η = (0\.25|1), seed 0\)$/);
    const live = controller.store.getState().live;
    expect(live?.records.every((r) => r.lr === 0.25 || r.lr === 1)).toBe(true);
    const heads = [...host.querySelectorAll('[data-testid="results-table"] thead th')].map(
      (th) => th.textContent,
    );
    expect(heads).toContain('η (pilot)');
  });

  it('cancels a sweep: it stops, keeps the runs that finished, and the next sweep can start', async () => {
    // samples-vs-L's setting: L = 4 reaches ε = 0.1 within about a thousand samples, L = 40 takes far longer.
    runSweep('4, 40', '0.1', '1000000', 'dIn=2 p=1 m=256 lr=0.5 ntest=256');
    await until('the first run and progress on the second', () => {
      const live = controller.store.getState().live;
      return live?.records.length === 1 && (live.progress?.runIndex ?? 0) === 1;
    });
    expect(byTestId('overall-progress')).not.toBeNull();
    expect(byTestId('run-progress')).not.toBeNull();
    expect(byTestId('builtin-live-custom')?.textContent).toBe('running live: 1 of 6 runs');
    click(byTestId('cancel-sweep'));
    expect(byTestId('sweep-status')?.textContent).toMatch(/Cancelling/);
    await until('the cancel', () => byTestId('sweep-progress')?.dataset.status === 'cancelled', 20_000);
    expect(controller.store.getState().live?.records.map((r) => [r.value, r.seed])).toEqual([[4, 1]]);
    expect(byTestId('sweep-ending')?.textContent).toMatch(/^Cancelled after 1 of 6 runs/);
    expect(host.querySelectorAll('[data-testid="runs-table"] tbody tr').length).toBe(1);
    expect(byTestId('builtin-live-custom')).toBeNull();
    runSweep('4, 5', '0.3', '512');
    await until('the next sweep', () => byTestId('sweep-progress')?.dataset.status === 'done');
    expect(controller.store.getState().live?.records.length).toBe(6);
  });
});
