/** The one-click way out of a failure: Recover (a lost worker) or lower the learning rate and resume. */
import { formatCount } from '../number-format';
import type { RecoveryController, RecoveryView } from './controller';

export function RecoveryActions({
  view,
  controller,
}: {
  view: RecoveryView;
  controller: RecoveryController;
}) {
  if (view.lost) {
    const cp = view.checkpoint;
    return (
      <button
        type="button"
        className="primary"
        data-testid="recover"
        onClick={() => controller.recover()}
        title="Start a new training worker that continues from the checkpoint this page holds"
      >
        {cp ? `Recover from step ${formatCount(cp.step)}` : 'Recover'}
      </button>
    );
  }
  const d = view.diverged;
  if (d) {
    const from = d.checkpoint ? ` from step ${formatCount(d.checkpoint.step)}` : '';
    return (
      <button
        type="button"
        className="primary"
        data-testid="lower-lr-resume"
        onClick={() => controller.lowerLearningRateAndResume()}
        title={`Go back to the last finite checkpoint and train on with η = ${d.suggestedLr} (now ${d.lr})`}
      >
        {`Lower η to ${d.suggestedLr} and resume${from}`}
      </button>
    );
  }
  return null;
}
