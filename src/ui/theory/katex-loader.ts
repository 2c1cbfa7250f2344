/**
 * KaTeX and its style sheet, loaded on first use: formulas appear only in the theory panel, so the first page
 * load does not pay for them.
 */
type Katex = typeof import('katex').default;

let loading: Promise<Katex> | null = null;

export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  return loading;
}
