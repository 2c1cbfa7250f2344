/**
 * Statistics of a learnability sweep: per-value summaries of samplesToEps with censoring, and least-squares
 * fits of a power law (log samples vs log value) and an exponential (log samples vs value), each with R² and
 * a 95% interval on its slope from the t distribution.
 *
 * Censoring: a run that misses ε within its budget has samplesToEps = null, meaning "more than the budget".
 * It is never dropped: it counts in every summary as +∞ (so quantiles that land on it are lower bounds,
 * flagged as censored and shown at the budget). The fits use per-value medians, because a median is known
 * exactly as long as fewer than half of a value's runs are censored; a value whose median is censored is left
 * out of the fit and listed in `excluded`. Leaving the hardest values out can only flatten a growing curve, so
 * a fit with exclusions understates growth, and the comparison sentence says so.
 */

/** One run's outcome as the statistics need it: null = censored (ε not reached within the budget). */
export type CensoredSample = number | null;

/** A quantile of samplesToEps; `censored` means the true value is above `value` (which is the budget). */
export interface CensoredQuantile {
  value: number;
  censored: boolean;
}

export interface ValueSummary {
  runs: number;
  /** Runs that did not reach ε within the budget. */
  censored: number;
  median: CensoredQuantile;
  q1: CensoredQuantile;
  q3: CensoredQuantile;
  /** Fastest run (null when every run is censored). */
  min: number | null;
  /** Slowest run that reached ε (null when none did). */
  maxReached: number | null;
}

/**
 * Quantile q of samples that may be censored at `budget`, by linear interpolation between order statistics
 * (the same rule as numpy's default). Censored samples sort last as +∞; a quantile that touches one is
 * reported as censored at the budget.
 */
export function censoredQuantile(
  samples: readonly CensoredSample[],
  q: number,
  budget: number,
): CensoredQuantile {
  if (samples.length === 0) throw new Error('censoredQuantile: no samples');
  const sorted = samples.map((s) => s ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = sorted[Math.floor(pos)] as number;
  const hi = sorted[Math.ceil(pos)] as number;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { value: budget, censored: true };
  return { value: lo + (hi - lo) * (pos - Math.floor(pos)), censored: false };
}

/** Median, quartiles and censored count of one value's runs. */
export function summarizeSamples(samples: readonly CensoredSample[], budget: number): ValueSummary {
  const reached = samples.filter((s): s is number => s !== null);
  return {
    runs: samples.length,
    censored: samples.length - reached.length,
    median: censoredQuantile(samples, 0.5, budget),
    q1: censoredQuantile(samples, 0.25, budget),
    q3: censoredQuantile(samples, 0.75, budget),
    min: reached.length ? Math.min(...reached) : null,
    maxReached: reached.length ? Math.max(...reached) : null,
  };
}

/** Ordinary least squares y = intercept + slope·x. */
export interface LinearFit {
  slope: number;
  intercept: number;
  r2: number;
  /** Residual sum of squares. */
  rss: number;
  /** Standard error of the slope (NaN with fewer than 3 points). */
  slopeStdErr: number;
  /** 95% interval of the slope (NaN bounds with fewer than 3 points). */
  slopeInterval: [number, number];
  points: number;
}

/** Least-squares line through (x, y); needs at least 2 distinct x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  const n = xs.length;
  if (n !== ys.length) throw new Error(`linearFit: ${n} x values but ${ys.length} y values`);
  if (n < 2) throw new Error('linearFit: needs at least 2 points');
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new Error('linearFit: all x values are equal');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = (ys[i] as number) - intercept - slope * (xs[i] as number);
    rss += r * r;
  }
  // A perfectly flat y has nothing to explain: R² is 1 when the line also fits it exactly.
  const r2 = syy === 0 ? 1 : 1 - rss / syy;
  const dof = n - 2;
  const slopeStdErr = dof > 0 ? Math.sqrt(rss / dof / sxx) : Number.NaN;
  const half = dof > 0 ? tQuantile(0.975, dof) * slopeStdErr : Number.NaN;
  return {
    slope,
    intercept,
    r2,
    rss,
    slopeStdErr,
    slopeInterval: [slope - half, slope + half],
    points: n,
  };
}

/**
 * Natural log of the gamma function for x > 0: shift x up to at least 10 with Γ(x) = Γ(x+1)/x, then the
 * Stirling series, whose next term there is below 1e-16.
 */
function logGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** Continued fraction of the regularized incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const num of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast only on one side of the mean; use the symmetry on the other.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Cumulative distribution function of Student's t with `dof` degrees of freedom. */
export function tCdf(t: number, dof: number): number {
  const tail = 0.5 * incompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Quantile p (0 < p < 1) of Student's t with `dof` degrees of freedom, by bisection on tCdf. */
export function tQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`tQuantile: p = ${p} is not in (0, 1)`);
  if (!(dof > 0)) throw new Error(`tQuantile: dof = ${dof} is not positive`);
  if (p < 0.5) return -tQuantile(1 - p, dof);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, dof) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, dof) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** samples ≈ C · value^exponent, fitted on log(median samples) vs log(value). */
export interface PowerLawFit {
  exponent: number;
  /** 95% interval of the exponent. */
  interval: [number, number];
  /** log C (natural log). */
  logCoefficient: number;
  r2: number;
  /** Residual sum of squares in log samples (comparable with the exponential fit's). */
  rss: number;
  points: number;
}

/** samples ≈ C · exp(rate · value), fitted on log(median samples) vs value. */
export interface ExponentialFit {
  rate: number;
  /** 95% interval of the rate. */
  interval: [number, number];
  logCoefficient: number;
  r2: number;
  rss: number;
  points: number;
}

/** The power-law exponent between two neighbouring values: log(median ratio) / log(value ratio). */
export interface LocalSlope {
  from: number;
  to: number;
  exponent: number;
}

export interface SweepFits {
  powerLaw: PowerLawFit | null;
  exponential: ExponentialFit | null;
  /**
   * Exponents between neighbouring values of the fit (a power law has them all equal; an exponential's grow
   * in proportion to the value). Empty when no fit is made.
   */
  localSlopes: LocalSlope[];
  /** Values left out of the fits: median censored (listed) or value not positive (power law only). */
  excluded: number[];
  /** Values whose median was censored (a subset of `excluded`). */
  censoredValues: number[];
  /**
   * Values left out because the best linear map of the tokens already reaches ε there (a subset of
   * `excluded`): samples to ε at such a point measure linear memory, not the concept.
   */
  trivialValues: number[];
}

/** Fewest points for a fit with an interval (two points leave no residual degrees of freedom). */
export const MIN_FIT_POINTS = 3;

/** Fits both curves to per-value medians; values with a censored median are excluded (see the file note). */
export function fitSweep(
  points: readonly { value: number; median: CensoredQuantile; trivial?: boolean }[],
): SweepFits {
  const censoredValues = points.filter((p) => p.median.censored).map((p) => p.value);
  const trivialValues = points.filter((p) => p.trivial && !p.median.censored).map((p) => p.value);
  const usable = points.filter((p) => !p.median.censored && !p.trivial && p.median.value > 0);
  const positive = usable.filter((p) => p.value > 0);
  const excluded = points.filter((p) => !positive.includes(p)).map((p) => p.value);
  if (positive.length < MIN_FIT_POINTS || new Set(positive.map((p) => p.value)).size < MIN_FIT_POINTS) {
    return { powerLaw: null, exponential: null, localSlopes: [], excluded, censoredValues, trivialValues };
  }
  // Both fits use the same points, so their R² and residuals compare like for like.
  const logSamples = positive.map((p) => Math.log(p.median.value));
  const pf = linearFit(
    positive.map((p) => Math.log(p.value)),
    logSamples,
  );
  const ef = linearFit(
    positive.map((p) => p.value),
    logSamples,
  );
  const common = (f: LinearFit) => ({
    interval: f.slopeInterval,
    logCoefficient: f.intercept,
    r2: f.r2,
    rss: f.rss,
    points: f.points,
  });
  const powerLaw: PowerLawFit = { exponent: pf.slope, ...common(pf) };
  const exponential: ExponentialFit = { rate: ef.slope, ...common(ef) };
  return {
    powerLaw,
    exponential,
    localSlopes: localSlopes(positive),
    excluded,
    censoredValues,
    trivialValues,
  };
}

/** Exponents between consecutive points (sorted by value). */
export function localSlopes(points: readonly { value: number; median: CensoredQuantile }[]): LocalSlope[] {
  const sorted = [...points].sort((a, b) => a.value - b.value);
  const out: LocalSlope[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as (typeof sorted)[number];
    const b = sorted[i] as (typeof sorted)[number];
    if (a.value === b.value) continue;
    out.push({
      from: a.value,
      to: b.value,
      exponent: Math.log(b.median.value / a.median.value) / Math.log(b.value / a.value),
    });
  }
  return out;
}

/** The local exponents in words: "1.3 (4→6), 2.0 (6→8)". */
function describeLocalSlopes(slopes: readonly LocalSlope[]): string {
  return slopes.map((s) => `${r(s.exponent, 1)} (${s.from}→${s.to})`).join(', ');
}

function r(x: number, digits = 2): string {
  return x.toFixed(digits);
}

/**
 * What the data allow one to say about the growth, from the local exponents and the two fits: a power law
 * whose local exponents stay within a factor 2 of each other is "consistent with a polynomial of degree
 * about k over this range"; local exponents spread wider without a trend give a range of degrees; steadily
 * rising local exponents or close fits mean this range cannot separate a power law from an exponential.
 */
function lengthVerdict(fits: SweepFits, variable: string, ratio: number, powerBetter: boolean): string {
  const slopes = fits.localSlopes;
  const range = slopes.length
    ? `${variable} = ${slopes[0]?.from}…${slopes[slopes.length - 1]?.to}`
    : `this range of ${variable}`;
  const exps = slopes.map((s) => s.exponent);
  const local = slopes.length
    ? ` Local exponents between neighbouring values: ${describeLocalSlopes(slopes)}.`
    : '';
  const lo = Math.min(...exps);
  const hi = Math.max(...exps);
  const first = exps[0] ?? 0;
  const last = exps[exps.length - 1] ?? 0;
  const monotone = exps.every((e, i) => i === 0 || e >= (exps[i - 1] as number));
  const rising = exps.length >= 2 && monotone && last > first && (first <= 0 || last / first > 1.5);
  const spread = exps.length >= 2 && (lo <= 0 || hi / lo > 2);
  if (ratio < 2) {
    return `${local} Over ${range} these data cannot separate a power law from an exponential.`.trim();
  }
  if (!powerBetter) return `${local} Over ${range} an exponential describes the growth better.`.trim();
  if (rising) {
    return `${local} The local exponent rises from ${r(first, 1)} to ${r(last, 1)}, so no single power law describes ${range}; more lengths are needed to tell the curve apart from an exponential.`.trim();
  }
  if (spread) {
    return `${local} Over ${range} the growth is consistent with a polynomial of degree between about ${r(lo, 1)} and ${r(hi, 1)}, without a trend: these points do not pin down one degree.`.trim();
  }
  const k = fits.powerLaw ? fits.powerLaw.exponent : (lo + hi) / 2;
  return `${local} Over ${range} the growth is consistent with a polynomial of degree about ${r(k, 1)}.`.trim();
}

/**
 * What the exponent means within the measured range: what doubling the variable costs when the range spans
 * a doubling, else the growth across the range itself (no extrapolation past the values measured).
 */
function growthPhrase(fits: SweepFits, variable: string, exponent: number): string {
  const first = fits.localSlopes[0]?.from;
  const last = fits.localSlopes[fits.localSlopes.length - 1]?.to;
  if (first !== undefined && last !== undefined && first > 0 && last / first < 2) {
    return `from ${variable} = ${first} to ${last} the fit multiplies the samples needed by about ${r((last / first) ** exponent, 1)}`;
  }
  return `doubling ${variable} multiplies the samples needed by about ${r(2 ** exponent, 1)}`;
}

/**
 * The fits in plain sentences: the power law with its interval and what doubling the variable costs, the
 * comparison with the exponential when asked (for L), and what censoring left out.
 */
export function describeFits(
  fits: SweepFits,
  variable: string,
  options: { compareExponential: boolean; totalValues: number },
): string {
  const out: string[] = [];
  const pl = fits.powerLaw;
  if (!pl) {
    const used = options.totalValues - fits.excluded.length;
    out.push(
      `No curve is fitted: ${used} of ${options.totalValues} values have a median that reached ε within the budget, and a fit needs ${MIN_FIT_POINTS}.`,
    );
  } else {
    const [lo, hi] = pl.interval;
    out.push(
      `samples ≈ C·${variable}^${r(pl.exponent)} (95% interval ${r(lo)} to ${r(hi)}, R² ${r(pl.r2)}): ${growthPhrase(fits, variable, pl.exponent)}.`,
    );
    if (lo <= 0 && hi >= 0) {
      out.push(`The interval includes 0: no clear dependence on ${variable} over this range.`);
    }
    const ex = fits.exponential;
    if (options.compareExponential && ex) {
      const ratio = Math.min(pl.rss, ex.rss) > 0 ? Math.max(pl.rss, ex.rss) / Math.min(pl.rss, ex.rss) : 1;
      // Both fits share their points and their y (log samples), so the residual ratio says by how much.
      if (ratio < 1.1) {
        out.push(
          `A power law and an exponential fit equally well (R² ${r(pl.r2)} vs ${r(ex.r2)}): this range of ${variable} cannot tell them apart.`,
        );
      } else {
        const [better, worse, b, w] =
          pl.rss < ex.rss
            ? ['A power law', 'an exponential', pl.r2, ex.r2]
            : ['An exponential', 'a power law', ex.r2, pl.r2];
        const how = ratio < 2 ? 'slightly better' : 'better';
        out.push(
          `${better} fits ${how} than ${worse} (R² ${r(b)} vs ${r(w)}; residuals in log samples ${r(ratio, 1)}× smaller).`,
        );
      }
      out.push(lengthVerdict(fits, variable, ratio, pl.rss <= ex.rss));
    }
  }
  if (fits.trivialValues.length > 0) {
    const list = fits.trivialValues.map((v) => `${variable} = ${v}`).join(', ');
    out.push(
      `Left out of the fit as trivial: ${list}, where the best linear map of the tokens already reaches ε.`,
    );
  }
  if (fits.censoredValues.length > 0) {
    const list = fits.censoredValues.map((v) => `${variable} = ${v}`).join(', ');
    if (!pl) {
      out.push(`Most runs missed ε within the budget at ${list}.`);
      return out.join(' ');
    }
    out.push(
      `Left out of the fit: ${list}, where most runs missed ε within the budget; the true growth is steeper than the fit says.`,
    );
  }
  return out.join(' ');
}
