/**
 * "What you see": one sentence per chart, computed from the live metric series, to set next to what the
 * paper predicts. Pure functions of the series, so they are tested without a page.
 */
import { LAZY, REPORT, type MetricSeries } from '../../state/metric-series';

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toPrecision(digits) : '—');
const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** The newest finite value of column `c` of a buffer with `length` rows, and the row it is in. */
function latest(
  length: number,
  get: (i: number, c: number) => number,
  c: number,
): { value: number; row: number } | null {
  for (let i = length - 1; i >= 0; i--) {
    const v = get(i, c);
    if (Number.isFinite(v)) return { value: v, row: i };
  }
  return null;
}

/** The change of the test error over the last 10k samples, in words ("" when there is no earlier point). */
function trend(m: MetricSeries, row: number, at: number): string {
  const r = m.report;
  const span = 10_000;
  for (let i = row - 1; i >= 0; i--) {
    if (r.get(i, REPORT.samples) > at - span) continue;
    const before = r.get(i, REPORT.testError);
    const now = r.get(row, REPORT.testError);
    if (!Number.isFinite(before) || !Number.isFinite(now) || before <= 0) return '';
    const change = (now - before) / before;
    const pct = Math.round(Math.abs(change) * 100);
    return pct === 0
      ? ', flat over the last 10k samples'
      : `, ${change < 0 ? 'down' : 'up'} ${pct}% over the last 10k samples`;
  }
  return '';
}

export function lossReading(m: MetricSeries, eps: number, samplesToEps: number | null): string {
  const r = m.report;
  const last = latest(r.length, (i, c) => r.get(i, c), REPORT.testError);
  if (!last) return 'No evaluation yet.';
  const first = latest(1, (i, c) => r.get(i, c), REPORT.testError);
  const at = r.get(last.row, REPORT.samples);
  const reached =
    samplesToEps === null
      ? `ε = ${eps} not reached yet`
      : `ε = ${eps} reached after ${count(samplesToEps)} samples`;
  const from = first ? `, from ${fmt(first.value)} at the start` : '';
  return `Test error ${fmt(last.value)} after ${count(at)} samples${from}${trend(m, last.row, at)}; ${reached}.`;
}

export function positionReading(m: MetricSeries): string {
  const b = m.byPosition;
  if (b.length === 0 || m.positions.length === 0) return 'No evaluation yet.';
  const row = b.row(b.length - 1);
  let worst = -1;
  let best = -1;
  for (let k = 0; k < m.positions.length; k++) {
    const v = row[k + 1] as number;
    if (!Number.isFinite(v)) continue;
    if (worst < 0 || v > (row[worst + 1] as number)) worst = k;
    if (best < 0 || v < (row[best + 1] as number)) best = k;
  }
  if (worst < 0) return 'No finite error yet.';
  return `Hardest position j = ${m.positions[worst]} (error ${fmt(row[worst + 1] as number)}), easiest j = ${m.positions[best]} (error ${fmt(row[best + 1] as number)}).`;
}

export function lazyReading(m: MetricSeries): string {
  const z = m.lazy;
  if (z.length === 0) return 'No lazy-training reading yet.';
  const i = z.length - 1;
  const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');
  return `W has moved ${pct(z.get(i, LAZY.weightMovementFrobenius))} of its initial norm; ${pct(z.get(i, LAZY.patternFlips))} of ReLU patterns flipped; linearization gap ${fmt(z.get(i, LAZY.linearizationGap))}.`;
}

/**
 * Pearson correlation of the student's and the teacher's influence over the pairs 2 <= i < j: row i = 1 (the
 * start token, which no teacher reads and whose student gradient is not measured) is zero in both maps by
 * construction and would only inflate the agreement.
 */
export function influenceAgreement(
  L: number,
  student: ArrayLike<number>,
  teacher: ArrayLike<number>,
): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 2; i <= L; i++)
    for (let j = i + 1; j <= L; j++) {
      const s = student[(i - 1) * L + (j - 1)] as number;
      const t = teacher[(i - 1) * L + (j - 1)] as number;
      if (Number.isFinite(s) && Number.isFinite(t)) {
        xs.push(s);
        ys.push(t);
      }
    }
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = (xs[k] as number) - mx;
    const dy = (ys[k] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

export function influenceReading(m: MetricSeries): string {
  const inf = m.influence;
  if (!inf) return 'No influence map yet.';
  const r = influenceAgreement(inf.L, inf.student, inf.teacher);
  return `The student’s map and the teacher’s agree with correlation ${fmt(r, 2)} over the pairs 2 ≤ i < j (1 = the same pattern; row i = 1 is zero in both).`;
}

export function predictionReading(m: MetricSeries): string {
  const p = m.predictions;
  if (!p) return 'No prediction yet.';
  let err = 0;
  let norm = 0;
  for (let k = 0; k < p.target.length; k++) {
    const t = p.target[k] as number;
    err += ((p.predicted[k] as number) - t) ** 2;
    norm += t * t;
  }
  return `On probe ${p.probe + 1}, the squared error is ${fmt(norm > 0 ? err / norm : Number.NaN)} of the target’s energy.`;
}

export function hiddenReading(m: MetricSeries): string {
  const t = m.trajectories;
  if (!t) return 'No token memory yet.';
  const L = t.L;
  const parts = t.tokens
    .map((i, k) => ({ i, now: t.memory[k * L + L - 1], init: t.memoryAtInit[k * L + L - 1] }))
    .filter((p) => p.i < L && Number.isFinite(p.now))
    .map(
      (p) => `token ${p.i} ${fmt(p.now as number, 2)} (at initialisation ${fmt(p.init ?? Number.NaN, 2)})`,
    );
  if (parts.length === 0) return 'No token is followed past its own position.';
  return `Reversing a token moves h at position ${L} by this multiple of its move when the token arrived: ${parts.join(', ')}.`;
}

/** ‖δ_1‖/‖δ_L‖ of a profile (first over last position), NaN when it cannot be formed. */
function firstOverLast(norms: ArrayLike<number>): number {
  const r = (norms[0] as number) / (norms[norms.length - 1] as number);
  return norms.length > 0 && Number.isFinite(r) ? r : Number.NaN;
}

export function gradientReading(m: MetricSeries): string {
  const g = m.gradients;
  if (!g) return 'No gradients through time yet.';
  const now = firstOverLast(g.norms);
  const start = firstOverLast(g.normsAtInit);
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (let k = 0; k < g.norms.length; k++) {
    const v = g.norms[k] as number;
    if (Number.isFinite(v) && v > 0) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const spread = hi > 0 && Number.isFinite(lo) ? hi / lo : Number.NaN;
  return `An error at output ${g.L} reaches position 1 with ${fmt(now, 2)}× its strength at position ${g.L} (${fmt(start, 2)}× at initialisation); along the sequence ‖δ_l‖ varies by a factor of ${fmt(spread, 2)}.`;
}
