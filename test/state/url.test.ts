/** The share link: every field in the query, validated on load, bad fields replaced by defaults. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, LEGACY_DEFAULTS } from '../../src/model/config';
import { FIELDS } from '../../src/model/fields';
import { lessonConfig } from '../../src/model/lessons/lessons';
import {
  configFromQuery,
  linkQuery,
  parseLink,
  queryFromConfig,
  URL_VERSION,
} from '../../src/state/link/config-link';
import { HIDE_TARGETS } from '../../src/state/link/page-options';
import type { LinkMigration } from '../../src/state/link/link-version';

describe('url codec', () => {
  it('round-trips a config through the query', () => {
    const config = {
      ...DEFAULT_CONFIG,
      L: 20,
      m: 512,
      act: 'tanh' as const,
      lr: 0.25,
      backend: 'wasm' as const,
    };
    const query = queryFromConfig(config);
    // Every field the config reads travels; the formula only with concept = formula.
    for (const f of FIELDS) {
      if (f.key === 'formula') expect(query).not.toContain('formula=');
      else expect(query).toContain(`${f.key}=`);
    }
    expect(query.startsWith('?v=2&')).toBe(true);
    expect(configFromQuery(query)).toEqual({ config, errors: [] });
    const own = { ...config, concept: 'formula' as const, formula: 'relu(dot(u, x[j-1])) * x[j-2][1]' };
    const ownQuery = queryFromConfig(own);
    expect(ownQuery).toContain('formula=');
    expect(configFromQuery(ownQuery)).toEqual({ config: own, errors: [] });
  });

  it('reads a partial query over the defaults', () => {
    expect(configFromQuery('?v=2&L=12&batch=1')).toEqual({
      config: { ...DEFAULT_CONFIG, L: 12, batch: 1 },
      errors: [],
    });
    expect(configFromQuery('')).toEqual({ config: DEFAULT_CONFIG, errors: [] });
  });

  it('keeps the good fields of a link with bad ones and says what was wrong', () => {
    const r = configFromQuery('?v=2&L=1&m=64&lr=abc&colour=red');
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, m: 64 });
    expect(r.errors.join(' ')).toMatch(/L: 1 is out of range/);
    expect(r.errors.join(' ')).toMatch(/lr: .*not a number/);
    expect(r.errors.join(' ')).toMatch(/colour: not a setting/);
  });

  it('drops a window K that does not fit L instead of the whole link', () => {
    const r = configFromQuery('?v=2&L=5&K=4');
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, L: 5 });
    expect(r.errors[0]).toMatch(/K: 4 is out of range for L = 5/);
  });

  it('falls back to the defaults when a rule names no single field', () => {
    const r = configFromQuery('?L=200&d=16&p=64&dIn=64');
    expect(r.config).toEqual(DEFAULT_CONFIG);
    expect(r.errors.join(' ')).toMatch(/teacher would have/);
  });
});

describe('page options in the link', () => {
  it('round-trips hidden controls, lesson and presenter mode with readable commas', () => {
    const config = { ...lessonConfig('width'), seed: 9 };
    const page = { hidden: ['batch', 'lr', 'chart-lazy', 'settings'], lesson: 'width', presenter: true };
    const query = linkQuery(config, page);
    expect(query).toContain('hide=lr,batch,settings,chart-lazy');
    expect(query).toContain('lesson=width');
    expect(query).toContain('present=1');
    const r = parseLink(query);
    expect(r.errors).toEqual([]);
    expect(r.config).toEqual(config);
    // Hidden targets come back in table order.
    expect(r.page).toEqual({ ...page, hidden: ['lr', 'batch', 'settings', 'chart-lazy'] });
  });

  it('opens a lesson link with the lesson config, and explicit fields override it', () => {
    expect(parseLink('?lesson=last-token').config).toEqual(lessonConfig('last-token'));
    expect(lessonConfig('last-token')).toMatchObject({ act: 'identity', K: 1 });
    const r = parseLink('?lesson=last-token&seed=7&m=64');
    expect(r.config).toEqual({ ...lessonConfig('last-token'), seed: 7, m: 64 });
    expect(r.page.lesson).toBe('last-token');
  });

  it('reports unknown lessons, hide targets and presenter values without dropping the rest', () => {
    const r = parseLink('?v=2&lesson=nope&hide=lr,wings&present=maybe&m=64');
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, m: 64 });
    expect(r.page).toEqual({ hidden: ['lr'], lesson: null, presenter: false });
    const text = r.errors.join(' ');
    expect(text).toMatch(/lesson: "nope" is not a lesson/);
    expect(text).toMatch(/hide: "wings" is not a control/);
    expect(text).toMatch(/present: "maybe" is not allowed/);
  });

  it('accepts every hide target and repeated hide keys', () => {
    const r = parseLink(
      `?hide=${HIDE_TARGETS.slice(0, 3).join(',')}&hide=${HIDE_TARGETS.slice(3).join(',')}`,
    );
    expect(r.errors).toEqual([]);
    expect(r.page.hidden).toEqual([...HIDE_TARGETS]);
  });
});

describe('link versions', () => {
  it('reads links without a version as version 1 and reports unknown or future versions', () => {
    expect(parseLink('?m=64').errors).toEqual([]);
    expect(parseLink('?v=1&m=64').errors).toEqual([]);
    expect(parseLink('?v=x&m=64').errors.join(' ')).toMatch(/v: link version "x" is not known/);
    const future = parseLink('?v=9&m=64');
    expect(future.config.m).toBe(64);
    expect(future.errors.join(' ')).toMatch(/newer version of the page \(9\)/);
  });

  it('reads a version-1 link as it was meant: R = 1 and the defaults of that time for what it leaves out', () => {
    const app = parseLink(`?v=1&L=12&dIn=8&m=128`);
    expect(app.errors).toEqual([]);
    expect(app.config).toEqual({ ...LEGACY_DEFAULTS, L: 12, m: 128 });
    // Hand-written links carry no version: read as version 1 when they set a field.
    expect(parseLink('?L=12').config).toEqual({ ...LEGACY_DEFAULTS, L: 12 });
    // A link that sets no field asks for today's defaults (or today's lesson).
    expect(parseLink('').config).toEqual(DEFAULT_CONFIG);
    expect(parseLink('?present=1').config).toEqual(DEFAULT_CONFIG);
    expect(parseLink('?backend=wasm').config).toEqual({ ...DEFAULT_CONFIG, backend: 'wasm' });
    expect(parseLink('?lesson=theorem').config).toEqual(lessonConfig('theorem'));
    // A lesson link with fields: today's lesson, adjusted by the fields.
    expect(parseLink('?lesson=theorem&m=128').config).toEqual({ ...lessonConfig('theorem'), m: 128 });
    // Today's links say R, and what they leave out takes today's defaults.
    expect(parseLink(`?v=${URL_VERSION}&L=12`).config).toEqual({ ...DEFAULT_CONFIG, L: 12 });
    expect(parseLink(queryFromConfig({ ...DEFAULT_CONFIG, R: 2.5 })).config.R).toBe(2.5);
  });

  it('migrates an old link before reading it', () => {
    // A hypothetical version 2 that renamed `eta` to `lr`: version-1 links keep working through the migration.
    const renameEta: LinkMigration = {
      from: 1,
      migrate(params) {
        const eta = params.get('eta');
        params.delete('eta');
        if (eta !== null) params.set('lr', eta);
        return [];
      },
    };
    const options = { version: 2, migrations: [renameEta] };
    expect(parseLink('?v=1&eta=0.5', options).config.lr).toBe(0.5);
    // A version-2 link is already in the new layout: the migration does not run, `eta` is unknown.
    const v2 = parseLink('?v=2&eta=0.5&lr=0.25', options);
    expect(v2.config.lr).toBe(0.25);
    expect(v2.errors.join(' ')).toMatch(/eta: not a setting/);
  });
});
