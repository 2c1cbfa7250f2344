#!/usr/bin/env node
// The one gate: typecheck, lint, unit tests (Vitest, Node) and browser tests (Chromium), in that order.
// Every step runs even when an earlier one fails, so one run shows every problem. Ends with the plain
// summary line `N passed, N failed` that CI reads: N counts test cases, plus one failure per failed gate step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'artifacts', 'test-results');
mkdirSync(outDir, { recursive: true });

let passed = 0;
let failed = 0;
const lines = [];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status === 0;
}

function gate(name, cmd, args) {
  const ok = run(cmd, args);
  lines.push(`${name.padEnd(10)} ${ok ? 'ok' : 'FAILED'}`);
  if (!ok) failed += 1;
}

function vitestSuite(name, configArgs) {
  const file = join(outDir, `${name}.json`);
  rmSync(file, { force: true });
  const ok = run('npx', [
    'vitest',
    'run',
    ...configArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ]);
  if (!existsSync(file)) {
    lines.push(`${name.padEnd(10)} FAILED (no results written)`);
    failed += 1;
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const p = r.numPassedTests ?? 0;
  const f = (r.numFailedTests ?? 0) + (r.numTodoTests ?? 0);
  const s = r.numPendingTests ?? 0;
  passed += p;
  failed += f;
  // A suite that failed to load has no failed tests but a failed status: count it.
  const brokenFiles = (r.testResults ?? []).filter(
    (t) => t.status === 'failed' && (t.assertionResults ?? []).every((a) => a.status !== 'failed'),
  ).length;
  failed += brokenFiles;
  if (s > 0) failed += s; // a skipped check is not a pass
  lines.push(
    `${name.padEnd(10)} ${p} passed, ${f + brokenFiles} failed${s ? `, ${s} skipped (counted as failed)` : ''}${ok ? '' : ' (exit code nonzero)'}`,
  );
  if (!ok && f + brokenFiles + s === 0) failed += 1;
}

gate('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
gate('lint', 'npx', ['eslint', '.']);
vitestSuite('unit', []);
// Browser tests run against the built app, so the build is a gate of its own.
gate('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
vitestSuite('browser', ['--config', 'test/e2e/vitest.config.ts']);

console.log('\nSummary');
for (const l of lines) console.log(`  ${l}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
