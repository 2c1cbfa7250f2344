/**
 * Canvases that stay sharp on high-DPI screens. Drawing code works in CSS pixels; the backing store is
 * devicePixelRatio times larger. Environments without a 2D context (jsdom in tests, a blocked canvas) get
 * null, and every caller treats null as "skip the drawing, keep the structure".
 */

/** Resizes `canvas` to width × height CSS pixels and returns its cleared 2D context, or null. */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const ratio = typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const context = get2d(canvas);
  if (!context) return null;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, w, h);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  return context;
}

/** The 2D context of `canvas`, or null where the environment has none. */
export function get2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  // jsdom's getContext is a stub that logs "not implemented"; detect it without calling it.
  if (typeof navigator !== 'undefined' && /jsdom/i.test(navigator.userAgent)) return null;
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}

/** Clears a canvas drawn by prepareCanvas. */
export function clearCanvas(canvas: HTMLCanvasElement): void {
  const context = get2d(canvas);
  if (!context) return;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
}
