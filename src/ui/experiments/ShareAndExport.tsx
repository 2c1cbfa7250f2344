/**
 * Downloads of the result (CSV with one row per run, JSON in the CLI's format) and the share link of the
 * sweep's config with a copy button: the link opens this view with the sweep ready to run.
 */
import { useState } from 'react';
import { sweepToCsv, type SweepResult } from '../../model/sweep-result';
import type { SweepSpec } from '../../model/sweep-spec';
import { copyText } from '../classroom/copy';
import { saveBlob } from '../export/save-blob';
import { sweepShareLink } from '../../state/link/view-link';
import { citeSweep } from '../../state/cite';
import { CiteBlock } from '../export/CiteBlock';

/** File names of the downloads: "<experiment>.sweep.json" and ".sweep.csv" ("-partial" before the end). */
export function resultFileName(result: SweepResult, extension: 'json' | 'csv'): string {
  return `${result.experiment}${result.complete ? '' : '-partial'}.sweep.${extension}`;
}

export function ShareAndExport({ result, spec }: { result: SweepResult; spec: SweepSpec }) {
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const link = sweepShareLink(spec, window.location.href);
  const copy = async () => setCopied((await copyText(link)) ? 'copied' : 'failed');
  return (
    <div className="share-export">
      <div className="share-export-buttons" role="group" aria-label="Download the results">
        <button
          type="button"
          data-testid="download-csv"
          onClick={() =>
            saveBlob(resultFileName(result, 'csv'), new Blob([sweepToCsv(result)], { type: 'text/csv' }))
          }
        >
          Download CSV
        </button>
        <button
          type="button"
          data-testid="download-json"
          onClick={() =>
            saveBlob(
              resultFileName(result, 'json'),
              new Blob([JSON.stringify(result, null, 1) + '\n'], { type: 'application/json' }),
            )
          }
        >
          Download JSON
        </button>
      </div>
      <label className="share-link">
        <span>Share this sweep (its settings, not its results):</span>
        <span className="share-link-row">
          <input
            type="text"
            readOnly
            value={link}
            data-testid="share-link"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" data-testid="copy-share-link" onClick={() => void copy()}>
            Copy link
          </button>
        </span>
      </label>
      {copied && (
        <p className="hint" role="status">
          {copied === 'copied'
            ? 'Link copied.'
            : 'Copying was refused here: select the link and copy it by hand.'}
        </p>
      )}
      <CiteBlock citation={citeSweep(spec, link)} what="sweep" testId="cite-sweep" />
    </div>
  );
}
