/**
 * "Cite this run" / "Cite this sweep": the citation block (link, config, code version) as text and as BibTeX,
 * each in a read-only field with a copy button (the field stays selectable where the clipboard is refused).
 */
import { useState } from 'react';
import type { Citation } from '../../state/cite';
import { copyText } from '../classroom/copy';

export function CiteBlock({ citation, what, testId }: { citation: Citation; what: string; testId: string }) {
  const [format, setFormat] = useState<'text' | 'bibtex'>('text');
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const value = format === 'text' ? citation.text : citation.bibtex;
  const copy = async () => setCopied((await copyText(value)) ? 'copied' : 'failed');
  return (
    <section className="cite" data-testid={testId}>
      <h3>Cite this {what}</h3>
      <p className="blurb">
        The link, the settings and the code version in one block, for a paper or a lab notebook.
      </p>
      <div className="cite-formats" role="group" aria-label="Citation format">
        {(['text', 'bibtex'] as const).map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={format === f}
            data-testid={`${testId}-${f}`}
            onClick={() => {
              setFormat(f);
              setCopied(null);
            }}
          >
            {f === 'text' ? 'Plain text' : 'BibTeX'}
          </button>
        ))}
      </div>
      <textarea
        className="cite-text"
        readOnly
        rows={format === 'text' ? 6 : 7}
        value={value}
        aria-label={`Citation of this ${what} (${format === 'text' ? 'plain text' : 'BibTeX'})`}
        data-testid={`${testId}-value`}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" data-testid={`${testId}-copy`} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" className="cite-status">
        {copied === 'copied'
          ? ' Copied.'
          : copied === 'failed'
            ? ' Could not copy: select the text and copy it.'
            : ''}
      </span>
    </section>
  );
}
