#!/usr/bin/env node
// The one gate: typecheck, lint, unit tests (Vitest, Node) and browser tests (Chromium and Firefox ESR), in
// that order. Every step runs even when an earlier one fails, so one run shows every problem. Ends with the
// plain summary line `N passed, N failed` that CI reads: N counts test cases, plus one failure per failed gate
// step. First it makes sure the browsers the tests drive are installed (see ensureBrowsers).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The browser tests drive the system Chromium and Firefox ESR (Debian packages; no test tool downloads a
 * browser). When one is missing: as root with apt-get, install it (one apt-get update for all); otherwise
 * stop at once with the command that installs it, rather than run the gate into a wall of failed tests.
 * Mesa's EGL and software GL come with Firefox: its WebGL runs on llvmpipe here, which the tests expect.
 */
function ensureBrowsers() {
  const browsers = [
    { name: 'Chromium', env: 'CHROMIUM_PATH', path: '/usr/bin/chromium', packages: ['chromium'] },
    {
      name: 'Firefox ESR',
      env: 'FIREFOX_PATH',
      path: '/usr/bin/firefox-esr',
      packages: ['firefox-esr', 'libegl1', 'libegl-mesa0', 'libgl1-mesa-dri'],
    },
  ];
  const runnable = (path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const stop = (message) => {
    console.error(`\n${message}\n\nSummary\n  browsers   MISSING\n0 passed, 1 failed`);
    process.exit(1);
  };
  // A path set in the environment is the caller's choice: apt cannot put a browser there.
  for (const b of browsers)
    if (process.env[b.env] && !runnable(process.env[b.env]))
      stop(`${b.env}=${process.env[b.env]}, but no ${b.name} runs there.`);
  const missing = browsers.filter((b) => !process.env[b.env] && !runnable(b.path));
  if (missing.length === 0) return;
  const packages = missing.flatMap((b) => b.packages);
  const names = missing.map((b) => b.name).join(' and ');
  const command = (sudo) => `${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && runnable('/usr/bin/apt-get');
  if (!canInstall)
    stop(`The browser tests need ${names}, not installed here. Install with:\n\n  ${command('sudo ')}`);
  console.log(`Installing ${names} (Debian packages) for the browser tests`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const ok =
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env }).status === 0 &&
    spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'inherit', env }).status === 0;
  const still = missing.filter((b) => !runnable(b.path));
  if (!ok || still.length > 0) stop(`Installing ${names} failed. Try it by hand:\n\n  ${command('')}`);
}

ensureBrowsers();

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

gate('typecheck', 'npm', ['run', '-s', 'typecheck']);
gate('lint', 'npx', ['eslint', '.']);
vitestSuite('unit', []);
// Browser tests run against the built app, so the build is a gate of its own.
gate('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
vitestSuite('browser', ['--config', 'test/e2e/vitest.config.ts']);

console.log('\nSummary');
for (const l of lines) console.log(`  ${l}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
