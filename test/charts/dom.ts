/** DOM helpers for the chart tests (jsdom). */

/** A fresh container attached to the document. */
export function mountContainer(): HTMLElement {
  const container = document.createElement('div');
  document.body.appendChild(container);
  return container;
}

/** Text of every element matching `selector` under `root`. */
export function textsOf(root: ParentNode, selector: string): string[] {
  return Array.from(root.querySelectorAll(selector), (e) => e.textContent ?? '');
}

/** The x of a d3 axis tick from its transform "translate(x,0)". */
export function tickX(tick: Element): number {
  const m = /translate\(([-\d.e]+),/.exec(tick.getAttribute('transform') ?? '');
  return m ? Number(m[1]) : Number.NaN;
}

/** The y of a d3 axis tick from its transform "translate(0,y)". */
export function tickY(tick: Element): number {
  const m = /translate\([-\d.e]+,([-\d.e]+)\)/.exec(tick.getAttribute('transform') ?? '');
  return m ? Number(m[1]) : Number.NaN;
}

/** Pixel of `value` on an axis, interpolated between its labelled ticks (linear axes). */
export function pixelOnLinearAxis(axis: Element, value: number, parse: (label: string) => number): number {
  const ticks = Array.from(axis.querySelectorAll('.tick')).map((t) => ({
    v: parse(t.querySelector('text')?.textContent ?? ''),
    x: tickX(t),
  }));
  const [a, b] = [ticks[0], ticks[ticks.length - 1]];
  if (!a || !b || a.v === b.v) throw new Error('axis has fewer than two ticks');
  return a.x + ((value - a.v) / (b.v - a.v)) * (b.x - a.x);
}

/** Parses a count label such as "12.3k" or "4M" back to a number. */
export function parseCount(label: string): number {
  const m = /^([-\d.]+)([kMB]?)$/.exec(label.trim());
  if (!m) return Number.NaN;
  const scale = { '': 1, k: 1e3, M: 1e6, B: 1e9 }[m[2] as '' | 'k' | 'M' | 'B'];
  return Number(m[1]) * scale;
}

/** Fires a pointer event of `type` at client coordinates (x, y) on `target`. */
export function firePointer(target: Element, type: string, x = 0, y = 0): void {
  target.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: x, clientY: y }));
}

/** A touch pointer event (jsdom has no PointerEvent: a MouseEvent with pointerType set). */
export function fireTouch(target: Element, type: string, x = 0, y = 0): void {
  const event = new MouseEvent(type, { bubbles: true, clientX: x, clientY: y });
  Object.defineProperty(event, 'pointerType', { value: 'touch' });
  target.dispatchEvent(event);
}
