/** Honouring `prefers-reduced-motion`: streaming charts redraw at a calm pace when it is set. */

/** With `prefers-reduced-motion: reduce`, the shortest time between two redraws of a streaming chart. */
export const CALM_MS = 1_000;

export function prefersReducedMotion(): boolean {
  return (
    typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}
