/**
 * Command-line flags of `npm run train`: the keys of the config table (`--L 6 --m 128 --act tanh`), plus
 * `--config file.json`, `--preset NAME`, a budget, outputs and reporting. Precedence: defaults < preset <
 * config file < flags. Every problem is a plain message naming the flag, the value and what is allowed.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_CONFIG,
  LEGACY_DEFAULTS,
  parseFieldValue,
  predatesScale,
  resolveConfig,
  type Config,
} from '../model/config';
import { MAX_IMPORT_BYTES } from '../model/run-export';
import { FIELDS, describeRange } from '../model/fields';
import { PRESETS, presetByName } from '../model/presets';

export interface TrainOptions {
  config: Config;
  /** Stop after this many SGD steps (set from --steps, or from --samples / batch). */
  steps: number;
  out: string | null;
  checkpoint: string | null;
  quiet: boolean;
  /** Stop early once testError <= eps. */
  stopAtEps: boolean;
}

export const DEFAULT_SAMPLES = 65_536;

const EXTRA_FLAGS = {
  config: { type: 'string', help: 'JSON file with config keys (flags override it)' },
  preset: { type: 'string', help: `named preset: ${PRESETS.map((p) => p.name).join(', ')}` },
  steps: { type: 'string', help: 'budget in SGD steps' },
  samples: { type: 'string', help: `budget in samples seen (default ${DEFAULT_SAMPLES})` },
  'eval-every': { type: 'string', help: 'no longer taken: evaluations follow the schedule of the config' },
  'stop-at-eps': { type: 'boolean', help: 'stop as soon as testError <= eps' },
  out: { type: 'string', help: 'write the run export (run.json, SPEC §7) here' },
  checkpoint: { type: 'string', help: 'write the checkpoint (checkpoint.json, SPEC §7) here' },
  quiet: { type: 'boolean', help: 'no progress bar' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

export class UsageError extends Error {}

export function helpText(): string {
  const lines = [
    'Usage: npm run train -- [flags]',
    '',
    'Trains the student RNN on the teacher concept in Node (wasm backend, cpu fallback).',
    '',
    'Config flags (the same keys as share links and JSON configs):',
  ];
  for (const f of FIELDS) {
    lines.push(`  --${f.key.padEnd(8)} ${f.help} Default ${f.default}; ${describeRange(f)}.`);
  }
  lines.push('', 'Run flags:');
  for (const [name, spec] of Object.entries(EXTRA_FLAGS)) lines.push(`  --${name.padEnd(11)} ${spec.help}`);
  lines.push(
    '',
    'Example: npm run train -- --L 6 --m 128 --act tanh --seed 3 --samples 20000 --out run.json',
  );
  return lines.join('\n');
}

function positiveInt(flag: string, text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1 || v > 1e12) {
    throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not allowed; use a positive integer.`);
  }
  return v;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    if (statSync(path).size > MAX_IMPORT_BYTES)
      throw new UsageError(`--config: ${path} is larger than 256 MiB.`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--config: cannot read ${path} (${e instanceof Error ? e.message : String(e)}).`);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `--config: ${path} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new UsageError(`--config: ${path} must hold a JSON object of config keys.`);
  }
  return obj as Record<string, unknown>;
}

/** Parses argv (without node and script); returns null when --help was asked. */
export function parseTrainArgs(argv: string[]): TrainOptions | null {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const f of FIELDS) options[f.key] = { type: 'string' };
  for (const [name, spec] of Object.entries(EXTRA_FLAGS)) options[name] = { type: spec.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError(
      `${e instanceof Error ? e.message : String(e)}. Run with --help for the list of flags.`,
    );
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) return null;

  let merged: Record<string, unknown> = {};
  if (typeof v.preset === 'string') {
    const preset = presetByName(v.preset);
    if (!preset)
      throw new UsageError(
        `--preset: ${JSON.stringify(v.preset)} is not a preset; use one of ${PRESETS.map((p) => p.name).join(', ')}.`,
      );
    merged = { ...preset.config };
  }
  let base: Config = DEFAULT_CONFIG;
  if (typeof v.config === 'string') {
    const file = readConfigFile(v.config);
    // A config file without R was written before R existed: the defaults of that time fill what it omits.
    if (predatesScale(file)) base = LEGACY_DEFAULTS;
    merged = { ...merged, ...file };
  }
  for (const f of FIELDS) {
    const text = v[f.key];
    if (typeof text === 'string') merged[f.key] = parseFieldValue(f, text);
  }
  const r = resolveConfig(merged, base);
  if (!r.ok) throw new UsageError(r.errors.join('\n'));
  const config = r.config;

  if (typeof v.steps === 'string' && typeof v.samples === 'string')
    throw new UsageError('Give either --steps or --samples, not both.');
  const steps =
    typeof v.steps === 'string'
      ? positiveInt('steps', v.steps)
      : Math.ceil(
          (typeof v.samples === 'string' ? positiveInt('samples', v.samples) : DEFAULT_SAMPLES) /
            config.batch,
        );
  if (typeof v['eval-every'] === 'string') {
    throw new UsageError(
      '--eval-every is no longer taken: evaluations fall at sample counts fixed by the config, the same in the app and every backend (SPEC §6).',
    );
  }
  return {
    config,
    steps,
    out: typeof v.out === 'string' ? v.out : null,
    checkpoint: typeof v.checkpoint === 'string' ? v.checkpoint : null,
    quiet: v.quiet === true,
    stopAtEps: v['stop-at-eps'] === true,
  };
}
