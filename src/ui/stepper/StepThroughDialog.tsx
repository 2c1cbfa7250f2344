/**
 * Step through a sequence (issue 17, part 3): one probe sequence on the current weights, walked l = 1..L one
 * position at a time with buttons, a slider, the keyboard (← → Home End, Space plays) and a play speed. The
 * dialog pauses a playing run while it is open (the weights it shows stay the weights it traced) and resumes
 * it when it closes. The picture is the step chart (src/charts/step-chart.ts): the token arriving, h_l in the
 * plane of the probe batch's top two principal components, F_l beside y_l, and the influence row for l.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  createStepChart,
  GRID_MIN_WIDTH,
  type StepChartHandle,
  type StepData,
} from '../../charts/step-chart';
import type { TracedMessage } from '../../worker/protocol/training-protocol';
import { PageDialog } from '../classroom/Dialog';
import { ChartExportButtons } from '../export/ChartExportButtons';
import { formatCount } from '../number-format';
import { ProbeSelect } from '../ProbeSelect';
import { useLab, useSession } from '../session-context';
import './stepper.css';

/** Positions per second the play button advances by. */
export const PLAY_SPEEDS = [0.5, 1, 2, 4, 8] as const;
const DEFAULT_SPEED = 2;

const CHART_ID = 'step-through-chart';

/** Height the controls, headings and caption around the plot take in the dialog (CSS pixels, measured). */
const AROUND_PLOT = 480;

/**
 * The plot height that keeps the 2 × 2 grid inside the window with the controls above it (between 300 px and
 * the chart's own default); undefined when the panels stack (a narrow screen scrolls instead).
 */
function plotHeight(width: number, presenter: boolean): number | undefined {
  if (width < GRID_MIN_WIDTH) return undefined;
  return Math.round(Math.min(presenter ? 640 : 520, Math.max(300, window.innerHeight - AROUND_PLOT)));
}

/** The chart, mounted once (again when the window or presenter mode changes) and fed the trace and position. */
function StepChart({ data, presenter }: { data: StepData; presenter: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<StepChartHandle | null>(null);
  const [height, setHeight] = useState<number | undefined>(undefined);
  useEffect(() => {
    const measure = () => host.current && setHeight(plotHeight(host.current.clientWidth, presenter));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [presenter]);
  useEffect(() => {
    if (!host.current) return;
    const handle = createStepChart(
      host.current,
      height === undefined ? { presenter } : { presenter, height },
    );
    chart.current = handle;
    return () => {
      handle.destroy();
      chart.current = null;
    };
  }, [presenter, height]);
  useEffect(() => {
    chart.current?.update(data);
  }, [data, presenter, height]);
  return <div ref={host} className="step-chart-host" data-testid={CHART_ID} />;
}

/** The sequence as a strip of cells, one per position: targets marked, the current one filled. */
function SequenceStrip({
  L,
  targets,
  position,
  go,
}: {
  L: number;
  targets: Set<number>;
  position: number;
  go: (l: number) => void;
}) {
  return (
    // The slider is the keyboard's way to a position; the strip is a shortcut for the mouse.
    <div className="step-strip" aria-hidden="true" data-testid="step-strip">
      {Array.from({ length: L }, (_, k) => k + 1).map((l) => (
        <span
          key={l}
          data-l={l}
          className={[
            'step-cell',
            targets.has(l) ? 'step-cell--target' : '',
            l === position ? 'step-cell--current' : '',
            l < position ? 'step-cell--past' : '',
          ].join(' ')}
          title={`l = ${l}${targets.has(l) ? ' (target position)' : ''}`}
          onClick={() => go(l)}
        >
          {L <= 40 ? l : ''}
        </span>
      ))}
    </div>
  );
}

/** One of the four position buttons (first, previous, next, last). */
function NavButton({
  id,
  label,
  keyName,
  glyph,
  disabled,
  onClick,
}: {
  id: string;
  label: string;
  keyName: string;
  glyph: string;
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      data-testid={`step-${id}`}
      aria-label={label}
      title={`${label} (${keyName})`}
      disabled={disabled}
      onClick={onClick}
    >
      {glyph}
    </button>
  );
}

function StepThroughBody() {
  const session = useSession();
  const presenter = useLab((s) => s.presenter);
  const viewProbe = useLab((s) => s.view.probe);
  const [probe, setProbe] = useState(viewProbe);
  const [trace, setTrace] = useState<TracedMessage | null>(null);
  const [position, setPosition] = useState(1);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(DEFAULT_SPEED);

  // Pause a playing run while the dialog is open; play it on again when the dialog closes.
  useEffect(() => {
    const wasRunning = session.store.getState().status === 'running';
    if (wasRunning) session.pause();
    return () => {
      if (wasRunning) session.play();
    };
  }, [session]);

  // A fresh trace of the current weights for each probe chosen; an answer for a probe no longer chosen is dropped.
  useEffect(() => {
    let live = true;
    void session.trace(probe).then((msg) => {
      if (!live) return;
      setTrace(msg);
      setPosition((p) => Math.min(Math.max(1, p), Math.max(1, msg.L)));
    });
    return () => {
      live = false;
    };
  }, [session, probe]);

  const L = trace && !trace.error ? trace.L : 0;
  const go = useCallback(
    (l: number) => setPosition(Math.min(Math.max(1, Math.round(l)), Math.max(1, L))),
    [L],
  );
  /** Stops playing and goes to position `l` (every control but Play). */
  const stopAt = (l: number) => {
    setPlaying(false);
    go(l);
  };

  // Play: one position per 1/speed seconds, stopping at the last one.
  useEffect(() => {
    if (!playing || L === 0) return;
    const timer = window.setInterval(() => {
      setPosition((p) => {
        if (p >= L) {
          setPlaying(false);
          return p;
        }
        return p + 1;
      });
    }, 1000 / speed);
    return () => window.clearInterval(timer);
  }, [playing, speed, L]);

  const togglePlay = () => {
    if (playing) setPlaying(false);
    else {
      // From the end, play starts over.
      if (position >= L) setPosition(1);
      setPlaying(true);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    // Keys pressed anywhere in this dialog (the close button included), not elsewhere.
    if (!(target instanceof Element) || !target.closest('[data-testid="step-through"]')) return;
    // The slider and the selects use the arrow keys themselves; buttons take Space and Enter.
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT') return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves: Record<string, number> = {
      ArrowLeft: position - 1,
      ArrowRight: position + 1,
      Home: 1,
      End: L,
    };
    const to = moves[e.key];
    if (to !== undefined) {
      stopAt(to);
      e.preventDefault();
    } else if (e.key === ' ' && target.tagName !== 'BUTTON') {
      togglePlay();
      e.preventDefault();
    }
  };

  const keyHandler = useRef(onKeyDown);
  keyHandler.current = onKeyDown;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const targets = new Set(trace?.targets ?? []);
  const data = useMemo<StepData | null>(
    () =>
      trace && !trace.error
        ? { L: trace.L, steps: trace.steps, position, explained: trace.explained, targets: trace.targets }
        : null,
    [trace, position],
  );

  return (
    <div className="step-through">
      <p className="blurb">
        One probe sequence on the current weights, one position at a time. The run is paused while this is
        open and plays on when it closes if it was playing.
      </p>
      <div className="step-controls" role="group" aria-label="Step through the sequence">
        <ProbeSelect
          value={probe}
          testId="step-probe"
          onChange={(q) => {
            setPlaying(false);
            setProbe(q);
          }}
        />
        <span className="step-buttons">
          <NavButton
            id="first"
            label="First position"
            keyName="Home"
            glyph="|◀"
            disabled={L === 0 || position <= 1}
            onClick={() => stopAt(1)}
          />
          <NavButton
            id="prev"
            label="Previous position"
            keyName="←"
            glyph="◀"
            disabled={L === 0 || position <= 1}
            onClick={() => stopAt(position - 1)}
          />
          <button
            type="button"
            data-testid="step-play"
            className="primary"
            aria-pressed={playing}
            title="Play / pause (Space)"
            disabled={L === 0}
            onClick={togglePlay}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <NavButton
            id="next"
            label="Next position"
            keyName="→"
            glyph="▶"
            disabled={L === 0 || position >= L}
            onClick={() => stopAt(position + 1)}
          />
          <NavButton
            id="last"
            label="Last position"
            keyName="End"
            glyph="▶|"
            disabled={L === 0 || position >= L}
            onClick={() => stopAt(L)}
          />
        </span>
        <label className="step-slider">
          <span>Position l</span>
          <input
            type="range"
            min={1}
            max={Math.max(1, L)}
            step={1}
            value={position}
            disabled={L === 0}
            data-testid="step-slider"
            aria-valuetext={`l = ${position} of ${L}`}
            onChange={(e) => stopAt(Number(e.target.value))}
          />
        </label>
        <label>
          Speed{' '}
          <select value={speed} data-testid="step-speed" onChange={(e) => setSpeed(Number(e.target.value))}>
            {PLAY_SPEEDS.map((v) => (
              <option key={v} value={v}>
                {v} / s
              </option>
            ))}
          </select>
        </label>
        <output className="step-position" data-testid="step-position" aria-live="polite">
          {L > 0 ? `l = ${position} of ${L}${targets.has(position) ? ' · target position' : ''}` : '—'}
        </output>
      </div>
      {trace?.error && (
        <p className="step-error" role="alert" data-testid="step-error">
          {trace.error}
        </p>
      )}
      {!trace && <p className="blurb">Tracing probe {probe + 1} on the current weights…</p>}
      {L > 0 && (
        <>
          <SequenceStrip L={L} targets={targets} position={position} go={stopAt} />
          <p className="step-meta" data-testid="step-meta">
            Probe {trace!.probe + 1} · weights of step {formatCount(trace!.step)} (
            {formatCount(trace!.samples)} samples) · targets at {trace!.targets.length} of {L} positions
            <span className="step-export">
              <ChartExportButtons testId={CHART_ID} title="Step through a sequence" />
            </span>
          </p>
        </>
      )}
      {data && <StepChart data={data} presenter={presenter} />}
    </div>
  );
}

export function StepThroughDialog() {
  return (
    <PageDialog name="step-through" title="Step through a sequence" testId="step-through" wide>
      <StepThroughBody />
    </PageDialog>
  );
}
