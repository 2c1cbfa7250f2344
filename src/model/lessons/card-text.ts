/**
 * A lesson's card text with its measured figures filled in (cards.json, made by `npm run lessons -- --write`),
 * and the claims checked for it. The page, the dialog and the tests read lessons through here.
 */
import cards from './cards.json';
import { fillFigures, type StoredFigure } from './claims';
import type { Lesson } from './lessons';
import type { CardsFile, StoredClaim } from './measured';

const CARDS = cards as unknown as CardsFile;

export interface LessonText {
  claim: string;
  watch: string[];
  predicts: string;
  /** The checked claims with their outcome (empty when the lesson has not been measured). */
  checked: StoredClaim[];
}

/** Where the card's numbers come from, in one line. */
export function measuredSource(): string {
  const day = CARDS.date.slice(0, 10);
  return `Numbers on this card are measured: samples and test errors (not seconds) from runs of this lesson’s settings on the ${CARDS.backend} backend in Node, seed 1 unless a range of seeds is given, made by “${CARDS.command}” on ${day}.`;
}

export function lessonFigures(id: string): Readonly<Record<string, StoredFigure>> | undefined {
  return CARDS.lessons[id]?.figures;
}

export function lessonText(lesson: Lesson): LessonText {
  const figures = lessonFigures(lesson.id);
  return {
    claim: fillFigures(lesson.claim, figures),
    watch: lesson.watch.map((w) => fillFigures(w, figures)),
    predicts: fillFigures(lesson.predicts, figures),
    checked: CARDS.lessons[lesson.id]?.claims ?? [],
  };
}
