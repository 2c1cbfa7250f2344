/**
 * The tool bar under the title: lessons, theory, comparison, files, sharing and the shortcut help
 * (presenter mode has its own button in the header). A classroom link can hide each group of buttons (see src/state/link/page-options.ts).
 */
import { getPageStore, useHidden, usePage, type DialogName } from '../../state/page-store';
import { CopyLinkButton } from './ShareDialog';

interface DialogButtonProps {
  name: DialogName;
  label: string;
  shortcut?: string;
  /** Accessible name when the label is only a symbol. */
  title?: string;
}

function DialogButton({ name, label, shortcut, title }: DialogButtonProps) {
  return (
    <button
      type="button"
      className="quiet"
      data-testid={`open-${name}`}
      aria-label={title}
      title={title}
      aria-haspopup="dialog"
      aria-keyshortcuts={shortcut}
      onClick={() => getPageStore().getState().openDialog(name)}
    >
      {label}
    </button>
  );
}

export function ToolBar() {
  const compareOpen = usePage((s) => s.compareOpen);
  const hideLessons = useHidden('lessons');
  const hideTheory = useHidden('theory');
  const hideCompare = useHidden('compare');
  const hideFiles = useHidden('files');
  const hideShare = useHidden('share');
  return (
    <nav className="tool-bar" aria-label="Tools">
      {!hideLessons && <DialogButton name="lessons" label="Lessons" shortcut="l" />}
      {!hideTheory && <DialogButton name="theory" label="Theory" shortcut="t" />}
      {!hideCompare && (
        <button
          type="button"
          className="quiet"
          data-testid="open-compare"
          aria-pressed={compareOpen}
          aria-keyshortcuts="c"
          onClick={() => getPageStore().getState().setCompareOpen(!compareOpen)}
        >
          Compare runs
        </button>
      )}
      <DialogButton
        name="step-through"
        label="Step through"
        title="Step through a sequence: one probe, one position at a time"
      />
      {!hideFiles && <DialogButton name="files" label="Export / import" />}
      {!hideShare && (
        <>
          <CopyLinkButton />
          <DialogButton name="share" label="Classroom link…" />
        </>
      )}
      <DialogButton name="shortcuts" label="?" shortcut="?" title="Keyboard shortcuts (?)" />
    </nav>
  );
}
