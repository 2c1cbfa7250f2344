/**
 * The page: header, run controls and status, the settings (beside the charts or in a drawer), the six charts.
 * In projector mode on a large screen the lab is a one-screen dashboard (layout.css).
 */
import { Charts } from './Charts';
import { LabPanels } from './classroom/LabPanels';
import { LabTools } from './classroom/LabTools';
import { ExperimentsView } from './experiments/ExperimentsView';
import { ViewTabs } from './experiments/ViewTabs';
import { useAppView } from '../state/view-store';
import { Header } from './Header';
import { Messages } from './Messages';
import { RunBar } from './RunBar';
import { SettingsPanel, useSettingsDrawer } from './SettingsPanel';
import { StatusBar } from './StatusBar';
import { useLab, useSession } from './session-context';
import { usePage } from '../state/page-store';
import './layout.css';

function PresenterToggle() {
  const session = useSession();
  const presenter = useLab((s) => s.presenter);
  return (
    <button
      type="button"
      className="quiet presenter-toggle"
      aria-pressed={presenter}
      onClick={() => session.store.getState().setPresenter(!presenter)}
      title="Larger type and thicker lines for a projector"
    >
      {presenter ? 'Normal size' : 'Projector mode'}
    </button>
  );
}

export function App() {
  const presenter = useLab((s) => s.presenter);
  const view = useAppView();
  const drawer = useSettingsDrawer(presenter);
  const settingsOpen = usePage((s) => s.settingsOpen);
  const classes = ['app', `app--${view}`];
  if (presenter) classes.push('app--presenter');
  return (
    <div className={classes.join(' ')}>
      <a className="skip-link" href={view === 'experiments' ? '#experiments' : '#charts'}>
        {view === 'experiments' ? 'Skip to the experiment' : 'Skip to the charts'}
      </a>
      <div className="masthead">
        <div className="top">
          <Header />
          <PresenterToggle />
        </div>
        <ViewTabs />
        {view === 'lab' && <LabTools />}
      </div>
      {view === 'experiments' ? (
        <ExperimentsView />
      ) : (
        <>
          <section className="run-area" aria-label="Run controls and status">
            <RunBar />
            <StatusBar />
            <Messages />
          </section>
          <div className={`body${settingsOpen && !drawer ? '' : ' body--charts-only'}`}>
            <SettingsPanel drawer={drawer} />
            <main id="charts" className="main" tabIndex={-1}>
              <LabPanels />
              <Charts />
            </main>
          </div>
        </>
      )}
    </div>
  );
}
