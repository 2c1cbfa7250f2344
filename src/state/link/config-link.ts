/**
 * The share link (SPEC §7): every config field in the URL query under its short key, plus the page options
 * (hidden controls, lesson card, presenter mode) and the layout version `v`. Validated on load with the same
 * schema as every other input. A link with problems still opens: the bad fields fall back to their defaults
 * (or the lesson's values) and the page says which and why. Nothing in a query can make these functions throw.
 */
import { DEFAULT_CONFIG, parseFieldValue, resolveConfig, type Config } from '../../model/config';
import { FIELDS, fieldApplies, fieldByKey } from '../../model/fields';
import { findLesson, LESSONS, lessonConfig } from '../../model/lessons/lessons';
import { PAGE_KEYS, TEST_HOOKS_KEY, VERSION_KEY } from './keys';
import { DEFAULT_PAGE, parseHidden, parsePresent, writePageParams, type PageOptions } from './page-options';
import { migrateLink, URL_VERSION, type LinkMigration } from './link-version';

export { URL_VERSION } from './link-version';

export interface ConfigFromUrl {
  config: Config;
  /** Plain sentences, one per problem; empty when the link was fine. */
  errors: string[];
}

export interface LinkState extends ConfigFromUrl {
  page: PageOptions;
}

/** For tests of the migration path; the page always uses the defaults. */
export interface ParseOptions {
  version?: number;
  migrations?: readonly LinkMigration[];
}

/** Reads the lesson key; an unknown id is reported and ignored. */
function readLesson(values: string[], errors: string[]): string | null {
  const id = values.at(-1)?.trim();
  if (id === undefined || id === '') return null;
  if (findLesson(id)) return id;
  errors.push(
    `lesson: ${JSON.stringify(id)} is not a lesson of this page; use one of ${LESSONS.map((l) => l.id).join(', ')}.`,
  );
  return null;
}

/**
 * Merges the link's fields over `base` and validates; drops the fields the errors name and tries again, so one
 * bad value does not discard the whole link.
 */
function resolveFields(partial: Record<string, string | number>, base: Config, errors: string[]): Config {
  let result = resolveConfig(partial, base);
  for (let attempt = 0; !result.ok && attempt <= FIELDS.length; attempt++) {
    const named = result.errors
      .map((e) => FIELDS.find((f) => e.startsWith(`${f.key}:`))?.key)
      .filter((k): k is (typeof FIELDS)[number]['key'] => k !== undefined && k in partial);
    if (named.length === 0) {
      errors.push(...result.errors);
      errors.push('The link was ignored; every setting has its default value.');
      return { ...base };
    }
    errors.push(...result.errors.map((e) => `${e} The default is used.`));
    for (const k of named) delete partial[k];
    result = resolveConfig(partial, base);
  }
  return result.ok ? result.config : { ...base };
}

/** Reads a whole link: config (over the lesson's config when the link names one), page options and problems. */
export function parseLink(search: string, options: ParseOptions = {}): LinkState {
  const { params, errors } = migrateLink(search, options.version, options.migrations);
  const lesson = readLesson(params.getAll(PAGE_KEYS.lesson), errors);
  const hidden = parseHidden(params.getAll(PAGE_KEYS.hide), errors);
  const presentValues = params.getAll(PAGE_KEYS.present);
  const presenter = presentValues.length > 0 && parsePresent(presentValues.at(-1) as string, errors);

  const partial: Record<string, string | number> = {};
  for (const [key, text] of params) {
    if (key === PAGE_KEYS.lesson || key === PAGE_KEYS.hide || key === PAGE_KEYS.present) continue;
    // Read by the worker's fault-injection hooks in the browser tests, not a setting.
    if (key === TEST_HOOKS_KEY) continue;
    const field = fieldByKey(key);
    if (!field) {
      errors.push(`${key}: not a setting of this page; it was ignored.`);
      continue;
    }
    partial[key] = parseFieldValue(field, text);
  }
  const base = lesson === null ? DEFAULT_CONFIG : lessonConfig(lesson);
  const config = resolveFields(partial, base, errors);
  return { config, page: { hidden, lesson, presenter }, errors: [...new Set(errors)] };
}

/** Reads the config of a link (`?L=20&m=512`, or a lesson); unknown keys and bad values are reported. */
export function configFromQuery(search: string): ConfigFromUrl {
  const { config, errors } = parseLink(search);
  return { config, errors };
}

/** Query value text: percent-encoded, but commas stay readable (`hide=lr,batch`). */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',');
}

/** The query string of a link: version, every field in table order (the formula only for concept formula), then the page options that are set. */
export function linkQuery(config: Config, page: PageOptions = DEFAULT_PAGE): string {
  const params = new URLSearchParams();
  params.set(VERSION_KEY, String(URL_VERSION));
  for (const f of FIELDS) {
    // A field only one concept reads (the formula) stays out of other concepts' links.
    if (!fieldApplies(f, config)) continue;
    params.set(f.key, String(config[f.key]));
  }
  writePageParams(params, page);
  const parts: string[] = [];
  for (const [k, v] of params) parts.push(`${encodeURIComponent(k)}=${encodeValue(v)}`);
  return `?${parts.join('&')}`;
}

/** The query string of a config alone. */
export function queryFromConfig(config: Config): string {
  return linkQuery(config);
}

/** The full address of a link to this page with `config` and `page`. */
export function linkHref(config: Config, page: PageOptions): string {
  const url = new URL(window.location.href);
  url.search = linkQuery(config, page);
  url.hash = '';
  return url.href;
}
