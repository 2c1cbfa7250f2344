/**
 * The lessons' measured file (src/model/lessons/measured.json) is what the cards say: it was made from the
 * lessons as they are now (same variant configs, budgets, claims and figures), every claim holds on its
 * runs, re-evaluating claims and figures on the stored runs gives what is stored, every `{name}` on a card
 * has its figure, and no card types a measured number by hand. A claim can fail: tampered runs make it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillFigures, placeholders } from '../../src/model/lessons/claims';
import { lessonText } from '../../src/model/lessons/card-text';
import { LESSONS } from '../../src/model/lessons/lessons';
import {
  cardsOf,
  evaluateLesson,
  MEASURE_COMMAND,
  MEASURED_FORMAT,
  type MeasuredFile,
  type StoredRuns,
} from '../../src/model/lessons/measured';

const dir = join(import.meta.dirname, '..', '..', 'src', 'model', 'lessons');
const measured = JSON.parse(readFileSync(join(dir, 'measured.json'), 'utf8')) as MeasuredFile;
const cards = JSON.parse(readFileSync(join(dir, 'cards.json'), 'utf8')) as unknown;

const texts = (l: (typeof LESSONS)[number]) => [l.claim, ...l.watch, l.predicts];

describe('lesson measurements', () => {
  it('record the command that made them, and the cards file is the same without the runs', () => {
    expect(measured.format).toBe(MEASURED_FORMAT);
    expect(measured.command).toBe(MEASURE_COMMAND);
    expect(measured.backend).toBe('wasm');
    expect(Number.isNaN(Date.parse(measured.date))).toBe(false);
    expect(cards).toEqual(cardsOf(measured));
  });

  it('were made from the lessons as they are now, and every claim holds on them', () => {
    for (const lesson of LESSONS) {
      const stored = measured.lessons[lesson.id];
      expect(stored, `${lesson.id}: not measured; run ${MEASURE_COMMAND}`).toBeDefined();
      // The same configs, budgets and seeds (a changed lesson without new measurements fails here) ...
      const fresh = evaluateLesson(lesson, measured.runs);
      expect(stored?.variants, `${lesson.id}: variants changed; run ${MEASURE_COMMAND}`).toEqual(
        fresh.variants,
      );
      // ... and the same claims, outcomes and figures as the code computes from the stored runs.
      expect(stored?.claims).toEqual(fresh.claims);
      expect(stored?.figures).toEqual(fresh.figures);
      for (const c of fresh.claims)
        expect(c.holds, `${lesson.id}: ${c.claim} ${JSON.stringify(c.measured)}`).toBe(true);
      expect(lesson.claims.length, `${lesson.id} has no checked claim`).toBeGreaterThan(0);
    }
  });

  it('fill every placeholder on every card with a measured figure', () => {
    for (const lesson of LESSONS) {
      const figures = measured.lessons[lesson.id]?.figures ?? {};
      for (const t of texts(lesson)) {
        for (const name of placeholders(t)) expect(figures[name], `${lesson.id}: {${name}}`).toBeDefined();
        const filled = fillFigures(t, figures);
        expect(filled).not.toMatch(/\{[A-Za-z]/);
        expect(filled).not.toContain('n/a');
      }
      const shown = lessonText(lesson);
      for (const t of [shown.claim, ...shown.watch, shown.predicts]) expect(t).not.toMatch(/\{[A-Za-z]/);
      expect(shown.checked.map((c) => c.claim)).toEqual(lesson.claims.map((c) => c.text));
    }
    // Every figure a lesson defines is shown somewhere on its card.
    for (const lesson of LESSONS) {
      const used = new Set(texts(lesson).flatMap(placeholders));
      for (const name of Object.keys(lesson.figures))
        expect(used, `${lesson.id}: ${name} unused`).toContain(name);
    }
  });

  it('type no measured number by hand: digits on a card are settings, seeds or reading points', () => {
    // What may stay literal: settings (x = 2.5, η·m = 64), seeds, the sample count a reading is taken at
    // (150k samples), definitions (1.0 = predicting zero, i = j − 1) and the batch and test-set sizes.
    const allowed = [
      /[=≤≥<>]\s*[−-]?\d+(\.\d+)?(k)?/g,
      /seeds? \d+(–\d+)?/g,
      /\d+k samples/g,
      /(at|to|between|from|by) \d+k\b/g,
      /\b1\.0\b/g,
      /batches of \d+/g,
      /\d+ test sequences/g,
      /10⁻⁶/g,
      /\d+ sequences/g,
      /2ε/g,
      /[Ww]₀|h₁|x\*?_?\d|F_?\d/g,
      /\d+ SGD steps/g,
      /1\/ε|1\/√?m/g,
      /j − 1/g,
      /reach(es)? (test error )?\d\.\d+/g,
      // Formula syntax (x[j-1] is the token one back) and the values a sign takes.
      /x\[j-\d\]/g,
      /−1 and \+1/g,
    ];
    const typed: string[] = [];
    for (const lesson of LESSONS) {
      // Claim texts state their thresholds (the definition of what is checked); the prose states none.
      for (const t of texts(lesson)) {
        let rest = t.replace(/\{[A-Za-z][A-Za-z0-9_]*\}/g, '');
        for (const a of allowed) rest = rest.replace(a, '');
        for (const m of rest.matchAll(/.{0,30}\d.{0,20}/g)) typed.push(`${lesson.id}: …${m[0]}…`);
      }
    }
    expect(typed).toEqual([]);
  });

  it('can fail: a claim evaluated on tampered runs does not hold', () => {
    const lesson = LESSONS.find((l) => l.id === 'too-large-lr');
    if (!lesson) throw new Error('no too-large-lr lesson');
    const key = measured.lessons['too-large-lr']?.variants[0] as string;
    const stored = measured.runs[key] as StoredRuns;
    const tampered: StoredRuns = {
      ...stored,
      seeds: {
        ...stored.seeds,
        '2': { ...(stored.seeds['2'] as StoredRuns['seeds'][string]), diverged: false },
      },
    };
    const out = evaluateLesson(lesson, { ...measured.runs, [key]: tampered });
    expect(out.claims[0]?.holds).toBe(false);
    expect(evaluateLesson(lesson, measured.runs).claims[0]?.holds).toBe(true);
  });
});
