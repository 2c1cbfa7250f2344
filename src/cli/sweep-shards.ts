/**
 * The command line's side of shards: the shard file a `--shard K/N` run writes, and
 * `npm run sweep -- merge part-*.json --out sweep.json [--csv sweep.csv]`, which checks the parts and writes
 * the result the unsharded sweep writes (src/model/sweep-shard.ts has the rules).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSweepResult, sweepToCsv, type SweepResult } from '../model/sweep-result';
import { sweepInputOf, type PlannedRun, type SweepSpec } from '../model/sweep-spec';
import type { PilotRecord, SweepRunRecord } from '../model/sweep';
import {
  MergeError,
  mergeShards,
  readShard,
  SHARD_FORMAT,
  type ShardFile,
  type ShardId,
} from '../model/sweep-shard';
import { UsageError } from './args';
import { dropFlags, shellQuote } from './sweep-args';

export function shardFile(
  spec: SweepSpec,
  shard: ShardId,
  slice: readonly PlannedRun[],
  meta: { args: string[]; date: string; backend: string; codeVersion: string },
  records: readonly SweepRunRecord[],
  pilots: readonly PilotRecord[],
): ShardFile {
  return {
    format: SHARD_FORMAT,
    shard: { ...shard },
    codeVersion: meta.codeVersion,
    args: [...meta.args],
    date: meta.date,
    backend: meta.backend,
    complete: records.length === slice.length,
    runIndices: slice.map((r) => r.index),
    spec: sweepInputOf(spec),
    pilots: [...pilots],
    runs: [...records],
  };
}

export interface MergeOptions {
  files: string[];
  out: string | null;
  csv: string | null;
}

/** Arguments after `merge`: the shard files, --out and --csv. */
export function parseMergeArgs(argv: string[]): MergeOptions {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, csv: { type: 'string' }, quiet: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(
      `${e instanceof Error ? e.message : String(e)}. Usage: npm run sweep -- merge part-*.json --out sweep.json [--csv sweep.csv]`,
    );
  }
  if (!parsed.positionals.length) {
    throw new UsageError(
      'merge: give the shard files, e.g. npm run sweep -- merge part-*.json --out sweep.json',
    );
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  return {
    files: parsed.positionals,
    out: typeof v.out === 'string' ? v.out : null,
    csv: typeof v.csv === 'string' ? v.csv : null,
  };
}

function readJson(path: string): unknown {
  try {
    if (statSync(path).size > 64 * 1024 * 1024) throw new MergeError(`${path} is larger than 64 MiB.`);
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof MergeError) throw e;
    throw new MergeError(`cannot read ${path} (${e instanceof Error ? e.message : String(e)}).`);
  }
}

/**
 * The sweep's arguments with the merge's outputs in place of the shard's --out: the command that makes
 * the merged file in one go.
 */
export function mergedArgs(args: readonly string[], out: string | null, csv: string | null): string[] {
  const { kept, at } = dropFlags(args, ['out', 'csv']);
  const outputs = [...(out ? ['--out', out] : []), ...(csv ? ['--csv', csv] : [])];
  return [...kept.slice(0, at), ...outputs, ...kept.slice(at)];
}

/** Reads, checks and merges the parts; returns the result (written to --out / --csv). */
export function runMerge(options: MergeOptions): SweepResult {
  const parts = options.files.map((f) => readShard(f, readJson(f)));
  const merged = mergeShards(parts);
  const command = ['npm', 'run', 'sweep', '--', ...mergedArgs(merged.args, options.out, options.csv)]
    .map(shellQuote)
    .join(' ');
  const result = buildSweepResult(
    merged.spec,
    merged.records,
    { command, date: merged.date, backend: merged.backend },
    merged.pilots,
  );
  if (options.out) writeFileSync(options.out, JSON.stringify(result, null, 1) + '\n');
  if (options.csv) writeFileSync(options.csv, sweepToCsv(result));
  return result;
}
