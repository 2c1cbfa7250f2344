/**
 * Boots the app: reads the config from the URL, starts the training worker, and renders the page. The first
 * run starts playing at once, so the page shows learning as soon as it opens.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LabSession } from './state/session';
import { createLabStore } from './state/store';
import { configFromQuery, writeConfigToUrl } from './state/url';
import { App } from './ui/App';
import { SessionContext } from './ui/session-context';
import { saveTextFile } from './ui/save-file';
import { TrainerClient } from './worker/client';
import './ui/styles.css';

const fromUrl = configFromQuery(window.location.search);
const linkProblem =
  fromUrl.errors.length > 0
    ? `This link had settings that could not be used: ${fromUrl.errors.join(' ')}`
    : null;
const store = createLabStore(fromUrl.config, linkProblem);
const session = new LabSession(TrainerClient.spawn(), store, {
  onRunConfig: writeConfigToUrl,
  save: saveTextFile,
});
session.start(true);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <App />
    </SessionContext.Provider>
  </StrictMode>,
);
