/**
 * "Cite this run" and "Cite this sweep": the link, the config and the code version in one block, as plain text
 * and as a BibTeX @misc entry a paper can include. Definitions only: what was run and where to open it again,
 * never a measured result (those live in the run and sweep files).
 */
import type { Config } from '../model/config';
import { appliedConfig } from '../model/fields';
import type { SweepSpec } from '../model/sweep-spec';

/** The build's code version (package version and git commit, set by vite.config.ts); 'dev' without a build. */
export const CODE_VERSION: string = typeof __CODE_VERSION__ === 'string' ? __CODE_VERSION__ : 'dev';

export interface Citation {
  text: string;
  bibtex: string;
}

/** Escapes the characters BibTeX and LaTeX give a meaning to (inside a braced field). */
function tex(s: string): string {
  return s.replace(/[\\{}%&#$_^~]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\^{}' : `\\${c}`,
  );
}

/** A BibTeX key: letters, digits and dashes only. */
function bibKey(parts: (string | number)[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9-]+/g, '')
    .replace(/-+/g, '-');
}

function block(
  kind: 'run' | 'sweep',
  title: string,
  url: string,
  body: string[],
  version: string,
  date: Date,
): Citation {
  const year = date.getUTCFullYear();
  const day = date.toISOString().slice(0, 10);
  const text = [
    `RNN Learnability Lab ${kind}: ${title}`,
    `Link: ${url}`,
    ...body,
    `Code version: rnn-learnability-lab ${version}`,
    `Accessed: ${day}`,
  ].join('\n');
  const key = bibKey(['rnnlab', kind, title.slice(0, 40), day]);
  const bibtex = [
    `@misc{${key},`,
    `  title        = {{RNN Learnability Lab} ${kind}: ${tex(title)}},`,
    `  howpublished = {\\url{${url.replace(/[%#{}\\]/g, (c) => `\\${c}`)}}},`,
    `  note         = {${tex(body.join('; '))}; code version ${tex(version)}; accessed ${day}},`,
    `  year         = {${year}}`,
    '}',
  ].join('\n');
  return { text, bibtex };
}

/** The citation of a run: its link, the config it reads (JSON) and the code version. */
export function citeRun(config: Config, url: string, version = CODE_VERSION, date = new Date()): Citation {
  const teacher =
    config.concept === 'formula' ? `formula ${config.formula}` : `${config.concept} ${config.act}`;
  const title = `${teacher}, L = ${config.L}, m = ${config.m}, seed ${config.seed}`;
  return block('run', title, url, [`Config: ${JSON.stringify(appliedConfig(config))}`], version, date);
}

/** The citation of a sweep: its share link, what it varies over which values and seeds, and its base config. */
export function citeSweep(
  sweep: Pick<
    SweepSpec,
    'experiment' | 'variable' | 'values' | 'series' | 'seeds' | 'budget' | 'eps' | 'config'
  >,
  url: string,
  version = CODE_VERSION,
  date = new Date(),
): Citation {
  const series = sweep.series ? `, series ${sweep.series.variable}` : '';
  const seeds = sweep.seeds.length === 1 ? `seed ${sweep.seeds[0]}` : `seeds ${sweep.seeds.join(', ')}`;
  const title = `${sweep.experiment}, ${sweep.variable} over ${sweep.values.join(', ')}${series}, ${seeds}`;
  return block(
    'sweep',
    title,
    url,
    [
      `Budget: ${sweep.budget} samples per run, ε = ${sweep.eps}`,
      `Base config: ${JSON.stringify(appliedConfig(sweep.config))}`,
    ],
    version,
    date,
  );
}
