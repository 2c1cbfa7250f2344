/**
 * `npm run lessons -- [--verify | --write | --stored] [--json] [--lesson id,…]`: runs every lesson variant
 * headless on the app's engine, seeds and evaluation schedule (wasm backend, cpu fallback), evaluates each
 * lesson's claims and prints a table; exits 1 when a claim does not hold.
 *   --verify  (the default) measure afresh and check;
 *   --write   the same, then store runs, claims and figures in src/model/lessons/measured.json (the cards'
 *             numbers come from there);
 *   --stored  check the claims on the stored measurements without training (with --write, store the
 *             claims and figures again, for a change of text or claims that leaves the configs alone);
 *   --json    print only [{"lesson", "claim", "measured", "holds"}, …].
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeSelection, NODE_LOADERS, selectBackend } from '../model/backend';
import { LESSONS, type Lesson } from '../model/lessons/lessons';
import {
  cardsOf,
  evaluateLesson,
  MEASURE_COMMAND,
  MEASURED_FORMAT,
  measureTasks,
  type MeasuredFile,
  type StoredClaim,
  type StoredRuns,
} from '../model/lessons/measured';
import { startNodePrefetcher } from './data-workers';
import { measureRun } from './lesson-runner';

export const MEASURED_PATH = fileURLToPath(new URL('../model/lessons/measured.json', import.meta.url));
/** The cards' part (claims and figures, no runs): small enough for the page to bundle. */
export const CARDS_PATH = fileURLToPath(new URL('../model/lessons/cards.json', import.meta.url));

const FLAGS = {
  verify: { type: 'boolean' },
  write: { type: 'boolean' },
  stored: { type: 'boolean' },
  json: { type: 'boolean' },
  lesson: { type: 'string' },
  reuse: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const HELP = `Usage: npm run lessons -- [--verify | --write | --stored] [--json] [--lesson id,...] [--quiet]

Runs every lesson's variants headless (wasm backend, the app's seeds and evaluation schedule), checks each
lesson's claims and prints a table. Exits 1 when a claim does not hold.

  --verify   measure afresh and check the claims (the default)
  --write    measure, check, and store runs, claims and figures in src/model/lessons/measured.json
  --stored   check the claims on the stored measurements, without training (with --write: store
             the claims and figures again, after a change of text or claims but not of configs)
  --json     print only a JSON array [{"lesson", "claim", "measured", "holds"}]
  --lesson   only these lessons (comma-separated ids): ${LESSONS.map((l) => l.id).join(', ')}
  --reuse    with --write: keep stored runs whose config, budget and seeds are unchanged (measure the rest)
  --quiet    no progress lines`;

function readStored(): MeasuredFile | null {
  if (!existsSync(MEASURED_PATH)) return null;
  const file = JSON.parse(readFileSync(MEASURED_PATH, 'utf8')) as MeasuredFile;
  if (file.format !== MEASURED_FORMAT) throw new Error(`${MEASURED_PATH}: not a ${MEASURED_FORMAT} file`);
  return file;
}

function pickLessons(list: string | undefined): Lesson[] {
  if (!list) return [...LESSONS];
  const ids = list.split(',').map((s) => s.trim());
  const unknown = ids.filter((id) => !LESSONS.some((l) => l.id === id));
  if (unknown.length)
    throw new Error(`unknown lesson ${unknown.join(', ')}; use ${LESSONS.map((l) => l.id).join(', ')}`);
  return LESSONS.filter((l) => ids.includes(l.id));
}

/** Keys of the measured values, shortened for a table cell. */
function measuredCell(c: StoredClaim): string {
  const parts = Object.entries(c.measured).map(([k, v]) => `${k}=${v === null ? '—' : String(v)}`);
  const text = parts.join(' ');
  return text.length > 110 ? `${text.slice(0, 107)}...` : text;
}

async function measure(
  lessons: Lesson[],
  quiet: boolean,
  reuse: Readonly<Record<string, StoredRuns>> = {},
): Promise<{ runs: Record<string, StoredRuns>; backend: string }> {
  const selection = await selectBackend('wasm', NODE_LOADERS);
  if (!quiet) console.error(`backend: ${describeSelection(selection)}`);
  const data = startNodePrefetcher();
  const runs: Record<string, StoredRuns> = {};
  try {
    const tasks = measureTasks(lessons);
    const total = tasks.reduce((n, t) => n + t.seeds.length, 0);
    let done = 0;
    for (const t of tasks) {
      const kept = reuse[t.key];
      if (kept && t.seeds.every((seed) => kept.seeds[String(seed)])) {
        runs[t.key] = kept;
        done += t.seeds.length;
        if (!quiet) console.error(`[${done}/${total}] ${t.key}: stored runs kept (--reuse)`);
        continue;
      }
      const entry: StoredRuns = { config: t.config, budget: t.budget, toEps: t.toEps, seeds: {} };
      runs[t.key] = entry;
      for (const seed of t.seeds) {
        const start = performance.now();
        const r = await measureRun(t.config, seed, {
          budget: t.budget,
          toEps: t.toEps,
          prefetcher: data.prefetcher,
        });
        entry.seeds[String(seed)] = r;
        done += 1;
        if (!quiet) {
          const last = r.testError[r.testError.length - 1];
          console.error(
            `[${done}/${total}] ${t.key} seed ${seed}: ${r.samplesSeen} samples, testError ${last ?? '—'}, ` +
              `samplesToEps ${r.samplesToEps ?? '—'}${r.diverged ? ' (diverged)' : ''} (${((performance.now() - start) / 1000).toFixed(1)} s)`,
          );
        }
      }
    }
  } finally {
    await data.close();
  }
  return { runs, backend: selection.backend };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.verify && values.stored)
    throw new Error('choose --verify (measure afresh) or --stored, not both');
  const lessons = pickLessons(values.lesson);
  const quiet = Boolean(values.quiet || values.json);

  let runs: Record<string, StoredRuns>;
  let backend: string;
  const stored = readStored();
  if (values.stored) {
    if (!stored) throw new Error(`${MEASURED_PATH} is missing: run ${MEASURE_COMMAND}`);
    runs = stored.runs;
    backend = stored.backend;
  } else {
    if (values.reuse && !values.write) throw new Error('--reuse only goes with --write');
    ({ runs, backend } = await measure(lessons, quiet, values.reuse ? (stored?.runs ?? {}) : {}));
  }

  const evaluated = lessons.map((l) => ({ lesson: l, result: evaluateLesson(l, runs) }));
  const rows = evaluated.flatMap(({ lesson, result }) =>
    result.claims.map((c) => ({ lesson: lesson.id, claim: c.claim, measured: c.measured, holds: c.holds })),
  );
  const failed = rows.filter((r) => !r.holds).length;

  if (values.json) {
    console.log(JSON.stringify(rows, null, 1));
  } else {
    console.log(
      `Lesson claims (${values.stored ? 'stored measurements' : 'measured now'}, backend ${backend}):`,
    );
    for (const { lesson, result } of evaluated) {
      for (const c of result.claims) {
        console.log(`${c.holds ? 'holds ' : 'FAILS '} ${lesson.id.padEnd(14)} ${c.claim}`);
        console.log(`       ${''.padEnd(14)} ${measuredCell(c)}`);
      }
    }
    console.log(`\n${rows.length - failed} claims hold, ${failed} fail`);
  }

  if (values.write) {
    // Read again: another process may have stored other lessons meanwhile.
    const base: MeasuredFile = readStored() ?? {
      format: MEASURED_FORMAT,
      command: MEASURE_COMMAND,
      date: '',
      backend,
      lessons: {},
      runs: {},
    };
    const lessonsOut = { ...base.lessons };
    for (const { lesson, result } of evaluated) lessonsOut[lesson.id] = result;
    // Keep only runs some lesson still refers to.
    const used = new Set(Object.values(lessonsOut).flatMap((l) => l.variants));
    const allRuns = { ...base.runs, ...runs };
    const file: MeasuredFile = {
      format: MEASURED_FORMAT,
      command: MEASURE_COMMAND,
      // Re-evaluating stored runs keeps the date they were measured.
      date: values.stored && base.date ? base.date : new Date().toISOString(),
      backend,
      lessons: Object.fromEntries(
        LESSONS.filter((l) => lessonsOut[l.id]).map((l) => [l.id, lessonsOut[l.id]!]),
      ),
      runs: Object.fromEntries(Object.entries(allRuns).filter(([k]) => used.has(k))),
    };
    writeFileSync(MEASURED_PATH, JSON.stringify(file) + '\n');
    writeFileSync(CARDS_PATH, JSON.stringify(cardsOf(file), null, 1) + '\n');
    if (!values.json) console.log(`measurements written to ${MEASURED_PATH}`);
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
