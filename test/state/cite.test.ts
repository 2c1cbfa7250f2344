/**
 * "Cite this run / sweep" (src/state/cite.ts): the block holds the link, the config the run reads and the code
 * version; the BibTeX entry is balanced and escapes what LaTeX would read as commands, so it compiles.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { appliedConfig } from '../../src/model/fields';
import { citeRun, citeSweep } from '../../src/state/cite';
import { BUILT_IN_EXPERIMENTS } from '../../src/model/experiments';
import { validateSweep } from '../../src/model/sweep-spec';

const DATE = new Date('2026-12-06T10:00:00Z');

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === '{') depth++;
    if (s[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('cite this run', () => {
  it('holds the link, the config it reads and the code version', () => {
    const url = 'https://lab.example/?v=2&L=12&seed=3';
    const c = citeRun({ ...DEFAULT_CONFIG, L: 12, seed: 3 }, url, '0.1.0+abc123', DATE);
    const lines = c.text.split('\n');
    expect(lines[0]).toBe('RNN Learnability Lab run: additive sin, L = 12, m = 256, seed 3');
    expect(lines).toContain(`Link: ${url}`);
    const configLine = lines.find((l) => l.startsWith('Config: '));
    expect(JSON.parse(configLine!.slice('Config: '.length))).toEqual(
      appliedConfig({ ...DEFAULT_CONFIG, L: 12, seed: 3 }),
    );
    // The default formula is not read by an additive teacher, so it is not cited.
    expect(configLine).not.toContain('formula');
    expect(lines).toContain('Code version: rnn-learnability-lab 0.1.0+abc123');
    expect(c.bibtex).toMatch(/^@misc\{rnnlab-run-[A-Za-z0-9-]+,\n/);
    expect(c.bibtex).toContain('howpublished = {\\url{https://lab.example/?v=2&L=12&seed=3}}');
    expect(c.bibtex).toContain('year         = {2026}');
    expect(balanced(c.bibtex)).toBe(true);
  });

  it('escapes a formula and a link for BibTeX, and keeps the formula in the text', () => {
    const formula = 'relu(dot(u, x[j-1])) * x[j-2][1] ^ 2';
    const url = 'https://lab.example/?concept=formula&formula=relu%28dot#x';
    const c = citeRun({ ...DEFAULT_CONFIG, concept: 'formula', formula }, url, '0.1.0+abc_1', DATE);
    expect(c.text).toContain(`formula ${formula}`);
    expect(c.bibtex).toContain('\\^{}');
    expect(c.bibtex).toContain('0.1.0+abc\\_1');
    expect(c.bibtex).toContain('\\url{https://lab.example/?concept=formula&formula=relu\\%28dot\\#x}');
    // Every field's braces balance once escapes are skipped; no bare % starts a LaTeX comment.
    expect(balanced(c.bibtex)).toBe(true);
    expect(c.bibtex.replace(/\\%/g, '')).not.toContain('%');
  });
});

describe('cite this sweep', () => {
  it('names the swept field, its values, the seeds and the budget, with the share link', () => {
    const r = validateSweep(BUILT_IN_EXPERIMENTS[0]);
    if (!r.ok) throw new Error(r.errors.join('; '));
    const spec = r.spec;
    const c = citeSweep(spec, 'https://lab.example/?view=experiments&sweep=L', 'v1', DATE);
    expect(c.text).toContain(`${spec.variable} over ${spec.values.join(', ')}`);
    expect(c.text).toContain(`Budget: ${spec.budget} samples per run, ε = ${spec.eps}`);
    expect(c.text).toContain('Link: https://lab.example/?view=experiments&sweep=L');
    expect(balanced(c.bibtex)).toBe(true);
  });
});
