/**
 * Applies the hide flags of a classroom link to the page (see hide-style.ts). The rules go into a constructed
 * style sheet adopted by the document: the page's Content-Security-Policy (`style-src 'self'`) refuses inline
 * <style> elements, while a sheet built through the CSSOM is the page's own script at work.
 */
import { useEffect } from 'react';
import { hideRules } from './hide-style';
import { usePage } from '../../state/page-store';

export function HideStyle() {
  const hidden = usePage((s) => s.hidden);
  useEffect(() => {
    const css = hideRules(hidden);
    if (css === '') return;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    document.documentElement.dataset.hidden = hidden.join(',');
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      delete document.documentElement.dataset.hidden;
    };
  }, [hidden]);
  return null;
}
