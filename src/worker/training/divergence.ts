/**
 * What to tell a user whose run diverged, and the one-click fix: a learning rate LR_DIVISOR times smaller,
 * resumed from the last finite checkpoint.
 */
import type { Config } from '../../model/config';
import type { CheckpointPosition } from '../protocol/recovery-messages';

export const LR_DIVISOR = 4;

/** The learning rate the fix uses (kept inside the field's range). */
export function suggestedLearningRate(lr: number): number {
  return Number((lr / LR_DIVISOR).toPrecision(6));
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The plain-language explanation: what happened, the likely cause, and what the page did. `what` says which
 * number stopped being finite ("the training loss is NaN").
 */
export function divergenceExplanation(
  config: Config,
  what: string,
  at: CheckpointPosition,
  checkpoint: CheckpointPosition | null,
): string {
  const { lr, lambda, m } = config;
  const where = checkpoint
    ? `Training is paused; the last finite checkpoint (step ${count(checkpoint.step)}, ${count(checkpoint.samplesSeen)} samples) is kept.`
    : 'Training is paused.';
  return (
    `The run diverged at step ${count(at.step)} (${count(at.samplesSeen)} samples): ${what}. ` +
    `The likely cause is a learning rate η = ${lr} too large for the output scale λ = ${lambda} and the width ` +
    `m = ${m}: the curvature of the loss grows roughly like λ²·m, so the largest stable η shrinks as λ or m ` +
    `grows. ${where} Lower η (for example to ${suggestedLearningRate(lr)}) or λ and resume.`
  );
}
