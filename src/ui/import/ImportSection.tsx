/**
 * Importing a file: a run export is kept and drawn on the comparison chart (viewed on this page, no training);
 * a checkpoint starts a new run from its weights in the worker. Problems with the file show as one message.
 */
import { useRef, useState, type DragEvent } from 'react';
import { readImportFile, type NamedBlob } from '../../state/import-file';
import { getPageStore } from '../../state/page-store';
import { importId } from '../compare/keep-run';
import { savedRuns } from '../compare/saved-runs-hook';
import { useSession } from '../session-context';

export function ImportSection() {
  const session = useSession();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  const importFile = async (file: NamedBlob) => {
    const lab = session.store.getState();
    lab.setError(null);
    setBusy(true);
    try {
      const imported = await readImportFile(file);
      const page = getPageStore().getState();
      if (imported.kind === 'run') {
        const store = await savedRuns();
        const id = importId();
        const name = imported.fileName.replace(/\.run\.json$|\.json$/, '');
        await store.put({ id, name, savedAt: Date.now(), origin: 'import', run: imported.run });
        page.setCompareOpen(true);
        const drawn = page.toggleOverlay(id);
        page.openDialog(null);
        const where = drawn
          ? 'drawn in Compare runs'
          : 'kept in Compare runs (at most four are drawn: untick one there to draw it)';
        lab.setNotice(
          `Imported ${imported.fileName}: ${imported.run.metrics.samples.length} evaluations, ${where}.`,
        );
      } else {
        page.openDialog(null);
        session.loadCheckpoint(imported.checkpoint, imported.fileName);
        lab.setNotice(
          `Loaded ${imported.fileName}: the run continues from step ${imported.checkpoint.state.step}; press Play.`,
        );
      }
    } catch (e) {
      lab.setError(`Could not import: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void importFile(file);
  };

  return (
    <section>
      <h3>Import</h3>
      <div
        className={`drop-zone${over ? ' drop-zone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          Drop a <code>.run.json</code> file to compare it with your runs, or a <code>.checkpoint.json</code>{' '}
          file to continue training it.
        </p>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          data-testid="import-input"
          tabIndex={-1}
          aria-label="Import a run or checkpoint file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
          }}
        />
        <button type="button" disabled={busy} onClick={() => input.current?.click()}>
          {busy ? 'Reading…' : 'Choose a file…'}
        </button>
      </div>
    </section>
  );
}
