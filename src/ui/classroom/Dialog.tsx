/**
 * A modal dialog on the native <dialog> element: the browser traps focus inside it, Escape closes it, and focus
 * returns to the button that opened it.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { getPageStore, usePage, type DialogName } from '../../state/page-store';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Test id of the dialog element. */
  testId: string;
  /** Wider layout for long content. */
  wide?: boolean;
  children: ReactNode;
}

export function Dialog({ open, onClose, title, testId, wide, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const titleId = `${testId}-title`;
  return (
    <dialog
      ref={ref}
      className={`lab-dialog${wide ? ' lab-dialog--wide' : ''}`}
      data-testid={testId}
      aria-labelledby={titleId}
      onClose={onClose}
      // Escape fires cancel at once and close a task later: update the page state at once, so a key pressed
      // right after Escape already reaches the page's shortcuts (it was ignored while the state lagged).
      onCancel={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content box) closes it.
        if (e.target === ref.current) onClose();
      }}
    >
      {open && (
        <div className="lab-dialog-body">
          <header className="lab-dialog-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="quiet" onClick={onClose} aria-label={`Close ${title}`}>
              ✕
            </button>
          </header>
          {children}
        </div>
      )}
    </dialog>
  );
}

export interface PageDialogProps extends Omit<DialogProps, 'open' | 'onClose'> {
  /** The page's dialog this is: open while the page store names it, closed through the store. */
  name: DialogName;
}

/** One of the page's dialogs (Lessons, Theory, Files, Share, Shortcuts): at most one is open at a time. */
export function PageDialog({ name, ...props }: PageDialogProps) {
  const open = usePage((s) => s.dialog === name);
  return <Dialog open={open} onClose={() => getPageStore().getState().openDialog(null)} {...props} />;
}
