/**
 * Backend in use (and why others were skipped), samples seen, speed, the current test error, the best linear
 * map's error on the same test set, and a warning when a baseline already reaches ε (SPEC §6).
 */
import { describeRate } from '../model/backend-race';
import { isTrivial, type Baselines } from '../model/baselines';
import type { MeasuredBackends } from '../worker/protocol/training-protocol';
import { formatCount, formatError, formatRate } from './number-format';
import { useLab } from './session-context';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const STATUS_TEXT = {
  starting: 'starting…',
  running: 'training',
  paused: 'paused',
  error: 'stopped',
} as const;

/** Why reaching ε means little for this run, in words a class understands; null when it means something. */
export function trivialWarning(baselines: Baselines | null, eps: number): string | null {
  if (!baselines || !isTrivial(baselines, eps)) return null;
  // The simpler explanation first: a constant is a linear map too, so name it when it alone reaches ε.
  const linear = baselines.constant > eps;
  const which = linear
    ? `A straight-line (linear) map of the tokens already gets test error ${formatError(baselines.linear)}`
    : `Predicting one fixed number per position already gets test error ${formatError(baselines.constant)}`;
  return `${which}, at or below ε = ${eps}: this teacher is too easy to show that the network learns anything beyond ${linear ? 'a linear map' : 'a constant'}, so "samples to ε" is not meaningful here. Raise the teacher scale R, or choose another activation, for a concept that needs the network.`;
}

/** The sentence above the measured rates: what was measured, on which size, and when. */
export function measuredIntro(m: MeasuredBackends): string {
  const seconds = m.rates.reduce((a, r) => a + r.seconds, 0);
  const when = m.remembered
    ? `; remembered from ${m.date.slice(0, 10)}`
    : `; measuring took ${seconds.toFixed(1)} s, once for this size on this device`;
  return `Backend auto trained each backend briefly on this config's size (${m.size}) and took the fastest${when}:`;
}

function MeasuredRates({ measured, backend }: { measured: MeasuredBackends; backend: string | null }) {
  return (
    <li>
      {measuredIntro(measured)}
      <ul data-testid="backend-rates">
        {measured.rates.map((r) => (
          <li key={r.backend} data-backend={r.backend} data-rate={r.samplesPerSecond ?? ''}>
            {describeRate(r)}
            {r.backend === backend && <strong> (in use)</strong>}
          </li>
        ))}
      </ul>
    </li>
  );
}

export function StatusBar() {
  const backend = useLab((s) => s.backend);
  const skipped = useLab((s) => s.skipped);
  const emulatedBy = useLab((s) => s.emulatedBy);
  const measured = useLab((s) => s.measured);
  const isolated = useLab((s) => s.crossOriginIsolated);
  const status = useLab((s) => s.status);
  const progress = useLab((s) => s.progress);
  const testError = useLab((s) => s.testError);
  const eps = useLab((s) => s.config.eps);
  const baselines = useLab((s) => s.baselines);
  const warning = trivialWarning(baselines, eps);
  const why = skipped.map((s) => `${s.backend}: ${s.reason}`).join('\n');
  const emulation =
    emulatedBy === null
      ? null
      : measured !== null
        ? `${backend ?? 'This backend'} runs on ${emulatedBy}, a GPU emulated on the CPU, and still measured fastest here.`
        : `${backend ?? 'This backend'} runs on ${emulatedBy}, a GPU emulated on the CPU: training is several times slower than on wasm here (backend auto passes over it without timing it).`;
  const rates = measured
    ? `${measuredIntro(measured)}\n${measured.rates.map(describeRate).join('\n')}\n`
    : '';
  const backendTitle =
    (emulation ? `${emulation}\n` : '') +
    rates +
    (why ? `Skipped:\n${why}` : measured ? '' : 'The first backend tried worked.') +
    (backend === 'wasm' ? `\nwasm threads: ${isolated ? 'on' : 'off (page not cross-origin isolated)'}` : '');

  return (
    <>
      <dl
        className="status-bar"
        aria-live="off"
        title={`Metric overhead: test-set evaluation ${pct(progress.evalFraction)} of the time; influence, token memory and lazy metrics ${pct(progress.heavyFraction)} (on every ${progress.heavyEvery}th evaluation).`}
        data-eval-fraction={progress.evalFraction}
        data-heavy-fraction={progress.heavyFraction}
        data-heavy-every={progress.heavyEvery}
      >
        <div>
          <dt>Status</dt>
          <dd className={`status status--${status}`}>{STATUS_TEXT[status]}</dd>
        </div>
        <div title={backendTitle}>
          <dt>Backend</dt>
          <dd>
            <span data-testid="backend">{backend ?? '…'}</span>
            {emulatedBy !== null && (
              <>
                {' '}
                <span className="emulated" data-testid="emulated">
                  on {emulatedBy}
                </span>
              </>
            )}
            {(skipped.length > 0 || emulation !== null || measured !== null) && (
              <details className="skipped">
                <summary>why?</summary>
                <ul>
                  {emulation !== null && <li>{emulation}</li>}
                  {measured !== null && <MeasuredRates measured={measured} backend={backend} />}
                  {skipped.map((s) => (
                    <li key={s.backend}>
                      <strong>{s.backend}</strong> skipped: {s.reason}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </dd>
        </div>
        <div>
          <dt>Samples seen</dt>
          <dd data-testid="samples-seen" data-value={progress.samplesSeen}>
            {formatCount(progress.samplesSeen)}
          </dd>
        </div>
        <div>
          <dt>Steps/s</dt>
          <dd>{formatRate(progress.stepsPerSecond)}</dd>
        </div>
        <div>
          <dt>Samples/s</dt>
          <dd>{formatRate(progress.samplesPerSecond)}</dd>
        </div>
        <div>
          <dt>Test error</dt>
          <dd data-testid="test-error" data-value={testError ?? ''} className="big">
            {formatError(testError)}
          </dd>
        </div>
        <div
          title={`The test error of the best linear (affine) map of the tokens each output reads, on the same test set: a network below it has learned more than a linear map can.`}
        >
          <dt>Best linear map</dt>
          <dd data-testid="baseline-linear-value" data-value={baselines?.linear ?? ''}>
            {baselines ? formatError(baselines.linear) : '…'}
          </dd>
        </div>
        <div
          title={`The first samples-seen count at which the test error reached ε = ${eps}, at an evaluation point fixed by the config (the same on every backend)`}
        >
          <dt>Samples to ε</dt>
          <dd
            data-testid="samples-to-eps"
            data-value={progress.samplesToEps ?? ''}
            data-meaningful={warning === null ? 'true' : 'false'}
          >
            {progress.samplesToEps === null ? 'not yet' : formatCount(progress.samplesToEps)}
            {warning !== null && <span className="not-meaningful"> (not meaningful)</span>}
          </dd>
        </div>
      </dl>
      {warning !== null && (
        <p className="trivial-warning" role="note" data-testid="trivial-warning">
          {warning}
        </p>
      )}
    </>
  );
}
