/**
 * The card of the open lesson, above the charts: the claim, the runs to try (one button each), what to watch
 * and what the paper predicts, with the measured figures filled in, the claims checked for it and where the
 * numbers come from.
 */
import { useMemo } from 'react';
import { getPageStore, usePage } from '../../state/page-store';
import { useLab } from '../session-context';
import { lessonText, measuredSource } from '../../model/lessons/card-text';
import { activeVariant, findLesson } from '../../model/lessons/lessons';
import { useStartLesson } from './LessonsDialog';

export function LessonCard() {
  const id = usePage((s) => s.lesson);
  const config = useLab((s) => s.config);
  const start = useStartLesson();
  const lesson = id === null ? undefined : findLesson(id);
  const active = useMemo(() => (lesson ? activeVariant(lesson, config) : -1), [lesson, config]);
  const text = useMemo(() => (lesson ? lessonText(lesson) : null), [lesson]);
  if (!lesson || !text) return null;
  return (
    <section className="lesson-card" data-testid="lesson-card" aria-labelledby="lesson-title">
      <header>
        <h2 id="lesson-title">
          <span className="lesson-kicker">Lesson</span> {lesson.title}
        </h2>
        <button
          type="button"
          className="quiet"
          aria-label="Close the lesson card"
          onClick={() => getPageStore().getState().setLesson(null)}
        >
          ✕
        </button>
      </header>
      <p className="lesson-claim">{text.claim}</p>
      <div className="lesson-variants" role="group" aria-label="Runs of this lesson">
        {lesson.variants.map((v, i) => (
          <button
            key={v.label}
            type="button"
            className={i === active ? 'primary' : undefined}
            aria-pressed={i === active}
            onClick={() => start(lesson, i)}
          >
            {i === active ? '▶ ' : ''}
            {v.label}
          </button>
        ))}
        {active === -1 && <span className="lesson-note">Your settings differ from this lesson’s.</span>}
      </div>
      <div className="lesson-columns">
        <div>
          <h3>What to watch</h3>
          <ul>
            {text.watch.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
        <div>
          <h3>What the paper predicts</h3>
          <p>{text.predicts}</p>
        </div>
      </div>
      {text.checked.length > 0 && (
        <details className="lesson-checked" data-testid="lesson-checked">
          <summary>
            Checked claims: {text.checked.filter((c) => c.holds).length} of {text.checked.length} hold
          </summary>
          <ul>
            {text.checked.map((c) => (
              <li key={c.claim} data-holds={c.holds}>
                <span aria-hidden="true">{c.holds ? '✓' : '✗'}</span>{' '}
                <span className="visually-hidden">{c.holds ? 'Holds:' : 'Does not hold:'}</span> {c.claim}
              </li>
            ))}
          </ul>
          <p className="lesson-source">
            {measuredSource()} Re-check them with “npm run lessons -- --verify”.
          </p>
        </details>
      )}
    </section>
  );
}
