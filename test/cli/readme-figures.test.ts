/**
 * The figures the README states about the default run are measured, not typed: `npm run train` on the
 * defaults (seed 1, the default 65,536 samples) prints the test error and the best linear map the README
 * gives, to the digits it gives them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

describe('README figures', () => {
  it('the default run reaches the stated test error, against the stated linear map', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const m =
      /reaches a test error of ([0-9.]+) after the default 65,536 samples .*? against ([0-9.]+) for the best linear map/.exec(
        readme,
      );
    expect(m, 'the README sentence on the default run').not.toBeNull();
    const r = spawnSync(process.execPath, [tsxCli, 'src/cli/train.ts', '--quiet'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const err = /^testError\s+([0-9.]+)/m.exec(r.stdout)?.[1];
    const linear = /^baselines\s+linear ([0-9.]+)/m.exec(r.stdout)?.[1];
    const digits = (x: string) => x.split('.')[1]?.length ?? 0;
    expect(Number(err).toFixed(digits(m?.[1] ?? ''))).toBe(m?.[1]);
    expect(Number(linear).toFixed(digits(m?.[2] ?? ''))).toBe(m?.[2]);
  }, 300_000);
});
