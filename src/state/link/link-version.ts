/**
 * Versions of the share-link layout. A link says its version (`v=1`); links without one are hand-written and
 * read as version 1. When a key is renamed or its meaning changes, the version goes up and a migration rewrites
 * older links into the new layout before they are read, so links made today keep opening the same run.
 *
 * Adding a field whose default keeps the page's earlier behaviour needs no migration: a link without the key
 * gets the field's default. Changing a default, or adding a field whose default changes behaviour, needs one.
 */

import { LEGACY_DEFAULTS } from '../../model/config';
import { FIELDS } from '../../model/fields';
import { PAGE_KEYS, VERSION_KEY } from './keys';

/** The layout this page writes. */
export const URL_VERSION = 2;

/** Rewrites the query of a version-`from` link into version `from + 1`; returns notes for the user, if any. */
export interface LinkMigration {
  from: number;
  migrate(params: URLSearchParams): string[];
}

/**
 * Version 2 added the teacher scale R and changed defaults (SPEC §4.1). A version-1 link that sets any field
 * is read as it was meant then: R = 1 and every field it leaves out at its default of that time. A link that
 * sets no field (the bare page) or names a lesson is not touched: it asks for today's defaults or today's
 * lesson, whose config the link's fields adjust (a lesson of that time is not kept anywhere to go back to).
 */
const addTeacherScale: LinkMigration = {
  from: 1,
  migrate(params) {
    const fields = FIELDS.filter((f) => f.key !== 'backend');
    if (!fields.some((f) => params.has(f.key)) || params.has(PAGE_KEYS.lesson)) return [];
    if (!params.has('R')) params.set('R', '1');
    for (const f of fields) if (!params.has(f.key)) params.set(f.key, String(LEGACY_DEFAULTS[f.key]));
    return [];
  },
};

/** Migrations in order of `from`. */
export const MIGRATIONS: readonly LinkMigration[] = [addTeacherScale];

export interface VersionedParams {
  params: URLSearchParams;
  errors: string[];
}

/**
 * Reads the version, removes its key and applies the migrations from that version up to `current`. A version
 * that is not a whole number, or newer than this page, is reported and the link is read as `current`.
 */
export function migrateLink(
  search: string,
  current: number = URL_VERSION,
  migrations: readonly LinkMigration[] = MIGRATIONS,
): VersionedParams {
  const params = new URLSearchParams(search);
  const errors: string[] = [];
  const texts = params.getAll(VERSION_KEY);
  params.delete(VERSION_KEY);
  let version = 1;
  if (texts.length > 0) {
    const text = texts[texts.length - 1] as string;
    const n = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
    if (!Number.isInteger(n) || n < 1) {
      errors.push(`v: link version ${JSON.stringify(text)} is not known; read as version ${current}.`);
      version = current;
    } else if (n > current) {
      errors.push(
        `v: this link was made by a newer version of the page (${n}); read as version ${current}, so some settings may not apply.`,
      );
      version = current;
    } else {
      version = n;
    }
  }
  for (const m of migrations) {
    if (m.from >= version && m.from < current) errors.push(...m.migrate(params));
  }
  return { params, errors };
}
