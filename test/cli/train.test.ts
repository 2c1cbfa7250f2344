/**
 * `npm run train` end to end on a small config: the summary prints the baselines and the lazy metrics of the
 * newest evaluation that has them, marks samplesToEps as not meaningful when a baseline reaches ε, and the
 * run and checkpoint files carry the baselines, `trivial` and the teacher scale R (SPEC §6, §7).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCheckpoint, parseRunExport } from '../../src/model/run-export';

const root = join(import.meta.dirname, '..', '..');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'rnn-lab-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = ['--L', '5', '--m', '32', '--batch', '8', '--ntest', '128', '--samples', '2000', '--quiet'];

function train(extra: string[]): { stdout: string; run: ReturnType<typeof parseRunExport>; ck: string } {
  const out = join(dir, `${extra.join('_')}.run.json`);
  const ck = join(dir, `${extra.join('_')}.checkpoint.json`);
  const r = spawnSync(
    process.execPath,
    [tsxCli, 'src/cli/train.ts', ...SMALL, ...extra, '--out', out, '--checkpoint', ck],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, run: parseRunExport(readFileSync(out, 'utf8')), ck: readFileSync(ck, 'utf8') };
}

const line = (stdout: string, key: string) => stdout.split('\n').find((l) => l.startsWith(key)) ?? '';

describe('npm run train', () => {
  it('prints and writes the baselines of a curved teacher, and the lazy metrics as numbers', () => {
    const { stdout, run, ck } = train(['--dIn', '2', '--R', '2.5', '--seed', '5']);
    const b = run.metrics.baselines;
    expect(b).not.toBeNull();
    expect(b?.linear).toBeGreaterThan(0.1);
    expect(b?.constant).toBeCloseTo(1, 1);
    expect(run.metrics.trivial).toBe(false);
    expect(line(stdout, 'baselines')).toContain(`linear ${b?.linear.toFixed(4)}`);
    expect(line(stdout, 'samplesToEps')).not.toMatch(/not meaningful/);
    for (const key of ['weightMovement', 'patternFlips', 'linearizationGap'])
      expect(line(stdout, key), key).toMatch(/^\S+\s+\d+\.\d+/);
    expect(parseCheckpoint(ck).teacher.scale).toBe(2.5);
  }, 150_000);

  it('marks samplesToEps as not meaningful when a linear map already reaches ε (R = 1)', () => {
    const { stdout, run } = train(['--dIn', '2', '--R', '1', '--seed', '5', '--eps', '0.2']);
    expect(run.metrics.trivial).toBe(true);
    expect(run.metrics.baselines?.linear).toBeLessThan(0.2);
    expect(line(stdout, 'samplesToEps')).toMatch(
      /not meaningful: the linear baseline already reaches ε = 0.2/,
    );
  }, 150_000);
});
