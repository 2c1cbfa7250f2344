/**
 * The cluster files of docs/cluster.md, tested without a cluster: the Kubernetes Indexed Job is parsed and
 * its container script run with sh against a stub of the CLI, the Slurm array script is run with bash and a
 * stub sweep command, and the Dockerfile names files and a CLI that exist. (No docker here: the image
 * itself is not built.)
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'sweep-deploy-'));

/** An executable that prints its arguments, one a line. */
function stub(path: string): string {
  writeFileSync(path, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
  chmodSync(path, 0o755);
  return path;
}

interface Container {
  image: string;
  command: string[];
  args: string[];
  env?: { name: string; value: string }[];
}

function jobOf(file: string) {
  const docs = parseAllDocuments(readFileSync(join(root, file), 'utf8'));
  expect(docs).toHaveLength(1);
  for (const d of docs) if ('errors' in d) expect(d.errors).toEqual([]);
  return (docs[0] as { toJS(): unknown }).toJS() as {
    kind: string;
    spec: {
      completionMode?: string;
      completions: number;
      parallelism?: number;
      template: {
        spec: { containers: Container[]; volumes: { persistentVolumeClaim: { claimName: string } }[] };
      };
    };
  };
}

describe('Kubernetes Indexed Job (deploy/k8s/sweep-job.yaml)', () => {
  const job = jobOf('deploy/k8s/sweep-job.yaml');
  const container = job.spec.template.spec.containers[0] as Container;
  const shards = Number(container.env?.find((e) => e.name === 'SHARDS')?.value);

  it('is an Indexed Job with one completion per shard', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(shards);
    expect(job.spec.parallelism).toBeLessThanOrEqual(shards);
    expect(container.command).toEqual(['/bin/sh', '-c']);
    expect(container.args[0]).toContain('JOB_COMPLETION_INDEX');
  });

  it('runs shard index + 1 of N from JOB_COMPLETION_INDEX, writing part-K.json to the volume', () => {
    // The script as the pod runs it, with /app/node_modules/.bin/tsx pointed at a stub in a scratch root.
    const app = join(tmp, 'app');
    mkdirSync(join(app, 'node_modules', '.bin'), { recursive: true });
    stub(join(app, 'node_modules', '.bin', 'tsx'));
    const script = (container.args[0] as string).replaceAll('/app/', `${app}/`);
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
    const seen = Array.from({ length: shards }, (_, index) => {
      const r = spawnSync('/bin/sh', ['-c', script], {
        env: { PATH: process.env.PATH, ...env, JOB_COMPLETION_INDEX: String(index) },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trimEnd().split('\n');
    });
    seen.forEach((argv, index) => {
      expect(argv).toEqual([
        `${app}/src/cli/sweep.ts`,
        ...(env.SWEEP_ARGS as string).split(' '),
        '--shard',
        `${index + 1}/${shards}`,
        '--out',
        `/out/part-${index + 1}.json`,
      ]);
    });
    const unset = spawnSync('/bin/sh', ['-c', script], { env: { PATH: process.env.PATH, ...env } });
    expect(unset.status).not.toBe(0);
  });

  it('is merged by deploy/k8s/merge-job.yaml from the same volume', () => {
    const merge = jobOf('deploy/k8s/merge-job.yaml');
    expect(merge.kind).toBe('Job');
    const mc = merge.spec.template.spec.containers[0] as Container;
    expect(mc.args[0]).toMatch(/src\/cli\/sweep\.ts merge \/out\/part-\*\.json --out \/out\/sweep\.json/);
    expect(mc.image).toBe(container.image);
    const claim = (j: typeof job) => j.spec.template.spec.volumes[0]?.persistentVolumeClaim.claimName;
    expect(claim(merge)).toBe(claim(job));
  });
});

describe('Slurm array script (deploy/slurm/sweep-array.sh)', () => {
  const script = join(root, 'deploy', 'slurm', 'sweep-array.sh');
  const run = (vars: Record<string, string>) => {
    const r = spawnSync('bash', [script, 'samples-vs-L', '--seeds', '10', '--quiet'], {
      env: {
        PATH: process.env.PATH,
        SWEEP_CMD: stub(join(tmp, 'sweep-stub')),
        OUT_DIR: join(tmp, 'parts'),
        OUT_PATH: join(tmp, 'parts'),
        ...vars,
      },
      encoding: 'utf8',
    });
    return { status: r.status, argv: r.stdout.trimEnd().split('\n'), stderr: r.stderr };
  };

  it('turns array task ids into shards 1..N whether the array starts at 0 or 1', () => {
    for (const min of [0, 1]) {
      for (let k = 0; k < 4; k++) {
        const r = run({
          SLURM_ARRAY_TASK_ID: String(min + k),
          SLURM_ARRAY_TASK_MIN: String(min),
          SLURM_ARRAY_TASK_COUNT: '4',
        });
        expect(r.status, r.stderr).toBe(0);
        expect(r.argv).toEqual([
          ...['samples-vs-L', '--seeds', '10', '--quiet', '--workers', '1'],
          ...['--shard', `${k + 1}/4`, '--out', join(tmp, 'parts', `part-${k + 1}.json`)],
        ]);
      }
    }
  });

  it('runs one training thread per CPU of the task', () => {
    const r = run({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2', SLURM_CPUS_PER_TASK: '4' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.argv.slice(4, 6)).toEqual(['--workers', '4']);
  });

  it('refuses to run outside an array, with a step, or with a task outside the range', () => {
    expect(run({}).stderr).toMatch(/SLURM_ARRAY_TASK_ID is not set/);
    const step = run({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_STEP: '2' });
    expect(step.status).toBe(2);
    expect(step.stderr).toMatch(/step 1/);
    const outside = run({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '3' });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/outside 0\.\.2/);
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('copies files that exist and runs the sweep CLI through tsx from npm ci', () => {
    const copied = [...text.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => (m[1] as string).split(/\s+/));
    expect(copied).toEqual(['package.json', 'package-lock.json', 'tsconfig.json', 'src']);
    for (const f of copied) expect(existsSync(join(root, f)), f).toBe(true);
    expect(text).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(text).toMatch(/^RUN npm ci /m);
    const entry = JSON.parse(/^ENTRYPOINT (.+)$/m.exec(text)?.[1] ?? '[]') as string[];
    expect(entry).toEqual(['/app/node_modules/.bin/tsx', '/app/src/cli/sweep.ts']);
    expect(text).toMatch(/^WORKDIR \/app$/m);
    for (const f of entry) expect(existsSync(join(root, f.replace(/^\/app\//, ''))), f).toBe(true);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.sweep).toBe('tsx src/cli/sweep.ts');
    expect(text).toMatch(/^ENV RNN_LAB_CODE_VERSION=\$\{CODE_VERSION\}$/m);
  });

  it('leaves out of the build context what the image does not need', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const path of ['node_modules', '.git', 'test', 'public']) expect(ignored).toContain(path);
  });
});
