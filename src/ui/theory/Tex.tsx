/**
 * A formula rendered by KaTeX into its own element (never through innerHTML). Until KaTeX has loaded, the TeX
 * source shows as plain text. React renders no children here, so KaTeX owns the element's content.
 */
import { useEffect, useRef } from 'react';
import { loadKatex } from './katex-loader';

export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.textContent = tex;
    let cancelled = false;
    void loadKatex().then((katex) => {
      if (cancelled) return;
      // throwOnError false: a typo in a formula shows the source in red instead of breaking the panel.
      katex.render(tex, el, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
    });
    return () => {
      cancelled = true;
    };
  }, [tex, display]);
  return <span ref={ref} className={display ? 'tex tex--display' : 'tex'} data-tex={tex} />;
}
