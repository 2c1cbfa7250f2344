/**
 * Keeping runs for comparison: the current run's export goes into the kept-runs store under a key made of this
 * page's session and the run id, so saving the same run again (a later pause) replaces its entry.
 */
import type { RunExport } from '../../model/run-export';
import { describeConfig, type SavedRun } from '../../state/saved-runs';
import type { LabSession } from '../../state/session';
import { getPageStore } from '../../state/page-store';
import { activeVariant, findLesson } from '../../model/lessons/lessons';
import { savedRuns } from './saved-runs-hook';

/** Identifies this page load, so run ids of different visits do not collide. */
const PAGE_SESSION = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;

/** The lesson variant's name when the run is one, else the settings that matter. */
export function defaultRunName(run: RunExport, lessonId: string | null): string {
  const lesson = lessonId === null ? undefined : findLesson(lessonId);
  const variant = lesson ? activeVariant(lesson, run.config) : -1;
  const settings = describeConfig(run.config);
  return lesson && variant >= 0
    ? `${lesson.title}: ${lesson.variants[variant]?.label} (seed ${run.seed})`
    : settings;
}

/** Saves the current run; resolves to the kept entry, or null when there is nothing to keep. */
export async function keepCurrentRun(session: LabSession): Promise<SavedRun | null> {
  const { runId, progress } = session.store.getState();
  if (progress.samplesSeen === 0) return null;
  const file = await session.fetchExport('run');
  if (!file) return null;
  // Written by our own worker from the run's history: no schema check needed.
  const run = JSON.parse(file.text) as RunExport;
  const store = await savedRuns();
  // keep() leaves the name of an entry already there: a name the user gave survives later saves.
  return store.keep({
    id: `${PAGE_SESSION}:${runId}`,
    name: defaultRunName(run, getPageStore().getState().lesson),
    savedAt: Date.now(),
    origin: 'session',
    run,
  });
}

/** A random id for an imported run. */
export function importId(): string {
  return `import-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}
