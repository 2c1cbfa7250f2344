/**
 * Text for exported charts: SVG has no line wrapping, so titles and captions are measured and broken into
 * lines here. Widths come from a canvas 2D context where one exists (real browsers) and from the axes'
 * estimate elsewhere (jsdom), which is close enough to break lines sensibly.
 */
import { estimateTextWidth } from './axes';
import { get2d } from './canvas';
import { FONT_FAMILY } from './theme';

let measureContext: CanvasRenderingContext2D | null | undefined;

/** Width in pixels of `text` at `size` px and `weight` in the charts' font. */
export function measureText(text: string, size: number, weight = 400): number {
  if (measureContext === undefined)
    measureContext = typeof document === 'undefined' ? null : get2d(document.createElement('canvas'));
  if (!measureContext) return estimateTextWidth(text, size);
  measureContext.font = `${weight} ${size}px ${FONT_FAMILY}`;
  return measureContext.measureText(text).width;
}

/** `text` broken at spaces into lines no wider than `width` (a single long word gets a line of its own). */
export function wrapText(text: string, size: number, width: number, weight = 400): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measureText(candidate, size, weight) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The font size in px of an element's inline style, or `fallback`. */
export function fontSizeOf(element: Element | null, fallback: number): number {
  const size = parseFloat((element as HTMLElement | null)?.style.fontSize ?? '');
  return Number.isFinite(size) && size > 0 ? size : fallback;
}

/** Whether an element is shown (its inline display is not "none"). */
export function isShown(element: Element | null): element is HTMLElement {
  return element !== null && (element as HTMLElement).style.display !== 'none';
}
