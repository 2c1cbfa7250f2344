/**
 * How many training workers a sweep uses: the default for a machine, and the most allowed. No tfjs: the page
 * reads it for its setting; the sweep worker and the CLI clamp to it.
 */

/**
 * Training workers a sweep uses by default on a machine with `cores` logical cores: all of them up to two
 * (the page's thread only redraws a progress bar a few times a second), then one fewer than the cores, so the
 * page and the browser keep one; at most 8 (each worker holds a backend and its memory).
 */
export function defaultSweepWorkers(cores: number): number {
  const n = Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1;
  return Math.max(1, Math.min(8, n <= 2 ? n : n - 1));
}

/** Most workers a sweep may be given (a setting or a flag above this is clamped or refused). */
export const MAX_SWEEP_WORKERS = 32;

/** A workers setting from outside (a stored setting, a message) as a whole number in 1..MAX_SWEEP_WORKERS. */
export function clampSweepWorkers(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return fallback;
  return Math.max(1, Math.min(MAX_SWEEP_WORKERS, Math.round(n)));
}
