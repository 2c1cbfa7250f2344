/**
 * The shipped results of the built-in experiments (public/experiments/<name>.json, made by the CLI). A file
 * is checked before use: its format tag, its runs, and its sweep spec (validated like any other), and its
 * summary and fits are rebuilt from the runs, so the page shows exactly what its runs say.
 */
import { z } from '../model/zod';
import { buildSweepResult, SWEEP_FORMAT, type SweepResult } from '../model/sweep-result';
import { validateSweep, type SweepSpec } from '../model/sweep-spec';

/** A shipped result, ready to show. */
export interface Precomputed {
  spec: SweepSpec;
  result: SweepResult;
}

const valueSchema = z.union([z.number(), z.string()]);
const runSchema = z.object({
  value: valueSchema,
  series: valueSchema.optional(),
  seed: z.number().int(),
  samplesToEps: z.number().nonnegative().nullable(),
  finalTestError: z.number().nullable(),
  samplesSeen: z.number().nonnegative(),
  diverged: z.boolean(),
  seconds: z.number().nonnegative(),
  lr: z.number().positive().optional(),
  linearBaseline: z.number().nonnegative().optional(),
});
const pilotSchema = z.object({
  value: valueSchema,
  series: valueSchema.optional(),
  chosen: z.number().positive(),
  tried: z.array(
    z.object({ lr: z.number().positive(), testError: z.number().nullable(), diverged: z.boolean() }),
  ),
});
const fileSchema = z.object({
  format: z.literal(SWEEP_FORMAT),
  runs: z.array(runSchema),
  pilots: z.array(pilotSchema).optional(),
  command: z.string().optional(),
  date: z.string().optional(),
  backend: z.string().optional(),
});

/** The address of a built-in's shipped result, relative to the page (the app is built with base './'). */
export function precomputedUrl(name: string, base: string): string {
  return new URL(`experiments/${encodeURIComponent(name)}.json`, base).href;
}

/** Reads a result file's JSON; throws an Error whose message says what is wrong with it. */
export function parsePrecomputed(json: unknown): Precomputed {
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    const first = file.error.issues[0];
    throw new Error(
      `it is not a sweep result (${first ? `${first.path.join('.')}: ${first.message}` : 'bad shape'})`,
    );
  }
  const checked = validateSweep(json);
  if (!checked.ok) throw new Error(`its sweep is not valid (${checked.errors.join(' ')})`);
  const { command, date, backend } = file.data;
  const meta = {
    ...(command ? { command } : {}),
    ...(date ? { date } : {}),
    ...(backend ? { backend } : {}),
  };
  return {
    spec: checked.spec,
    result: buildSweepResult(checked.spec, file.data.runs, meta, file.data.pilots ?? []),
  };
}

/** Fetches and reads one shipped result; the error says which file failed and why. */
export async function loadPrecomputed(
  name: string,
  base: string,
  fetcher: typeof fetch = fetch,
): Promise<Precomputed> {
  const url = precomputedUrl(name, base);
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (e) {
    throw new Error(`Could not load ${url}: ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
  if (!response.ok) throw new Error(`Could not load ${url}: the server answered ${response.status}.`);
  try {
    return parsePrecomputed(await response.json());
  } catch (e) {
    throw new Error(`The file ${url} cannot be shown: ${e instanceof Error ? e.message : String(e)}.`, {
      cause: e,
    });
  }
}
