/** The two files a user can save from a run (SPEC §7), as text with a descriptive file name. */
import { makeRunExport } from '../../model/run-export';
import type { Run } from '../../model/run';
import type { RunHistory } from '../../model/run-history';

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
