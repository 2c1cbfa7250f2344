/**
 * Sharded sweeps: the slicing rule, and end to end through the real CLI three shards run as parallel
 * processes and merged, compared with the unsharded sweep byte for byte apart from the timing fields
 * (TIMING_FIELDS: the date and each run's seconds); then parts that do not make one sweep, each refused
 * with its own message.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergedArgs } from '../../src/cli/sweep-shards';
import { codeVersion } from '../../src/cli/sweep-version';
import { planSweep, validateSweep, type SweepSpec } from '../../src/model/sweep-spec';
import {
  mergeShards,
  parseShardId,
  readShard,
  shardRuns,
  TIMING_FIELDS,
  type ShardFile,
} from '../../src/model/sweep-shard';
import type { SweepResult } from '../../src/model/sweep-result';

const root = join(import.meta.dirname, '..', '..');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const sweepCli = join(root, 'src', 'cli', 'sweep.ts');
const tmp = mkdtempSync(join(tmpdir(), 'sweep-shard-'));
// Fixed, so that a commit or an edit elsewhere in the tree while the shards run cannot split them.
const env = { ...process.env, RNN_LAB_CODE_VERSION: 'test-version' };

/** Four widths, two seeds and η pilots: 8 runs, so 3 shards share points (and rerun their pilots). */
const SPEC = {
  experiment: 'tiny-m',
  variable: 'm',
  values: [48, 64, 80, 96],
  seeds: 2,
  eps: 0.12,
  budget: 12000,
  lrRule: { grid: [0.5, 1], pilotSamples: 160, pilotSeed: 0 },
  config: { concept: 'additive', L: 5, dIn: 2, R: 2.5, p: 1, ntest: 64 },
};

function spec(): SweepSpec {
  const r = validateSweep(SPEC);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.spec;
}

/** The CLI in `cwd`, as a promise of its status and output. */
function sweep(args: string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, sweepCli, ...args], { cwd, env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** The text with the timing fields (TIMING_FIELDS) blanked; every other byte is kept. */
function withoutTiming(text: string): string {
  return text.replace(/^( *"seconds": )[^,\n]+/gm, '$10').replace(/^( *"date": )"[^"]*"/gm, '$1""');
}

describe('shard slices', () => {
  it('are round-robin over the plan: shard K/N holds the runs with index mod N = K - 1, each run once', () => {
    const plan = planSweep(spec());
    for (const count of [1, 2, 3, 8]) {
      const slices = Array.from({ length: count }, (_, k) => shardRuns(plan, { index: k + 1, count }));
      expect(
        slices
          .flat()
          .map((r) => r.index)
          .sort((a, b) => a - b),
      ).toEqual(plan.map((r) => r.index));
      slices.forEach((slice, k) => {
        for (const run of slice) expect(run.index % count).toBe(k);
      });
    }
    expect(shardRuns(plan, { index: 2, count: 3 }).map((r) => [r.value, r.seed])).toEqual([
      [64, 1],
      [48, 2],
      [96, 2],
    ]);
  });

  it('are named K/N with K from 1', () => {
    expect(parseShardId('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '3', '1/0', 'a/b']) expect(() => parseShardId(bad)).toThrow(/K\/N/);
  });

  it('record the sweep without --shard; the merge puts its own outputs where --out was', () => {
    expect(mergedArgs(['x.json', '--quiet', '--out', 'part-1.json', '--m', '8'], 'sweep.json', null)).toEqual(
      ['x.json', '--quiet', '--out', 'sweep.json', '--m', '8'],
    );
    expect(mergedArgs(['x.json', '--out=p.json'], 's.json', 's.csv')).toEqual([
      'x.json',
      '--out',
      's.json',
      '--csv',
      's.csv',
    ]);
  });

  it('record a code version: the environment’s, else the package version and commit, else the package’s', () => {
    expect(codeVersion(root, { RNN_LAB_CODE_VERSION: 'v9' })).toBe('v9');
    const pkg = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
    const version = codeVersion(root, {});
    expect(version.startsWith(`${pkg}+`)).toBe(true);
    expect(version).toMatch(/^[^+]+\+[0-9a-f]{40}(\.dirty\.[0-9a-f]{12})?$/);
    // A commit made while this runs moves HEAD; the version was read just before.
    if (head === spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim()) {
      expect(version.slice(pkg.length + 1, pkg.length + 41)).toBe(head);
    }
    const bare = mkdtempSync(join(tmpdir(), 'no-git-'));
    writeFileSync(join(bare, 'package.json'), JSON.stringify({ version: '7.0.1' }));
    expect(codeVersion(bare, {})).toBe('7.0.1');
  });
});

describe('three shards as parallel processes, merged', () => {
  const whole = join(tmp, 'whole');
  const sharded = join(tmp, 'sharded');
  const parts: ShardFile[] = [];

  beforeAll(async () => {
    for (const dir of [whole, sharded]) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'spec.json'), JSON.stringify(SPEC));
    }
    // The same relative paths in both folders, so the recorded commands match too.
    const unsharded = await sweep(
      ['spec.json', '--quiet', '--out', 'sweep.json', '--csv', 'sweep.csv'],
      whole,
    );
    expect(unsharded.status, unsharded.stderr).toBe(0);
    const shards = await Promise.all(
      [1, 2, 3].map((k) =>
        sweep(['spec.json', '--quiet', '--shard', `${k}/3`, '--out', `part-${k}.json`], sharded),
      ),
    );
    for (const s of shards) expect(s.status, s.stderr).toBe(0);
    for (const k of [1, 2, 3]) {
      parts.push(JSON.parse(readFileSync(join(sharded, `part-${k}.json`), 'utf8')) as ShardFile);
    }
  }, 240_000);

  it('write shard files that hold their slice, the full spec, the code version and their pilots', () => {
    const plan = planSweep(spec());
    parts.forEach((part, i) => {
      expect(part).toMatchObject({
        format: 'rnn-learnability-lab/sweep-shard@1',
        shard: { index: i + 1, count: 3 },
        codeVersion: 'test-version',
        args: ['spec.json', '--quiet', '--out', `part-${i + 1}.json`],
        complete: true,
        backend: 'wasm',
      });
      expect(part.spec).toMatchObject({ values: SPEC.values, seeds: [1, 2], budget: SPEC.budget });
      const slice = shardRuns(plan, { index: i + 1, count: 3 });
      expect(part.runIndices).toEqual(slice.map((r) => r.index));
      expect(part.runs.map((r) => [r.value, r.seed])).toEqual(slice.map((r) => [r.value, r.seed]));
      // One pilot per point the shard runs, and no other.
      expect(part.pilots.map((p) => p.value).sort()).toEqual([...new Set(slice.map((r) => r.value))].sort());
      expect(part).not.toHaveProperty('fits');
    });
    // Points shared by shards: each reran the pilot and got the same η from the same errors.
    expect(parts[0]?.pilots.find((p) => p.value === 96)).toEqual(
      parts[1]?.pilots.find((p) => p.value === 96),
    );
  });

  it('merge to the unsharded result byte for byte apart from the timing fields, fits and pilots included', async () => {
    const merged = await sweep(
      ['merge', 'part-1.json', 'part-2.json', 'part-3.json', '--out', 'sweep.json', '--csv', 'sweep.csv'],
      sharded,
    );
    expect(merged.status, merged.stderr).toBe(0);
    expect(TIMING_FIELDS).toEqual(['date', 'runs[].seconds']);
    const a = readFileSync(join(whole, 'sweep.json'), 'utf8');
    const b = readFileSync(join(sharded, 'sweep.json'), 'utf8');
    expect(withoutTiming(b)).toBe(withoutTiming(a));
    expect(withoutTiming(a)).not.toBe(a); // the timing fields were there to blank
    const result = JSON.parse(b) as SweepResult;
    expect(result.complete).toBe(true);
    expect(result.fits?.powerLaw).not.toBeNull();
    expect(result.pilots?.map((p) => p.value)).toEqual(SPEC.values);
    expect(result.command).toBe('npm run sweep -- spec.json --quiet --out sweep.json --csv sweep.csv');
    // The CSV too, apart from its seconds column.
    const csv = (dir: string) =>
      readFileSync(join(dir, 'sweep.csv'), 'utf8').replace(/^((?:[^,\n]*,){12})[^,\n]*/gm, '$1');
    expect(csv(sharded)).toBe(csv(whole));
  }, 60_000);

  it('refuses parts that do not make one sweep, each with a plain message', () => {
    const read = (files: ShardFile[]) => files.map((f, i) => readShard(`part-${f.shard.index}.json#${i}`, f));
    const edit = (k: number, change: (f: ShardFile) => void) => {
      const copy = structuredClone(parts);
      change(copy[k] as ShardFile);
      return copy;
    };
    const [p1, p2, p3] = parts as [ShardFile, ShardFile, ShardFile];
    const cases: [ShardFile[], RegExp][] = [
      [[p1, p2], /missing shard 3\/3 of 3/],
      [[p1, p2, p2, p3], /shard 2\/3 is given twice/],
      [edit(2, (f) => (f.spec.budget = 999)), /from another sweep .*\(budget: 12000 in .*, 999 in /],
      [edit(1, (f) => ((f.spec.config as Record<string, unknown>).L = 6)), /config\.L: 5 in .*, 6 in /],
      [edit(1, (f) => (f.spec.seeds = [1, 3])), /seeds: \[1,2\] in .*, \[1,3\] in /],
      [edit(2, (f) => (f.codeVersion = 'other')), /another code version \(other\) than .* \(test-version\)/],
      [edit(1, (f) => (f.shard.count = 4)), /another shard count \(4\)/],
      [edit(1, (f) => ((f.complete = false), f.runs.pop())), /holds 2 of its 3 runs: it was stopped/],
      [edit(0, (f) => f.runs.reverse()), /run 1 is m = 80, seed 2, but shard 1\/3 runs m = 48, seed 1 there/],
      [
        edit(1, (f) => ((f.pilots[0] as ShardFile['pilots'][number]).chosen = 0.5)),
        /η pilots of m = \d+ differ/,
      ],
    ];
    expect(() => mergeShards(read(parts))).not.toThrow();
    for (const [files, message] of cases) expect(() => mergeShards(read(files))).toThrow(message);
    expect(() =>
      readShard('sweep.json', JSON.parse(readFileSync(join(whole, 'sweep.json'), 'utf8'))),
    ).toThrow(/is a whole sweep result, not a shard/);
    expect(() => readShard('x.json', { ...p1, runs: [{ value: 48 }] })).toThrow(
      /x\.json is not a sweep shard .*runs\.0/,
    );
  });

  it('fails through the CLI with status 1 on a mismatch and 2 on a bad --shard', async () => {
    writeFileSync(join(sharded, 'odd.json'), JSON.stringify({ ...parts[2], codeVersion: 'other' }));
    const r = await sweep(['merge', 'part-1.json', 'part-2.json', 'odd.json', '--out', 'bad.json'], sharded);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: odd\.json has another code version/m);
    const bad = await sweep(['spec.json', '--shard', '9/8', '--out', 'x.json'], sharded);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--shard: "9\/8" is not K\/N/);
  }, 60_000);
});
