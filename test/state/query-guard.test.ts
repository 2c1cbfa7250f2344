/**
 * The address-bar guard that runs before tfjs loads: malformed escapes and tfjsflags are taken out (tfjs's
 * own flag parser would throw on the first and obey the second), with a message each; everything else stays
 * byte for byte, so the app's own parser sees the link as it was written.
 */
import { describe, expect, it } from 'vitest';
import { guardQuery } from '../../src/state/link/query-guard';

/** What tfjs-core does with the page's query when it loads (environment.ts, getQueryParams). */
function tfjsReads(search: string): Record<string, string> {
  const params: Record<string, string> = {};
  search.replace(/[?&]([^=?&]+)(?:=([^&]*))?/g, (s, key: string, value?: string) => {
    params[decodeURIComponent(key)] = decodeURIComponent(value ?? '');
    return s;
  });
  return params;
}

describe('guardQuery', () => {
  it('leaves a well-formed link alone', () => {
    for (const q of [
      '',
      '?L=6&m=128',
      '?lesson=theorem&present=1',
      '?view=experiments&experiment=samples-vs-L',
    ])
      expect(guardQuery(q)).toEqual({ search: q, problems: [] });
  });

  it('takes out a malformed escape that would throw in tfjs, and keeps the rest', () => {
    const bad = '?%E0%A4%A=1&dIn=0';
    expect(() => tfjsReads(bad)).toThrow(URIError);
    const { search, problems } = guardQuery(bad);
    expect(search).toBe('?dIn=0');
    expect(problems).toEqual(['“%E0%A4%A=1” is not valid URL encoding, so it was left out.']);
    expect(() => tfjsReads(search)).not.toThrow();
    // A malformed value is caught too, and a query of nothing but bad parts becomes empty.
    expect(guardQuery('?L=%ZZ').search).toBe('');
    expect(guardQuery('?m=64&L=%E0%A4').search).toBe('?m=64');
  });

  it('takes out tfjsflags in any case, so a link cannot set tfjs environment flags', () => {
    const { search, problems } = guardQuery('?tfjsflags=WEBGL_VERSION:1,DEBUG:true&L=5');
    expect(search).toBe('?L=5');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^tfjsflags: /);
    expect(tfjsReads(search)).not.toHaveProperty('tfjsflags');
    expect(guardQuery('?TFJSFLAGS=DEBUG:true').search).toBe('');
  });
});
