/**
 * State and commands of the Experiments view: the shipped results of the built-in experiments, which one
 * is selected, the builder's draft, and the one live sweep (its spec, the runs that have arrived, progress,
 * status). The sweep worker starts on the first live run; its messages are matched to the sweep by id, so
 * a late message of a cancelled sweep never lands in the next one.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { BUILT_IN_EXPERIMENTS } from '../model/experiments';
import { buildSweepResult, type SweepResult } from '../model/sweep-result';
import { sweepFromQuery } from './link/sweep-link';
import { sweepInputOf, type SweepSpec } from '../model/sweep-spec';
import type { SweepRunRecord } from '../model/sweep';
import type { FromSweepWorker, SweepProgressReport } from '../worker/protocol/sweep-protocol';
import { draftFromSpec, type BuilderDraft } from './sweep-builder';
import { loadPrecomputed, type Precomputed } from './precomputed';
import type { SweepClient, SweepListener } from '../client/sweep-client';
import type { ExperimentsLink } from './link/view-link';
import { clampSweepWorkers, defaultSweepWorkers } from '../model/sweep-workers';

/** The selection key of the builder's own sweep (built-ins use their experiment name). */
export const CUSTOM = 'custom';

export type LiveStatus = 'starting' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'error';

export interface LiveSweep {
  id: number;
  /** The built-in it re-runs, or CUSTOM. */
  source: string;
  /** A reduced re-run of a built-in (quick-spec.ts). */
  quick: boolean;
  spec: SweepSpec;
  /** Finished runs, in the order they arrived. */
  records: SweepRunRecord[];
  status: LiveStatus;
  /** The latest progress report from any worker. */
  progress: SweepProgressReport | null;
  /** Training workers the sweep runs on (asked for, then as the worker's progress reports say). */
  workers: number;
  /** The run (or pilot) each worker trains now, by slot; a slot leaves when its run ends. */
  active: Record<number, SweepProgressReport>;
  backend: string | null;
  /** The backend and why others were skipped, in words. */
  backendDescription: string | null;
  /** What went wrong, when status is 'error'. */
  message: string | null;
  /** Wall time of the whole sweep once it ended. */
  seconds: number | null;
}

export type PrecomputedEntry =
  { status: 'loading' } | ({ status: 'ready' } & Precomputed) | { status: 'error'; message: string };

export interface ExperimentsState {
  /** A built-in's name or CUSTOM. */
  selected: string;
  precomputed: Record<string, PrecomputedEntry>;
  live: LiveSweep | null;
  /** For a built-in that has a live re-run: show it (true) or the shipped result (false). */
  showLive: boolean;
  draft: BuilderDraft;
  /** A problem with the link the view was opened with, in words. */
  linkProblem: string | null;
  /** Runs of a sweep trained at once, each in its own worker (the setting; remembered on this device). */
  workers: number;
  /** This machine's logical cores, as the browser tells them (for the setting's hint). */
  cores: number;
}

/** Where the workers setting is remembered (localStorage). */
export const WORKERS_KEY = 'rnn-lab:sweep-workers';

function machineCores(): number {
  return typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0
    ? navigator.hardwareConcurrency
    : 1;
}

function storedWorkers(fallback: number): number {
  try {
    const text = globalThis.localStorage?.getItem(WORKERS_KEY);
    return text ? clampSweepWorkers(text, fallback) : fallback;
  } catch {
    return fallback;
  }
}

/** Spawns the sweep worker with a listener and a crash handler. */
export type SweepSpawner = (listener: SweepListener, onCrash: (what: string) => void) => SweepClient;

const FIRST = BUILT_IN_EXPERIMENTS[0]?.experiment ?? CUSTOM;

function initialState(): ExperimentsState {
  const precomputed: Record<string, PrecomputedEntry> = {};
  for (const e of BUILT_IN_EXPERIMENTS) precomputed[e.experiment] = { status: 'loading' };
  return {
    selected: FIRST,
    precomputed,
    live: null,
    showLive: false,
    draft: {
      name: 'my-sweep',
      variable: 'L',
      values: '4, 8, 16',
      seeds: '3',
      eps: '0.1',
      budget: '100000',
      base: 'dIn=2 p=1 m=256 lr=0.5 ntest=256',
      series: '',
      scale: '',
      lrRule: '',
      backend: 'auto',
    },
    linkProblem: null,
    workers: storedWorkers(defaultSweepWorkers(machineCores())),
    cores: machineCores(),
  };
}

/** The result the view shows now, where it comes from, and its spec; null when there is none. */
export function shownResult(
  state: Pick<ExperimentsState, 'live' | 'selected' | 'showLive' | 'precomputed'>,
): { result: SweepResult; spec: SweepSpec; source: 'precomputed' | 'live' } | null {
  const live = state.live;
  // A live sweep stopped before any run finished has nothing to show: the shipped result stays.
  const liveHere =
    live !== null && live.source === state.selected && (live.records.length > 0 || isBusy(live));
  if (live && liveHere && (state.showLive || state.selected === CUSTOM)) {
    const meta = live.backend ? { backend: live.backend } : {};
    return { result: buildSweepResult(live.spec, live.records, meta), spec: live.spec, source: 'live' };
  }
  const entry = state.precomputed[state.selected];
  if (entry?.status === 'ready') return { result: entry.result, spec: entry.spec, source: 'precomputed' };
  return null;
}

/** Whether a live sweep is under way (one at a time). */
export function isBusy(live: LiveSweep | null): boolean {
  return (
    live !== null && (live.status === 'starting' || live.status === 'running' || live.status === 'cancelling')
  );
}

export class ExperimentsController {
  readonly store: StoreApi<ExperimentsState> = createStore<ExperimentsState>()(() => initialState());
  private client: SweepClient | null = null;
  private nextId = 1;

  constructor(private readonly spawn: SweepSpawner) {}

  private set(patch: Partial<ExperimentsState>): void {
    this.store.setState(patch);
  }

  private patchLive(id: number, patch: Partial<LiveSweep>): void {
    const live = this.store.getState().live;
    if (live && live.id === id) this.set({ live: { ...live, ...patch } });
  }

  /** Applies the link the view was opened with: a shared sweep fills the builder, a name selects a built-in. */
  openLink(link: ExperimentsLink): void {
    if (link.kind === 'builtIn') {
      if (link.name === CUSTOM || this.store.getState().precomputed[link.name])
        this.set({ selected: link.name });
      else
        this.set({
          linkProblem: `The link names an experiment "${link.name}" that this page does not have.`,
        });
    } else if (link.kind === 'sweep') {
      const decoded = sweepFromQuery(link.query);
      if (decoded.ok) this.set({ selected: CUSTOM, draft: draftFromSpec(decoded.spec) });
      else
        this.set({
          selected: CUSTOM,
          linkProblem: `The shared sweep could not be read: ${decoded.errors.join(' ')} Fix it below, or pick a built-in experiment.`,
        });
    }
  }

  /** Loads every built-in's shipped result (relative to `base`, the page's address). */
  async loadPrecomputed(base: string, fetcher?: typeof fetch): Promise<void> {
    await Promise.all(
      BUILT_IN_EXPERIMENTS.map(async ({ experiment }) => {
        let entry: PrecomputedEntry;
        try {
          entry = { status: 'ready', ...(await loadPrecomputed(experiment, base, fetcher)) };
        } catch (e) {
          entry = { status: 'error', message: e instanceof Error ? e.message : String(e) };
        }
        this.set({ precomputed: { ...this.store.getState().precomputed, [experiment]: entry } });
      }),
    );
  }

  select(name: string): void {
    this.set({ selected: name, showLive: true });
  }

  setShowLive(on: boolean): void {
    this.set({ showLive: on });
  }

  setDraft(patch: Partial<BuilderDraft>): void {
    this.set({ draft: { ...this.store.getState().draft, ...patch } });
  }

  /** Copies a sweep into the builder (to change and run it as a new sweep). */
  edit(spec: SweepSpec): void {
    this.set({ draft: draftFromSpec(spec), selected: CUSTOM });
  }

  /** Sets how many runs a sweep trains at once (clamped to 1..MAX_SWEEP_WORKERS) and remembers it. */
  setWorkers(value: number): void {
    const workers = clampSweepWorkers(value, this.store.getState().workers);
    this.set({ workers });
    try {
      globalThis.localStorage?.setItem(WORKERS_KEY, String(workers));
    } catch {
      // Private mode or storage full: the setting holds for this page.
    }
  }

  dismissLinkProblem(): void {
    this.set({ linkProblem: null });
  }

  /** Starts `spec` in the sweep worker (ignored while another sweep runs). */
  run(spec: SweepSpec, source: string, quick = false): void {
    if (isBusy(this.store.getState().live)) return;
    const id = this.nextId++;
    this.set({
      showLive: true,
      live: {
        id,
        source,
        quick,
        spec,
        records: [],
        status: 'starting',
        progress: null,
        workers: this.store.getState().workers,
        active: {},
        backend: null,
        backendDescription: null,
        message: null,
        seconds: null,
      },
    });
    this.client ??= this.spawn(
      (msg) => this.receive(msg),
      (what) => this.crashed(what),
    );
    this.client.send({
      type: 'runSweep',
      id,
      input: sweepInputOf(spec),
      workers: this.store.getState().workers,
    });
  }

  /** Stops the live sweep after the step in progress; the finished runs stay. */
  cancel(): void {
    const live = this.store.getState().live;
    if (!live || !isBusy(live) || live.status === 'cancelling') return;
    this.patchLive(live.id, { status: 'cancelling' });
    this.client?.send({ type: 'cancelSweep', id: live.id });
  }

  /** Folds one worker message into the live sweep it belongs to. */
  receive(msg: FromSweepWorker): void {
    const live = this.store.getState().live;
    if (!live || msg.id !== live.id) return;
    const running = live.status === 'cancelling' ? 'cancelling' : 'running';
    switch (msg.type) {
      case 'sweepBackend':
        this.patchLive(msg.id, {
          backend: msg.backend,
          backendDescription: msg.description,
          status: running,
        });
        break;
      case 'sweepProgress':
        this.patchLive(msg.id, {
          progress: msg.progress,
          active: { ...live.active, [msg.progress.slot ?? 0]: msg.progress },
          // The workers the sweep worker could start (fewer where it cannot start run workers).
          workers: msg.progress.slots ?? live.workers,
          status: running,
        });
        break;
      case 'sweepRunEnd': {
        const r = msg.record;
        // The slot that trained this run is free until its next report.
        const active = Object.fromEntries(
          Object.entries(live.active).filter(
            ([, p]) =>
              p.pilot || p.value !== r.value || p.seed !== r.seed || (p.series ?? undefined) !== r.series,
          ),
        );
        // Kept in plan order (seeds, then series, then values), as a sweep's result file holds them.
        const spec = live.spec;
        const place = (x: SweepRunRecord) => [
          spec.seeds.indexOf(x.seed),
          spec.series ? spec.series.values.indexOf(x.series as never) : 0,
          spec.values.indexOf(x.value as never),
        ];
        const later = (a: SweepRunRecord, b: SweepRunRecord) => {
          const [x, y] = [place(a), place(b)];
          for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) > (y[i] as number);
          return false;
        };
        const records = [...live.records];
        const at = records.findIndex((x) => later(x, r));
        records.splice(at < 0 ? records.length : at, 0, r);
        this.patchLive(msg.id, { records, active });
        break;
      }
      case 'sweepDone':
        this.patchLive(msg.id, {
          status: msg.cancelled ? 'cancelled' : 'done',
          seconds: msg.seconds,
          active: {},
        });
        break;
      case 'sweepError':
        this.patchLive(msg.id, { status: 'error', message: msg.message });
        break;
    }
  }

  private crashed(what: string): void {
    this.client?.terminate();
    this.client = null;
    const live = this.store.getState().live;
    if (live && isBusy(live)) {
      this.patchLive(live.id, {
        status: 'error',
        message: `${what} The runs that finished are kept; run the sweep again to retry.`,
      });
    }
  }

  /** Ends the worker (the page is closing, or a test is done). */
  dispose(): void {
    this.client?.terminate();
    this.client = null;
  }
}
