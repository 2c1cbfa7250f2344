/**
 * The app's React-visible state (zustand): the config of the run, the draft in the controls with its
 * validation messages, the run status from the worker, and the user's selection. High-rate metric points do
 * not live here (see metric-series.ts); only the few numbers of the status bar do.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Baselines } from '../model/baselines';
import { diffConfig, parseFieldValue, resolveConfig, type Config } from '../model/config';
import { FIELDS, type FieldKey } from '../model/fields';
import {
  type BackendName,
  type MeasuredBackends,
  type FromWorker,
  type Progress,
  type RunStatus,
  type ViewOptions,
} from '../worker/protocol/training-protocol';

export type Draft = Record<FieldKey, string>;

export interface LabState {
  /** The config of the current run (live fields update as they apply). */
  config: Config;
  /** The text of every control. */
  draft: Draft;
  /** One message per field whose draft text is not valid. */
  fieldErrors: Partial<Record<FieldKey, string>>;
  /** Problems that involve several fields (for example the teacher's size). */
  formErrors: string[];
  status: RunStatus;
  runId: number;
  backend: BackendName | null;
  skipped: { backend: BackendName; reason: string }[];
  /** The software rasteriser under the GPU backend in use, or null. */
  emulatedBy: string | null;
  crossOriginIsolated: boolean;
  /** Under backend `auto`: the rates measured on this device for the config's size; else null. */
  measured: MeasuredBackends | null;
  progress: Progress;
  /** The newest evaluated test error. */
  testError: number | null;
  /** The current run's zero, constant and linear baselines (SPEC §6); null until the run has started. */
  baselines: Baselines | null;
  /** A problem the user should read (the `error-message` element); null when there is none. */
  error: string | null;
  /** A short confirmation (for example which fields applied live). */
  notice: string | null;
  view: ViewOptions;
  /** Larger type and thicker lines everywhere, for a projector. */
  presenter: boolean;
}

export const EMPTY_PROGRESS: Progress = {
  step: 0,
  samplesSeen: 0,
  samplesToEps: null,
  stepsPerSecond: 0,
  samplesPerSecond: 0,
  heavyEvery: 1,
  heavyFraction: 0,
  evalFraction: 0,
  noiseFloor: null,
  targetScale: null,
};

export function draftOf(config: Config): Draft {
  return Object.fromEntries(FIELDS.map((f) => [f.key, String(config[f.key])])) as Draft;
}

/** Validates the whole draft; splits messages into per-field ones and the rest. */
export function validateDraft(draft: Draft): {
  config: Config | null;
  fieldErrors: Partial<Record<FieldKey, string>>;
  formErrors: string[];
} {
  const partial: Record<string, string | number> = {};
  for (const f of FIELDS) partial[f.key] = parseFieldValue(f, draft[f.key]);
  const r = resolveConfig(partial);
  if (r.ok) return { config: r.config, fieldErrors: {}, formErrors: [] };
  const fieldErrors: Partial<Record<FieldKey, string>> = {};
  const formErrors: string[] = [];
  for (const message of r.errors) {
    const field = FIELDS.find((f) => message.startsWith(`${f.key}:`));
    if (field && fieldErrors[field.key] === undefined) fieldErrors[field.key] = message;
    else formErrors.push(message);
  }
  return { config: null, fieldErrors, formErrors };
}

/** Draft fields that differ from the run's config, split into live ones and ones that need a restart. */
export function pendingChanges(state: Pick<LabState, 'config' | 'draft'>): {
  live: FieldKey[];
  restart: FieldKey[];
  config: Config | null;
} {
  const { config } = validateDraft(state.draft);
  if (!config) return { live: [], restart: [], config: null };
  return { ...diffConfig(state.config, config), config };
}

export interface LabActions {
  /** Sets the text of one control and revalidates the draft. */
  setDraft(key: FieldKey, text: string): void;
  /** Makes `config` the run's config and the draft. */
  setConfig(config: Config): void;
  /** Makes `config` the run's config, leaving the draft (the user may be editing other fields). */
  patchConfig(config: Config): void;
  /** Puts the draft back to the run's config. */
  discardDraft(): void;
  setView(view: Partial<ViewOptions>): void;
  setPresenter(on: boolean): void;
  setError(message: string | null): void;
  setNotice(message: string | null): void;
  /** Folds one worker message into the state. */
  receive(msg: FromWorker): void;
}

export type LabStore = StoreApi<LabState & LabActions>;

export function createLabStore(config: Config, initialError: string | null = null): LabStore {
  return createStore<LabState & LabActions>()((set, get) => ({
    config,
    draft: draftOf(config),
    fieldErrors: {},
    formErrors: [],
    status: 'starting',
    runId: 0,
    backend: null,
    skipped: [],
    emulatedBy: null,
    crossOriginIsolated: false,
    measured: null,
    progress: EMPTY_PROGRESS,
    testError: null,
    baselines: null,
    error: initialError,
    notice: null,
    view: { probe: 0, basis: 'current' },
    presenter: false,

    setDraft(key, text) {
      const draft = { ...get().draft, [key]: text };
      const { fieldErrors, formErrors } = validateDraft(draft);
      set({ draft, fieldErrors, formErrors });
    },
    setConfig(next) {
      set({ config: next, draft: draftOf(next), fieldErrors: {}, formErrors: [] });
    },
    patchConfig(next) {
      set({ config: next });
    },
    discardDraft() {
      set({ draft: draftOf(get().config), fieldErrors: {}, formErrors: [] });
    },
    setView(view) {
      set({ view: { ...get().view, ...view } });
    },
    setPresenter(on) {
      set({ presenter: on });
    },
    setError(message) {
      set({ error: message });
    },
    setNotice(message) {
      set({ notice: message });
    },
    receive(msg) {
      switch (msg.type) {
        case 'backend':
          set({
            backend: msg.backend,
            skipped: msg.skipped,
            emulatedBy: msg.emulatedBy,
            crossOriginIsolated: msg.crossOriginIsolated,
            measured: msg.measured,
          });
          break;
        case 'status':
          set({ status: msg.status });
          break;
        case 'runStarted': {
          // The draft keeps edits the user has not applied yet; applied fields follow the new run.
          const s = get();
          const untouched = FIELDS.every((f) => s.draft[f.key] === String(s.config[f.key]));
          set({
            runId: msg.runId,
            config: msg.config,
            progress: EMPTY_PROGRESS,
            testError: null,
            baselines: msg.baselines,
            ...(untouched ? { draft: draftOf(msg.config), fieldErrors: {}, formErrors: [] } : {}),
          });
          break;
        }
        case 'restored': {
          // The same run continues from a checkpoint; its config may differ (a rollback lowers lr).
          const s = get();
          const untouched = FIELDS.every((f) => s.draft[f.key] === String(s.config[f.key]));
          set({
            config: msg.config,
            baselines: msg.baselines,
            ...(untouched ? { draft: draftOf(msg.config), fieldErrors: {}, formErrors: [] } : {}),
          });
          break;
        }
        case 'metrics': {
          if (msg.runId !== get().runId) break;
          let testError = get().testError;
          const t = msg.report?.testError;
          if (t)
            for (let i = t.length - 1; i >= 0; i--)
              if (Number.isFinite(t[i])) {
                testError = t[i] as number;
                break;
              }
          set({ progress: msg.progress, testError });
          break;
        }
        case 'configApplied':
          if (msg.live.length > 0 && msg.restart.length === 0)
            set({ notice: `Applied without a restart: ${msg.live.join(', ')}.` });
          else if (msg.restart.length > 0)
            set({ notice: `Restarted the run for: ${msg.restart.join(', ')}.` });
          break;
        case 'error':
          set({ error: msg.message, ...(msg.fatal ? { status: 'error' as const } : {}) });
          break;
        case 'exported':
          if (msg.error) set({ error: msg.error });
          break;
      }
    },
  }));
}
