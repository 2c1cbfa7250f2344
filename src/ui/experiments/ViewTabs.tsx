/**
 * The two tabs of the page: the live Lab and the Experiments view. The address bar follows the view shown
 * (src/state/link/address-bar.ts).
 */
import { useAppView, viewStore, type AppView } from '../../state/view-store';

const TABS: { view: AppView; label: string; title: string }[] = [
  { view: 'lab', label: 'Live lab', title: 'Train one network and watch it learn' },
  {
    view: 'experiments',
    label: 'Experiments',
    title: 'Sweeps: how the samples needed grow with L, m, the concept and the trainable set',
  },
];

export function ViewTabs() {
  const view = useAppView();
  const open = (next: AppView) => {
    if (next !== view) viewStore.getState().setView(next);
  };
  return (
    <nav className="view-tabs" aria-label="Views">
      {TABS.map((t) => (
        <button
          key={t.view}
          type="button"
          className="view-tab"
          data-testid={`tab-${t.view}`}
          aria-current={view === t.view ? 'page' : undefined}
          title={t.title}
          onClick={() => open(t.view)}
        >
          {t.label}
        </button>
      ))}
    </nav>
  );
}
