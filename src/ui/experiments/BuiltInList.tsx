/**
 * The built-in experiments, each with the headline number of its shipped result, and the entry to build a
 * sweep of one's own. Picking one shows its result at once.
 */
import { BUILT_IN_EXPERIMENTS } from '../../model/experiments';
import {
  compactSamples,
  describeMedian,
  type SweepResult,
  type SweepResultFits,
} from '../../model/sweep-result';
import { useExperiments, useExperimentsState } from './context';
import { CUSTOM, isBusy, type PrecomputedEntry } from '../../state/experiments-store';
import { plannedRuns } from './sweep-format';

/** ", or an exponential" when the result's two fits are within a factor 2 in residuals (not told apart). */
function orExponential(fits: SweepResultFits): string {
  const pl = fits.powerLaw;
  const ex = fits.exponential;
  const compared = /A power law and an exponential|fits slightly better/.test(fits.sentence);
  return pl && ex && compared ? ' or an exponential' : '';
}

/** One short line of what a result found: the exponent(s), or each category's median. */
export function headline(result: SweepResult): string {
  const v = result.variable;
  if (result.seriesFits) {
    return result.seriesFits
      .map(
        (f) =>
          `${f.series}: ${f.fits.powerLaw ? `${v}^${f.fits.powerLaw.exponent.toFixed(2)}${orExponential(f.fits)}` : 'no fit'}`,
      )
      .join(' · ');
  }
  if (result.fits) {
    const pl = result.fits.powerLaw;
    return pl
      ? `samples ∝ ${v}^${pl.exponent.toFixed(2)} (R² ${pl.r2.toFixed(2)})${orExponential(result.fits)}`
      : 'too few points for a fit';
  }
  return result.summary.map((row) => `${row.value}: ${describeMedian(row)}`).join(' · ');
}

function status(entry: PrecomputedEntry | undefined): string {
  if (!entry || entry.status === 'loading') return 'loading the shipped result…';
  if (entry.status === 'error') return 'the shipped result could not be loaded';
  return headline(entry.result);
}

/** "running 3 of 21" on the card whose sweep runs live (it keeps running while another card is shown). */
function LiveBadge({ source }: { source: string }) {
  const text = useExperimentsState((s) =>
    s.live && s.live.source === source && isBusy(s.live)
      ? `running live: ${s.live.records.length} of ${plannedRuns(s.live.spec)} runs`
      : null,
  );
  return text ? (
    <span className="builtin-live" data-testid={`builtin-live-${source}`}>
      {text}
    </span>
  ) : null;
}

export function BuiltInList() {
  const controller = useExperiments();
  const selected = useExperimentsState((s) => s.selected);
  const precomputed = useExperimentsState((s) => s.precomputed);
  return (
    <nav className="builtin-list" aria-label="Experiments">
      <h2>Built-in experiments</h2>
      <ul>
        {BUILT_IN_EXPERIMENTS.map((e) => (
          <li key={e.experiment}>
            <button
              type="button"
              className="builtin-card"
              data-testid={`builtin-${e.experiment}`}
              aria-pressed={selected === e.experiment}
              onClick={() => controller.select(e.experiment)}
            >
              <span className="builtin-title">{e.title}</span>
              <span className="builtin-headline">{status(precomputed[e.experiment])}</span>
              <span className="builtin-budget hint">
                {e.values.length} values × {typeof e.seeds === 'number' ? e.seeds : e.seeds.length} seeds ·
                budget {compactSamples(e.budget)}
              </span>
              <LiveBadge source={e.experiment} />
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="builtin-card builtin-card--custom"
            data-testid="builtin-custom"
            aria-pressed={selected === CUSTOM}
            onClick={() => controller.select(CUSTOM)}
          >
            <span className="builtin-title">Build your own sweep</span>
            <span className="builtin-headline">Any variable, values, seeds, ε and budget</span>
            <LiveBadge source={CUSTOM} />
          </button>
        </li>
      </ul>
    </nav>
  );
}
