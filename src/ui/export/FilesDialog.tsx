/**
 * Export and import in one place: the run file (run.json), the checkpoint (checkpoint.json, SPEC §7), the
 * metrics as CSV, every chart as PNG or SVG, and importing a run or checkpoint file.
 */
import { HIDE_CHARTS } from '../../state/link/page-options';
import { PageDialog } from '../classroom/Dialog';
import { usePage } from '../../state/page-store';
import { ImportSection } from '../import/ImportSection';
import { useLab, useSession } from '../session-context';
import { ChartExportButtons } from './ChartExportButtons';
import { csvFileName, metricsCsv } from '../../model/metrics-csv';
import { saveBlob } from './save-blob';
import { CiteBlock } from './CiteBlock';
import { citeRun } from '../../state/cite';

/** The comparison chart is a chart too; the six run charts come from the hide table. */
const CHARTS = [...HIDE_CHARTS, { key: 'chart-compare', label: 'comparison of kept runs' }];

function RunFiles() {
  const session = useSession();
  const starting = useLab((s) => s.status === 'starting');
  const csv = async () => {
    const file = await session.fetchExport('run');
    if (!file) return; // the store shows the worker's message
    // The worker wrote this file from the run's own history: reading it back needs no schema check.
    saveBlob(csvFileName(file.fileName), new Blob([metricsCsv(JSON.parse(file.text))], { type: 'text/csv' }));
  };
  return (
    <section>
      <h3>This run</h3>
      <div className="file-buttons">
        <button type="button" disabled={starting} onClick={() => void session.exportFile('run')}>
          Run (run.json)
        </button>
        <button type="button" disabled={starting} onClick={() => void session.exportFile('checkpoint')}>
          Checkpoint (checkpoint.json)
        </button>
        <button type="button" disabled={starting} onClick={() => void csv()}>
          Metrics (CSV)
        </button>
      </div>
      <p className="blurb">
        The run file holds the settings, the seed and every metric; the checkpoint holds the teacher and the
        weights, to continue training later. Both open again with Import below.
      </p>
    </section>
  );
}

function ChartFiles() {
  const compareOpen = usePage((s) => s.compareOpen);
  const hidden = usePage((s) => s.hidden);
  const charts = CHARTS.filter((c) => !hidden.includes(c.key) && (c.key !== 'chart-compare' || compareOpen));
  return (
    <section>
      <h3>Charts</h3>
      <ul className="chart-files">
        {charts.map((c) => (
          <li key={c.key}>
            <span>{c.label}</span>
            <ChartExportButtons testId={c.key} title={c.label} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function CiteRun() {
  const config = useLab((s) => s.config);
  // The address bar holds every setting and the seed (src/state/link/address-bar.ts).
  return <CiteBlock citation={citeRun(config, window.location.href)} what="run" testId="cite-run" />;
}

export function FilesDialog() {
  return (
    <PageDialog
      name="files"
      title="Export and import"
      testId="files-dialog"
      wide
    >
      <div className="files">
        <RunFiles />
        <CiteRun />
        <ChartFiles />
        <ImportSection />
      </div>
    </PageDialog>
  );
}
