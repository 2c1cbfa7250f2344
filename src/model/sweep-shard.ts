/**
 * Shards of a sweep (`rnn-learnability-lab/sweep-shard@1`) and their merge. Shard K of N (1-based) holds
 * the planned runs whose 0-based index i in planSweep's order (seed by seed) has i mod N = K − 1:
 * round-robin, so every shard gets a share of every seed and length. Under an lrRule each shard reruns the
 * η pilots of the points its runs need (the pilots are deterministic: pilotSeed, pilotSamples), and the
 * merge checks that shards sharing a point chose the same η from the same pilot errors. A shard file is not
 * a result: it has no summary or fits; the merge builds those with buildSweepResult from all the runs in
 * plan order, so the merged file equals the unsharded sweep's apart from the timing fields.
 */
import { z } from './zod';
import { planSweep, sweepInputOf, validateSweep, type PlannedRun, type SweepSpec } from './sweep-spec';
import { pointKey, type PilotRecord, type SweepRunRecord } from './sweep';

export const SHARD_FORMAT = 'rnn-learnability-lab/sweep-shard@1';

/** Fields that hold wall-clock time: the only ones in which a merged sweep may differ from an unsharded one. */
export const TIMING_FIELDS = ['date', 'runs[].seconds'] as const;

export interface ShardId {
  /** 1-based: shard 1/N is the first. */
  index: number;
  count: number;
}

/** A shard file: the full spec, which slice it ran, with which code, and its pilot and run records. */
export interface ShardFile {
  format: typeof SHARD_FORMAT;
  shard: ShardId;
  /** The code that ran it (package version and commit, see src/cli/sweep-version.ts). */
  codeVersion: string;
  /** The sweep's command-line arguments without --shard (its --out is replaced by the merge's). */
  args: string[];
  date: string;
  backend: string;
  /** True when every run of the slice is in `runs`. */
  complete: boolean;
  /** Plan indices of the slice, for readers; the merge recomputes them. */
  runIndices: number[];
  spec: ReturnType<typeof sweepInputOf>;
  pilots: PilotRecord[];
  runs: SweepRunRecord[];
}

/** The planned runs of shard K/N. */
export function shardRuns(plan: readonly PlannedRun[], shard: ShardId): PlannedRun[] {
  return plan.filter((run) => run.index % shard.count === shard.index - 1);
}

/** Reads "K/N" (1 <= K <= N), or throws with a plain message. */
export function parseShardId(text: string): ShardId {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new Error(
      `--shard: ${JSON.stringify(text)} is not K/N with 1 <= K <= N (shards count from 1: a Kubernetes job index or Slurm task id 0 is shard 1/N).`,
    );
  }
  return { index, count };
}

const valueSchema = z.union([z.number(), z.string()]);
const runSchema = z.object({
  value: valueSchema,
  series: valueSchema.optional(),
  seed: z.number().int().min(0),
  lr: z.number().optional(),
  samplesToEps: z.number().int().min(0).nullable(),
  finalTestError: z.number().nullable(),
  samplesSeen: z.number().int().min(0),
  diverged: z.boolean(),
  seconds: z.number().min(0),
  linearBaseline: z.number().optional(),
});
const pilotSchema = z.object({
  value: valueSchema,
  series: valueSchema.optional(),
  chosen: z.number(),
  tried: z.array(z.object({ lr: z.number(), testError: z.number().nullable(), diverged: z.boolean() })),
});
const shardSchema = z.object({
  format: z.literal(SHARD_FORMAT),
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }),
  codeVersion: z.string().min(1),
  args: z.array(z.string()),
  date: z.string(),
  backend: z.string(),
  complete: z.boolean(),
  runIndices: z.array(z.number().int().min(0)),
  spec: z.record(z.string(), z.unknown()),
  pilots: z.array(pilotSchema),
  runs: z.array(runSchema),
});

/** A shard file read back: its name (for messages), its contents and its validated spec. */
export interface ShardPart {
  name: string;
  file: ShardFile;
  spec: SweepSpec;
}

export class MergeError extends Error {}

/** Validates one parsed shard file; `name` is how messages refer to it. */
export function readShard(name: string, json: unknown): ShardPart {
  const format = (json as { format?: unknown } | null)?.format;
  if (format === 'rnn-learnability-lab/sweep@1') {
    throw new MergeError(`${name} is a whole sweep result, not a shard (made without --shard).`);
  }
  const parsed = shardSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new MergeError(`${name} is not a sweep shard (${SHARD_FORMAT}): ${where}${issue?.message ?? ''}.`);
  }
  if (parsed.data.shard.index > parsed.data.shard.count) {
    throw new MergeError(`${name}: shard ${parsed.data.shard.index}/${parsed.data.shard.count} is not K/N.`);
  }
  const spec = validateSweep(parsed.data.spec);
  if (!spec.ok) throw new MergeError(`${name}: its sweep is not valid: ${spec.errors.join('; ')}`);
  // The records as written (key order included), so the merged file matches the unsharded one byte for byte.
  return { name, file: json as ShardFile, spec: spec.spec };
}

const canonical = (x: unknown) => JSON.stringify(x);

/** The first spec field in which two parts differ, as a sentence; null when they describe one sweep. */
function specDifference(a: ShardPart, b: ShardPart): string | null {
  const x = sweepInputOf(a.spec) as Record<string, unknown>;
  const y = sweepInputOf(b.spec) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  for (const key of keys) {
    if (key === 'config') continue;
    if (canonical(x[key]) !== canonical(y[key])) {
      return `${key}: ${canonical(x[key])} in ${a.name}, ${canonical(y[key])} in ${b.name}`;
    }
  }
  const cx = x.config as Record<string, unknown>;
  const cy = y.config as Record<string, unknown>;
  for (const key of Object.keys(cx)) {
    if (canonical(cx[key]) !== canonical(cy[key])) {
      return `config.${key}: ${canonical(cx[key])} in ${a.name}, ${canonical(cy[key])} in ${b.name}`;
    }
  }
  return null;
}

function describeRun(spec: SweepSpec, run: { value: unknown; series?: unknown; seed: number }): string {
  const series =
    run.series !== undefined && run.series !== null
      ? `${spec.series?.variable} = ${String(run.series)}, `
      : '';
  return `${series}${spec.variable} = ${String(run.value)}, seed ${run.seed}`;
}

/** What the merge produces: the inputs of buildSweepResult, in the order an unsharded sweep has them. */
export interface MergedSweep {
  spec: SweepSpec;
  records: SweepRunRecord[];
  pilots: PilotRecord[];
  /** The first shard's arguments (without --shard). */
  args: string[];
  /** The earliest shard's start. */
  date: string;
  backend: string;
  codeVersion: string;
}

/**
 * Checks that `parts` are all N shards of one sweep (same spec, shard count, code version and backend; each
 * index once; each complete with exactly its slice's runs; the same pilots wherever two share a point) and
 * puts their records in plan order. Throws MergeError with a plain message otherwise.
 */
export function mergeShards(parts: readonly ShardPart[]): MergedSweep {
  const first = parts[0];
  if (!first) throw new MergeError('merge needs the shard files (part-*.json).');
  for (const part of parts.slice(1)) {
    const diff = specDifference(first, part);
    if (diff) throw new MergeError(`${part.name} is from another sweep than ${first.name} (${diff}).`);
    const same = (what: string, a: unknown, b: unknown) => {
      if (a !== b) {
        throw new MergeError(
          `${part.name} has another ${what} (${String(b)}) than ${first.name} (${String(a)}).`,
        );
      }
    };
    same('shard count', first.file.shard.count, part.file.shard.count);
    same('code version', first.file.codeVersion, part.file.codeVersion);
    same('backend', first.file.backend, part.file.backend);
  }
  const count = first.file.shard.count;
  const byIndex = new Map<number, ShardPart>();
  for (const part of parts) {
    const twin = byIndex.get(part.file.shard.index);
    if (twin)
      throw new MergeError(
        `shard ${part.file.shard.index}/${count} is given twice (${twin.name} and ${part.name}).`,
      );
    byIndex.set(part.file.shard.index, part);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length) {
    throw new MergeError(
      `missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} of ${count}.`,
    );
  }
  const spec = first.spec;
  const plan = planSweep(spec);
  const records: (SweepRunRecord | undefined)[] = new Array(plan.length);
  const pilotByPoint = new Map<string, { pilot: PilotRecord; from: string }>();
  for (let k = 1; k <= count; k++) {
    const part = byIndex.get(k) as ShardPart;
    const slice = shardRuns(plan, { index: k, count });
    if (!part.file.complete || part.file.runs.length < slice.length) {
      throw new MergeError(
        `${part.name} (shard ${k}/${count}) holds ${part.file.runs.length} of its ${slice.length} runs: it was stopped before the end; run that shard again.`,
      );
    }
    slice.forEach((planned, i) => {
      const run = part.file.runs[i] as SweepRunRecord;
      if (
        run.value !== planned.value ||
        (run.series ?? null) !== planned.series ||
        run.seed !== planned.seed
      ) {
        throw new MergeError(
          `${part.name}: run ${i + 1} is ${describeRun(spec, run)}, but shard ${k}/${count} runs ${describeRun(spec, planned)} there.`,
        );
      }
      records[planned.index] = run;
    });
    if (part.file.runs.length > slice.length) {
      throw new MergeError(
        `${part.name} holds more runs (${part.file.runs.length}) than shard ${k}/${count} has (${slice.length}).`,
      );
    }
    const needed = new Set(slice.map((r) => pointKey(r.value, r.series)));
    const ran = new Set<string>();
    for (const pilot of part.file.pilots) {
      const key = pointKey(pilot.value, pilot.series);
      if (!needed.has(key) || ran.has(key)) {
        throw new MergeError(
          `${part.name}: a pilot for ${describeRun(spec, { ...pilot, seed: spec.lrRule?.pilotSeed ?? 0 })} does not belong to shard ${k}/${count}.`,
        );
      }
      ran.add(key);
      const other = pilotByPoint.get(key);
      if (other && canonical(other.pilot) !== canonical(pilot)) {
        throw new MergeError(
          `the η pilots of ${spec.variable} = ${String(pilot.value)} differ between ${other.from} (η = ${other.pilot.chosen}) and ${part.name} (η = ${pilot.chosen}): the shards did not compute the same thing.`,
        );
      }
      if (!other) pilotByPoint.set(key, { pilot, from: part.name });
    }
    if (spec.lrRule && ran.size !== needed.size) {
      throw new MergeError(`${part.name}: the η pilots of some of its points are missing.`);
    }
  }
  // Pilots in the order an unsharded sweep runs them: by each point's first run in the plan.
  const pilots: PilotRecord[] = [];
  for (const run of plan) {
    const entry = pilotByPoint.get(pointKey(run.value, run.series));
    if (entry && !pilots.includes(entry.pilot)) pilots.push(entry.pilot);
  }
  const dates = parts.map((p) => p.file.date).sort();
  return {
    spec,
    records: records as SweepRunRecord[],
    pilots,
    args: (byIndex.get(1) as ShardPart).file.args,
    date: dates[0] as string,
    backend: first.file.backend,
    codeVersion: first.file.codeVersion,
  };
}
