/**
 * The share link of a sweep: its spec as URL query keys a person can read and edit, in the same words as
 * the CLI flags (`?sweep=L&values=4,8,16&seeds=3&eps=0.2&budget=250000&m=128&v=2`; a pilot rule for η as
 * `lrgrid=0.25,0.5,1,2&pilot=20000&pilotseed=0`). Config keys appear only
 * when they differ from the defaults of the link's version; the decoder validates everything through
 * validateSweep.
 */
import { DEFAULT_CONFIG, LEGACY_DEFAULTS, parseFieldValue } from '../../model/config';
import { FIELDS } from '../../model/fields';
import { validateSweep, type SpecResult, type SweepSpec, type SweepValue } from '../../model/sweep-spec';
import { SWEEP_KEYS, VERSION_KEY } from './keys';

const K = SWEEP_KEYS;
/** Keys of the sweep itself; every other key of a sweep link is a config field. */
const OWN_KEYS: readonly string[] = [...Object.values(SWEEP_KEYS), VERSION_KEY];

/**
 * The layout of sweep links. Version 2 came with the teacher scale R and new defaults: a link without `v`
 * was made before and names only the fields that differed from the defaults of that time.
 */
export const SWEEP_LINK_VERSION = 2;

/** The query string (without '?') that reproduces the sweep. */
export function sweepToQuery(spec: SweepSpec): string {
  const q = new URLSearchParams();
  q.set(K.sweep, spec.variable);
  q.set(K.name, spec.experiment);
  q.set(K.values, spec.values.join(','));
  q.set(K.seeds, spec.seeds.join(','));
  q.set(K.eps, String(spec.eps));
  q.set(K.budget, String(spec.budget));
  if (spec.series) q.set(K.series, `${spec.series.variable}:${spec.series.values.join(',')}`);
  const scale = Object.entries(spec.scale);
  if (scale.length) q.set(K.scale, scale.map(([field, power]) => `${field}:${power}`).join(','));
  if (!spec.stopAtEps) q.set(K.full, '1');
  if (spec.lrRule) {
    q.set(K.lrGrid, spec.lrRule.grid.join(','));
    q.set(K.pilot, String(spec.lrRule.pilotSamples));
    q.set(K.pilotSeed, String(spec.lrRule.pilotSeed));
  }
  for (const f of FIELDS) {
    if (f.key === 'eps' || f.key === 'seed') continue;
    const v = spec.config[f.key];
    if (v !== DEFAULT_CONFIG[f.key]) q.set(f.key, String(v));
  }
  q.set(VERSION_KEY, String(SWEEP_LINK_VERSION));
  return q.toString();
}

function list(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}

/** Reads a sweep back from a query string; every problem is a plain message. */
export function sweepFromQuery(query: string): SpecResult {
  const q = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const errors: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, value] of q) {
    if (OWN_KEYS.includes(key)) continue;
    const field = FIELDS.find((f) => f.key === key);
    if (!field || key === 'seed') errors.push(`${key}: not a sweep or config key.`);
    else config[key] = parseFieldValue(field, value);
  }
  const number = (key: string) => Number(q.get(key) ?? Number.NaN);
  const seedsText = q.get(K.seeds) ?? '';
  const seeds = seedsText.includes(',') ? list(seedsText).map(Number) : Number(seedsText);
  let series: { variable: string; values: SweepValue[] } | undefined;
  const seriesText = q.get(K.series);
  if (seriesText !== null) {
    const [variable = '', values = ''] = seriesText.split(':');
    series = { variable, values: list(values) };
  }
  const scale: Record<string, number> = {};
  for (const item of q.get(K.scale) ? list(q.get(K.scale) as string) : []) {
    const [field = '', power = ''] = item.split(':');
    scale[field] = Number(power);
  }
  const lrGrid = q.get(K.lrGrid);
  const lrRule =
    lrGrid !== null
      ? { grid: list(lrGrid).map(Number), pilotSamples: number(K.pilot), pilotSeed: number(K.pilotSeed) }
      : undefined;
  if (errors.length) return { ok: false, errors };
  const current = q.get(VERSION_KEY) !== null;
  return validateSweep({
    experiment: q.get(K.name) ?? 'shared-sweep',
    variable: q.get(K.sweep) ?? '',
    values: list(q.get(K.values) ?? ''),
    seeds,
    eps: number(K.eps),
    budget: number(K.budget),
    ...(series ? { series } : {}),
    ...(Object.keys(scale).length ? { scale } : {}),
    stopAtEps: q.get(K.full) !== '1',
    ...(lrRule ? { lrRule } : {}),
    // Fields left out are today's defaults in a versioned link, the earlier defaults in one without `v`.
    config: current ? { ...DEFAULT_CONFIG, ...config } : { ...LEGACY_DEFAULTS, ...config },
  });
}
