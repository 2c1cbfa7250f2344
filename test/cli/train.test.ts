/**
 * `npm run train` end to end on a small config: the summary prints the baselines and the lazy metrics of the
 * newest evaluation that has them, marks samplesToEps as not meaningful when a baseline reaches ε, and the
 * run and checkpoint files carry the baselines, `trivial` and the teacher scale R (SPEC §6, §7).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/model/config';
import { parseCheckpoint, parseRunExport } from '../../src/model/run-export';
import { createTeacher } from '../../src/model/teacher';

const root = join(import.meta.dirname, '..', '..');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'rnn-lab-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = ['--L', '5', '--m', '32', '--batch', '8', '--ntest', '128', '--samples', '2000', '--quiet'];

function train(extra: string[]): { stdout: string; run: ReturnType<typeof parseRunExport>; ck: string } {
  const name = extra.join('_').replace(/[^\w.-]+/g, '_');
  const out = join(dir, `${name}.run.json`);
  const ck = join(dir, `${name}.checkpoint.json`);
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
  it('trains a formula teacher from flags and from a JSON config, and the checkpoint stores the formula and its directions', () => {
    const formula = 'relu(dot(u, x[j-1])) - relu(dot(u, x[j-3]))';
    const flags = train(['--dIn', '2', '--seed', '4', '--concept', 'formula', '--formula', formula]);
    expect(flags.run.config.concept).toBe('formula');
    expect(flags.run.config.formula).toBe(formula);
    // A difference of two ReLUs is curved: the linear baseline is well above 0 and the constant one near 1.
    expect(flags.run.metrics.baselines?.linear).toBeGreaterThan(0.05);
    expect(flags.run.metrics.baselines?.constant).toBeCloseTo(1, 1);
    const ck = parseCheckpoint(flags.ck);
    expect(ck.teacher.formula?.text).toBe(formula);
    // The stored direction u is the one the seed draws: the checkpoint carries the teacher itself.
    const resolved = resolveConfig({ ...ck.config });
    if (!resolved.ok) throw new Error(resolved.errors.join('; '));
    const fresh = createTeacher(resolved.config);
    expect(Array.from(ck.teacher.formula?.directions[0] ?? [])).toEqual(
      Array.from(fresh.formula?.directions[0] ?? []),
    );
    expect(ck.teacher.formula?.directions[0]?.length).toBe(2);

    const cfg = join(dir, 'formula-config.json');
    writeFileSync(cfg, JSON.stringify({ L: 5, dIn: 2, seed: 4, concept: 'formula', formula }));
    const file = train(['--config', cfg]);
    expect(file.run.config.formula).toBe(formula);
    expect(file.run.metrics.baselines?.linear).toBe(flags.run.metrics.baselines?.linear);
  }, 200_000);

  it('refuses a formula that reads the current token, with the parser message and no traceback', () => {
    const r = spawnSync(
      process.execPath,
      [tsxCli, 'src/cli/train.ts', ...SMALL, '--concept', 'formula', '--formula', 'x[j] + 1'],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/formula: .*x\[j\].*earlier tokens/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 150_000);
});
