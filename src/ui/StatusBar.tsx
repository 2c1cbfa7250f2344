/** Backend in use (and why others were skipped), samples seen, speed and the current test error. */
import { formatCount, formatError, formatRate } from './format';
import { useLab } from './session-context';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const STATUS_TEXT = {
  starting: 'starting…',
  running: 'training',
  paused: 'paused',
  error: 'stopped',
} as const;

export function StatusBar() {
  const backend = useLab((s) => s.backend);
  const skipped = useLab((s) => s.skipped);
  const emulatedBy = useLab((s) => s.emulatedBy);
  const isolated = useLab((s) => s.crossOriginIsolated);
  const status = useLab((s) => s.status);
  const progress = useLab((s) => s.progress);
  const testError = useLab((s) => s.testError);
  const eps = useLab((s) => s.config.eps);
  const why = skipped.map((s) => `${s.backend}: ${s.reason}`).join('\n');
  const emulation =
    emulatedBy === null
      ? null
      : `${backend ?? 'This backend'} runs on ${emulatedBy}, a GPU emulated on the CPU: training is several times slower than on wasm here (backend auto passes over it).`;
  const backendTitle =
    (emulation ? `${emulation}\n` : '') +
    (why ? `Skipped:\n${why}` : 'The first backend tried worked.') +
    (backend === 'wasm' ? `\nwasm threads: ${isolated ? 'on' : 'off (page not cross-origin isolated)'}` : '');

  return (
    <dl
      className="status-bar"
      aria-live="off"
      title={`Metric overhead: test-set evaluation ${pct(progress.evalFraction)} of the time; influence, trajectories and lazy metrics ${pct(progress.heavyFraction)} (on every ${progress.heavyEvery}th evaluation).`}
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
          {(skipped.length > 0 || emulation !== null) && (
            <details className="skipped">
              <summary>why?</summary>
              <ul>
                {emulation !== null && <li>{emulation}</li>}
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
      <div title={`The first samples-seen count at which the test error reached ε = ${eps}`}>
        <dt>Samples to ε</dt>
        <dd>{progress.samplesToEps === null ? 'not yet' : formatCount(progress.samplesToEps)}</dd>
      </div>
    </dl>
  );
}
