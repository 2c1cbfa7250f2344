/** The error message (what happened and what to do) and short notices, announced to screen readers. */
import { useEffect } from 'react';
import { useLab, useSession } from './session-context';

/** Notices confirm an action; they go away by themselves. */
const NOTICE_MS = 6000;

export function Messages() {
  const session = useSession();
  const error = useLab((s) => s.error);
  const notice = useLab((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => session.store.getState().setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, session]);
  return (
    <div className="messages">
      {error && (
        <div className="error-message" role="alert" data-testid="error-message">
          <span>{error}</span>
          <button type="button" className="quiet" onClick={() => session.store.getState().setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      {notice && !error && (
        <div className="notice" role="status">
          <span>{notice}</span>
          <button type="button" className="quiet" onClick={() => session.store.getState().setNotice(null)}>
            OK
          </button>
        </div>
      )}
    </div>
  );
}
