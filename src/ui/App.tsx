/** The page: header, run controls and status, settings on the side, the six charts. */
import { Charts } from './Charts';
import { LabPanels } from './classroom/LabPanels';
import { LabTools } from './classroom/LabTools';
import { ExperimentsView } from './experiments/ExperimentsView';
import { ViewTabs } from './experiments/ViewTabs';
import { useAppView } from './experiments/view-store';
import { Controls } from './Controls';
import { Header } from './Header';
import { Messages } from './Messages';
import { RunBar } from './RunBar';
import { StatusBar } from './StatusBar';
import { useLab, useSession } from './session-context';

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
  return (
    <div className={`app${presenter ? ' app--presenter' : ''}`}>
      <a className="skip-link" href={view === 'experiments' ? '#experiments' : '#charts'}>
        {view === 'experiments' ? 'Skip to the experiment' : 'Skip to the charts'}
      </a>
      <div className="top">
        <Header />
        <PresenterToggle />
      </div>
      <ViewTabs />
      {view === 'experiments' ? (
        <ExperimentsView />
      ) : (
        <>
          <LabTools />
          <section className="run-area" aria-label="Run controls and status">
            <RunBar />
            <StatusBar />
            <Messages />
          </section>
          <div className="body">
            <aside className="sidebar">
              <Controls />
            </aside>
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
