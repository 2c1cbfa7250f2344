/**
 * `npm run lessons` in the test suite, reduced: (1) every stored lesson run is reproduced by the engine as it
 * is now — the first evaluations of seed 1 of each measured config, retrained on wasm, match the stored
 * history — so the stored file is a measurement of this code, not of an older one; (2) the cheapest lesson
 * is verified live end to end through the CLI (train, check, JSON); (3) the stored claims all hold through
 * the CLI, which exits 0, and its JSON has the shape of the issue.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureRun } from '../../src/cli/lesson-runner';
import type { MeasuredFile } from '../../src/model/lessons/measured';
import { useBackend } from '../helpers/backend';

const root = join(import.meta.dirname, '..', '..');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const measured = JSON.parse(
  readFileSync(join(root, 'src', 'model', 'lessons', 'measured.json'), 'utf8'),
) as MeasuredFile;

/** Samples of each stored run that are retrained here: the first evaluations, a few seconds per config. */
const PREFIX = 2_500;

function lessons(args: string[]) {
  const r = spawnSync(process.execPath, [tsxCli, 'src/cli/lessons.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  lesson: string;
  claim: string;
  measured: Record<string, unknown>;
  holds: boolean;
}

describe('npm run lessons (reduced)', () => {
  beforeAll(() => useBackend('wasm'));

  it('reproduces the start of every stored run on this engine', async () => {
    const keys = Object.keys(measured.runs);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      const stored = measured.runs[key];
      const first = stored?.seeds['1'];
      if (!stored || !first) throw new Error(`${key}: no seed 1`);
      const budget = Math.min(stored.budget, PREFIX);
      const again = await measureRun(stored.config, 1, { budget, toEps: false });
      const n = again.samples.length;
      if (first.diverged) {
        // A run that diverged within the prefix diverges again at the same point.
        expect(again.diverged, key).toBe(true);
        expect(again.samplesSeen, key).toBe(first.samplesSeen);
      } else expect(n, key).toBeGreaterThan(2);
      expect(first.samples.slice(0, n - 1), key).toEqual(again.samples.slice(0, n - 1));
      // Every scheduled evaluation within the prefix (the last one may be the extra one at the budget).
      for (let i = 0; i < n - 1; i++) {
        const a = first.testError[i];
        const b = again.testError[i];
        if (a === null || a === undefined || b === null || b === undefined) expect(b, `${key} #${i}`).toBe(a);
        else expect(Math.abs(a - b), `${key} testError #${i}`).toBeLessThanOrEqual(1e-4 * Math.abs(a) + 1e-9);
      }
      expect(again.baselines.linear).toBeCloseTo(first.baselines.linear, 5);
    }
  }, 600_000);

  it('verifies the cheapest lesson live and prints the JSON of the issue', () => {
    const r = lessons(['--verify', '--json', '--lesson', 'too-large-lr']);
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.length).toBe(1);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['claim', 'holds', 'lesson', 'measured']);
      expect(row.lesson).toBe('too-large-lr');
      expect(row.holds).toBe(true);
    }
    // Measured now, it equals what is stored.
    expect(rows[0]?.measured).toEqual(measured.lessons['too-large-lr']?.claims[0]?.measured);
  });

  it('checks every stored claim and exits 0 when all hold', () => {
    const r = lessons(['--stored']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const total = Object.values(measured.lessons).reduce((n, l) => n + l.claims.length, 0);
    expect(r.stdout).toContain(`${total} claims hold, 0 fail`);
    const json = lessons(['--stored', '--json']);
    const rows = JSON.parse(json.stdout) as Row[];
    expect(rows).toHaveLength(total);
    expect(rows.every((row) => row.holds)).toBe(true);
  });

  it('explains bad flags', () => {
    const r = lessons(['--lesson', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown lesson nope/);
  });
});
