/**
 * Runs before anything that loads tfjs: tfjs-core reads the page's query string for its own flags when it is
 * first imported, decoding every key and value with decodeURIComponent. A link with a malformed escape
 * (`?%E0%A4%A=1`) then throws before the app renders (a blank page), and `?tfjsflags=…` would let a link set
 * tfjs's environment flags. This takes both out of the address bar first, and says why in plain words; the
 * rest of the query is kept as it was, for the app's own parser.
 */
import { replaceQuery } from './address-bar';

/** The query without the parts tfjs must not read, and a message for each part taken out. */
export function guardQuery(search: string): { search: string; problems: string[] } {
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return { search, problems: [] };
  const kept: string[] = [];
  const problems: string[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    let key: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      if (eq >= 0) decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      problems.push(`“${part.slice(0, 40)}” is not valid URL encoding, so it was left out.`);
      continue;
    }
    if (key.toLowerCase() === 'tfjsflags') {
      problems.push('tfjsflags: a link cannot set the compute library’s flags, so it was left out.');
      continue;
    }
    kept.push(part);
  }
  if (problems.length === 0) return { search, problems };
  return { search: kept.length ? `?${kept.join('&')}` : '', problems };
}

/** Applies guardQuery to the address bar (replacing it, without a history entry); returns the messages. */
export function guardAddressBar(): string[] {
  const { search, problems } = guardQuery(window.location.search);
  if (problems.length) replaceQuery(search);
  return problems;
}
