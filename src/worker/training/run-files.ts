/**
 * The two files a user can save from a run (SPEC §7), as text with a descriptive file name, and the answer to
 * the page's `export` request.
 */
import { makeRunExport } from '../../model/run-export';
import { PROBE_COUNT, type Run } from '../../model/run';
import type { RunHistory } from '../../model/run-history';
import { errorText, type Active } from './loop';
import {
  failedTrace,
  type ExportedMessage,
  type ExportMessage,
  type TracedMessage,
  type TraceMessage,
} from '../protocol/training-protocol';

export interface ExportFile {
  fileName: string;
  text: string;
}

function baseName(run: Run): string {
  const c = run.config;
  return `rnn-lab_L${c.L}_m${c.m}_seed${c.seed}_${run.state.samplesSeen}samples`;
}

/** The run export: config, seed, backend and the metric history (one row per evaluation). */
export function exportRun(run: Run, backend: string, history: RunHistory): ExportFile {
  const metrics = history.toRunMetrics(run.state.samplesToEps, {
    baselines: run.baselines,
    eps: run.config.eps,
  });
  const file = makeRunExport(run.config, backend, metrics);
  return { fileName: `${baseName(run)}.run.json`, text: JSON.stringify(file) };
}

/** The checkpoint: teacher, current and initial weights and the training progress. */
export async function exportCheckpoint(run: Run): Promise<ExportFile> {
  const file = await run.checkpoint();
  return { fileName: `${baseName(run)}.checkpoint.json`, text: JSON.stringify(file) };
}

/** Answers an `export` request with the file; a failure is answered with a sentence, not fatal: the run goes on. */
export async function answerExport(
  msg: ExportMessage,
  active: Active | null,
  backend: string | null,
  post: (msg: ExportedMessage) => void,
): Promise<void> {
  const { requestId, kind } = msg;
  try {
    if (!active || !backend) throw new Error('there is no run to export yet');
    const file =
      kind === 'run'
        ? exportRun(active.run, backend, active.recorder.history)
        : await exportCheckpoint(active.run);
    post({ type: 'exported', requestId, kind, ...file, error: null });
  } catch (e) {
    const error = `Could not export the ${kind}: ${errorText(e)}.`;
    post({ type: 'exported', requestId, kind, fileName: '', text: '', error });
  }
}

/**
 * Answers a `trace` request: probe sequence `probe` on the current weights, h_l projected on the top two
 * principal components of the probe batch's hidden states. Without a run, or on a diverged run's non-finite
 * weights, the answer is a sentence, not a trace; the run is not paused or changed either way.
 */
export async function answerTrace(
  msg: TraceMessage,
  active: Active | null,
  runId: number,
  diverged: boolean,
  post: (msg: TracedMessage) => void,
): Promise<void> {
  try {
    if (!active) throw new Error('there is no run to step through yet');
    if (diverged) throw new Error('the run diverged, so its weights are not finite; roll back first');
    const { run } = active;
    const probe = Math.round(msg.probe);
    if (!(probe >= 0 && probe < PROBE_COUNT)) throw new Error(`probe must be 0..${PROBE_COUNT - 1}`);
    const { basis } = await run.trajectories();
    const trace = await run.trace(probe, basis);
    post({
      type: 'traced',
      requestId: msg.requestId,
      runId,
      step: run.state.step,
      samples: run.state.samplesSeen,
      probe,
      L: trace.L,
      targets: [...run.teacher.targets],
      explained: Array.from(basis.explained),
      steps: trace.steps,
      error: null,
    });
  } catch (e) {
    post(failedTrace(msg.requestId, msg.probe, runId, `Could not trace the sequence: ${errorText(e)}.`));
  }
}
