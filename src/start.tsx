/**
 * Starts the app (after src/main.tsx has guarded the address bar): reads the config from the URL, starts the training worker, and renders the page. The first
 * run starts playing at once (unless the link opens the Experiments view), so the page shows learning as soon as
 * it opens.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './boot/service-worker';
import { LabSession } from './state/session';
import { createLabStore } from './state/store';
import { configFromQuery } from './state/link/config-link';
import { testHooksRequested } from './state/link/keys';
import { App } from './ui/App';
import { UpdatePrompt } from './ui/classroom/UpdatePrompt';
import { experimentsRequested, labSearch } from './state/link/view-link';
import { SessionContext } from './ui/session-context';
import { saveTextFile } from './ui/export/save-blob';
import { TrainerClient } from './client/training-client';
import './ui/styles.css';

/** `queryProblems`: the parts of the link the guard took out, shown with the other link messages. */
export function start(queryProblems: readonly string[] = []): void {
  // An Experiments link carries the sweep's keys, not the Lab's: the Lab reads only its own part of the query and
  // does not start training behind the Experiments view.
  const fromUrl = configFromQuery(labSearch(window.location.search));
  const unusable = [...queryProblems, ...fromUrl.errors];
  const linkProblem =
    unusable.length > 0 ? `This link had settings that could not be used: ${unusable.join(' ')}` : null;
  const store = createLabStore(fromUrl.config, linkProblem);
  const session = new LabSession(
    TrainerClient.spawn({ testHooks: testHooksRequested(window.location.search) }),
    store,
    { save: saveTextFile },
  );
  session.start(!experimentsRequested(window.location.search));

  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <SessionContext.Provider value={session}>
        <App />
      </SessionContext.Provider>
      <UpdatePrompt />
    </StrictMode>,
  );
  registerServiceWorker();
}
