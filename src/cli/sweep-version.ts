/**
 * The code version a sweep shard records, so that a merge refuses parts made by different code:
 * RNN_LAB_CODE_VERSION when set (the container image sets it from its build argument, since an image has no
 * git history), else the package version and the git commit, with a hash of the uncommitted changes to the
 * sources (src, package.json, package-lock.json) when there are any; without git, the package version alone.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function git(args: string[], root: string): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function codeVersion(root = ROOT, env: NodeJS.ProcessEnv = process.env): string {
  const given = env.RNN_LAB_CODE_VERSION?.trim();
  if (given) return given;
  const pkg = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  let commit: string;
  try {
    commit = git(['rev-parse', 'HEAD'], root).trim();
  } catch {
    return pkg;
  }
  const diff = git(['diff', 'HEAD', '--', 'src', 'package.json', 'package-lock.json'], root);
  if (!diff) return `${pkg}+${commit}`;
  return `${pkg}+${commit}.dirty.${createHash('sha256').update(diff).digest('hex').slice(0, 12)}`;
}
