/** The share link: every field in the query, validated on load, bad fields replaced by defaults. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { FIELDS } from '../../src/model/fields';
import { configFromQuery, queryFromConfig } from '../../src/state/url';

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
    for (const f of FIELDS) expect(query).toContain(`${f.key}=`);
    expect(configFromQuery(query)).toEqual({ config, errors: [] });
  });

  it('reads a partial query over the defaults', () => {
    expect(configFromQuery('?L=12&batch=1')).toEqual({
      config: { ...DEFAULT_CONFIG, L: 12, batch: 1 },
      errors: [],
    });
    expect(configFromQuery('')).toEqual({ config: DEFAULT_CONFIG, errors: [] });
  });

  it('keeps the good fields of a link with bad ones and says what was wrong', () => {
    const r = configFromQuery('?L=1&m=64&lr=abc&colour=red');
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, m: 64 });
    expect(r.errors.join(' ')).toMatch(/L: 1 is out of range/);
    expect(r.errors.join(' ')).toMatch(/lr: .*not a number/);
    expect(r.errors.join(' ')).toMatch(/colour: not a setting/);
  });

  it('drops a window K that does not fit L instead of the whole link', () => {
    const r = configFromQuery('?L=5&K=4');
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, L: 5 });
    expect(r.errors[0]).toMatch(/K: 4 is out of range for L = 5/);
  });

  it('falls back to the defaults when a rule names no single field', () => {
    const r = configFromQuery('?L=200&d=16&p=64&dIn=64');
    expect(r.config).toEqual(DEFAULT_CONFIG);
    expect(r.errors.join(' ')).toMatch(/teacher would have/);
  });
});
