/**
 * The share link (SPEC §7): every config field in the URL query under its short key, validated on load with
 * the same schema as every other input. A link with problems still opens: the bad fields fall back to their
 * defaults and the page says which and why.
 */
import { DEFAULT_CONFIG, parseFieldValue, resolveConfig, type Config } from '../model/config';
import { FIELDS, fieldByKey } from '../model/fields';

/** Version of the query layout, for migrations if keys ever change. */
export const URL_VERSION = '1';
const VERSION_KEY = 'v';

export interface ConfigFromUrl {
  config: Config;
  /** Plain sentences, one per problem; empty when the link was fine. */
  errors: string[];
}

/** Reads a config from a query string (`?L=20&m=512`); unknown keys and bad values are reported, not fatal. */
export function configFromQuery(search: string): ConfigFromUrl {
  const params = new URLSearchParams(search);
  const partial: Record<string, string | number> = {};
  const errors: string[] = [];
  for (const [key, text] of params) {
    if (key === VERSION_KEY) {
      if (text !== URL_VERSION)
        errors.push(`v: link version ${JSON.stringify(text)} is not known; read as ${URL_VERSION}.`);
      continue;
    }
    const field = fieldByKey(key);
    if (!field) {
      errors.push(`${key}: not a setting of this page; it was ignored.`);
      continue;
    }
    partial[key] = parseFieldValue(field, text);
  }
  let result = resolveConfig(partial);
  // Drop the fields the errors name and try again, so one bad value does not discard the whole link.
  for (let attempt = 0; !result.ok && attempt < FIELDS.length; attempt++) {
    const named = result.errors
      .map((e) => FIELDS.find((f) => e.startsWith(`${f.key}:`))?.key)
      .filter((k): k is (typeof FIELDS)[number]['key'] => k !== undefined && k in partial);
    errors.push(...result.errors.map((e) => `${e} The default is used.`));
    if (named.length === 0) {
      result = { ok: true, config: { ...DEFAULT_CONFIG } };
      errors.push('The link was ignored; every setting has its default value.');
      break;
    }
    for (const k of named) delete partial[k];
    result = resolveConfig(partial);
  }
  const config = result.ok ? result.config : { ...DEFAULT_CONFIG };
  return { config, errors: [...new Set(errors)] };
}

/** The query string of a config: every field, in table order, after the version. */
export function queryFromConfig(config: Config): string {
  const params = new URLSearchParams();
  params.set(VERSION_KEY, URL_VERSION);
  for (const f of FIELDS) params.set(f.key, String(config[f.key]));
  return `?${params.toString()}`;
}

/** Puts the config in the address bar without adding a history entry. */
export function writeConfigToUrl(config: Config): void {
  const url = new URL(window.location.href);
  url.search = queryFromConfig(config);
  window.history.replaceState(null, '', url);
}
