/**
 * The error message (what happened and what to do, with the one-click way out when there is one), the note of
 * what an automatic recovery did, and short notices, announced to screen readers.
 */
import { useEffect } from 'react';
import { useRecovery } from './recovery/controller';
import { RecoveryActions } from './recovery/RecoveryActions';
import { useLab, useSession } from './session-context';

/** Notices confirm an action; they go away by themselves. */
const NOTICE_MS = 6000;

export function Messages() {
  const session = useSession();
  const error = useLab((s) => s.error);
  const notice = useLab((s) => s.notice);
  const [recovery, controller] = useRecovery(session);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => session.store.getState().setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, session]);
  const offersWayOut = recovery.lost !== null || recovery.diverged !== null;
  return (
    <div className="messages">
      {error && (
        <div className="error-message" role="alert" data-testid="error-message">
          <span>{error}</span>
          <RecoveryActions view={recovery} controller={controller} />
          <button type="button" className="quiet" onClick={() => session.store.getState().setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      {!error && offersWayOut && (
        // A dismissed message must not take the way out with it.
        <div className="error-message">
          <span>{recovery.lost ?? 'The run diverged and is paused.'}</span>
          <RecoveryActions view={recovery} controller={controller} />
        </div>
      )}
      {recovery.note && (
        <div className="notice" role="status" data-testid="recovery-note">
          <span>{recovery.note}</span>
          <button type="button" className="quiet" onClick={() => controller.dismissNote()}>
            OK
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
