/**
 * The lessons' measurements file (measured.json, made by `npm run lessons -- --write`): every run a lesson
 * needs, keyed by its config, and per lesson the claims' outcomes and the figures its card shows. Pure: the
 * CLI writes it, the tests re-check it, the card reads the figures.
 */
import type { Config } from '../config';
import { appliedConfig } from '../fields';
import { report, type MeasuredRun, type LessonRuns, type MeasuredValue, type StoredFigure } from './claims';
import { variantConfig, type Lesson, type LessonVariant } from './lessons';

export const MEASURED_FORMAT = 'rnn-learnability-lab/lesson-measurements@1';

/** The command that regenerates the file. */
export const MEASURE_COMMAND = 'npm run lessons -- --write';

export interface StoredClaim {
  claim: string;
  measured: Record<string, MeasuredValue>;
  holds: boolean;
}

export interface StoredLesson {
  /** Keys into `runs`, one per variant. */
  variants: string[];
  claims: StoredClaim[];
  figures: Record<string, StoredFigure>;
}

export interface StoredRuns {
  config: Config;
  budget: number;
  toEps: boolean;
  /** By seed. */
  seeds: Record<string, MeasuredRun>;
}

export interface MeasuredFile {
  format: typeof MEASURED_FORMAT;
  command: string;
  date: string;
  /** Backend the runs trained on (samples and errors are what the card reports; seconds are not stored). */
  backend: string;
  lessons: Record<string, StoredLesson>;
  runs: Record<string, StoredRuns>;
}

/** What the page bundles: the file without its runs. */
export type CardsFile = Omit<MeasuredFile, 'runs'>;

export function cardsOf(file: MeasuredFile): CardsFile {
  const { runs: _runs, ...cards } = file;
  return cards;
}

/** A variant's config as measured: the link's config without the backend (the runs choose their own). */
export function measuredConfig(variant: LessonVariant): Config {
  return { ...variantConfig(variant), backend: 'auto' };
}

/** Stable key of a config: FNV-1a of its canonical JSON (keys sorted, keys it does not read left out), with L and m for a reader. */
export function configKey(config: Config, budget: number, toEps: boolean): string {
  const entries = Object.entries(appliedConfig(config)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = JSON.stringify([entries, budget, toEps]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `L${config.L}-m${config.m}-${h.toString(16).padStart(8, '0')}`;
}

/** Seeds a variant is measured on: every seed its lesson's claims and figures read. */
export function lessonSeeds(lesson: Lesson): number[] {
  const seeds = new Set<number>([1]);
  for (const c of lesson.claims) for (const s of c.seeds) seeds.add(s);
  for (const f of Object.values(lesson.figures)) for (const s of f.seeds ?? [1]) seeds.add(s);
  return [...seeds].sort((a, b) => a - b);
}

/** One measurement a lesson needs. */
export interface MeasureTask {
  key: string;
  config: Config;
  budget: number;
  toEps: boolean;
  seeds: number[];
}

/** The runs the given lessons need, merged by config (a config shared by lessons is measured once). */
export function measureTasks(lessons: readonly Lesson[]): MeasureTask[] {
  const tasks = new Map<string, MeasureTask>();
  for (const lesson of lessons) {
    const seeds = lessonSeeds(lesson);
    for (const v of lesson.variants) {
      const config = measuredConfig(v);
      const toEps = v.toEps ?? false;
      const key = configKey(config, v.budget, toEps);
      const t = tasks.get(key) ?? { key, config, budget: v.budget, toEps, seeds: [] };
      t.seeds = [...new Set([...t.seeds, ...seeds])].sort((a, b) => a - b);
      tasks.set(key, t);
    }
  }
  return [...tasks.values()];
}

/** The lesson's runs read from the stored ones; a missing run throws with what to regenerate. */
export function lessonRuns(lesson: Lesson, runs: Readonly<Record<string, StoredRuns>>): LessonRuns {
  return {
    variant(index) {
      const v = lesson.variants[index];
      if (!v) throw new Error(`lesson ${lesson.id}: no variant ${index}`);
      const key = configKey(measuredConfig(v), v.budget, v.toEps ?? false);
      const stored = runs[key];
      if (!stored) throw new Error(`lesson ${lesson.id}, ${v.label}: not measured (run ${MEASURE_COMMAND})`);
      return {
        label: v.label,
        eps: stored.config.eps,
        budget: stored.budget,
        seed(seed) {
          const r = stored.seeds[String(seed)];
          if (!r) throw new Error(`lesson ${lesson.id}, ${v.label}: seed ${seed} not measured`);
          return r;
        },
      };
    },
  };
}

/** Claims and figures of one lesson, evaluated on the given runs. */
export function evaluateLesson(lesson: Lesson, runs: Readonly<Record<string, StoredRuns>>): StoredLesson {
  const r = lessonRuns(lesson, runs);
  return {
    variants: lesson.variants.map((v) => configKey(measuredConfig(v), v.budget, v.toEps ?? false)),
    claims: lesson.claims.map((c) => {
      const out = c.check(r);
      return { claim: c.text, measured: out.measured, holds: out.holds };
    }),
    figures: Object.fromEntries(
      Object.entries(lesson.figures).map(([name, f]) => {
        return [name, { kind: f.kind, value: report(f.value(r)) }];
      }),
    ),
  };
}
