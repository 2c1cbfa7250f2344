/** The list of lessons; choosing one opens its card and starts its first run. */
import { PageDialog } from '../classroom/Dialog';
import { getPageStore } from '../../state/page-store';
import { useSession } from '../session-context';
import { lessonText } from '../../model/lessons/card-text';
import { LESSONS, variantConfig, type Lesson } from '../../model/lessons/lessons';

/** Starts a lesson variant: the link, the card and the run follow. */
export function useStartLesson(): (lesson: Lesson, variant: number) => void {
  const session = useSession();
  return (lesson, variant) => {
    const v = lesson.variants[variant] ?? lesson.variants[0];
    if (!v) return;
    // The backend is the user's choice for their machine, not part of the lesson.
    const config = { ...variantConfig(v), backend: session.store.getState().config.backend };
    const page = getPageStore().getState();
    page.setLesson(lesson.id);
    page.openDialog(null);
    session.load(config, true);
  };
}

export function LessonsDialog() {
  const start = useStartLesson();
  return (
    <PageDialog
      name="lessons"
      title="Lessons"
      testId="lessons-dialog"
      wide
    >
      <p className="blurb">
        Each lesson opens a run that makes one point of the paper, with a card that says what to watch. Every
        lesson is a link: the same seed gives the same run.
      </p>
      <ol className="lesson-list">
        {LESSONS.map((lesson) => (
          <li key={lesson.id}>
            <button type="button" data-lesson={lesson.id} onClick={() => start(lesson, 0)}>
              {lesson.title}
            </button>
            <span className="lesson-claim">{lessonText(lesson).claim}</span>
          </li>
        ))}
      </ol>
    </PageDialog>
  );
}
