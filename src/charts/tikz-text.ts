/**
 * Chart text as LaTeX that plain pdfLaTeX sets with no package beyond TikZ: the ten special characters are
 * escaped, and the Unicode the charts write (ε, ‖W − W₀‖, √m, σ, arrows, dashes, quotes…) becomes the
 * matching text or math command. Accented Latin letters become accent commands. A character with no
 * counterpart is written as "?" and reported, so a file never fails to compile over one glyph.
 */

/** Text commands for ASCII characters that are special to TeX or set wrongly in its default (OT1) fonts. */
const ASCII: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '%': '\\%',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '<': '$<$',
  '>': '$>$',
  '|': '$|$',
  '"': "''",
  '`': '\\textasciigrave{}',
  // Keeps "--" and "---" from turning into dashes.
  '-': '-{}',
};

/** Greek small letters U+03B1…U+03C9 (ς at U+03C2), as math commands ("o" is a Latin o). */
const GREEK_SMALL =
  'alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma sigma tau upsilon varphi chi psi omega';
/** Greek capitals U+0391…U+03A9 (none at U+03A2): those shaped like Latin letters are Latin letters. */
const GREEK_CAPITAL =
  'A B Gamma Delta E Z H Theta I K Lambda M N Xi O Pi P - Sigma T Upsilon Phi X Psi Omega';

function greek(): Record<string, string> {
  const out: Record<string, string> = { ϵ: '$\\epsilon$', ϕ: '$\\phi$', µ: '$\\mu$' };
  const letter = (name: string): string => (name.length === 1 ? name : `$\\${name}$`);
  GREEK_SMALL.split(' ').forEach((name, k) => (out[String.fromCodePoint(0x3b1 + k)] = letter(name)));
  GREEK_CAPITAL.split(' ').forEach((name, k) => {
    if (name !== '-') out[String.fromCodePoint(0x391 + k)] = letter(name);
  });
  return out;
}

/** Everything else the charts may write, by character. */
const UNICODE: Record<string, string> = {
  ...greek(),
  '\u00a0': '~',
  '\u2009': '\\,',
  '\u202f': '\\,',
  '‘': '`',
  '’': "'",
  '“': '``',
  '”': "''",
  '–': '--',
  '—': '---',
  '−': '$-$',
  '…': '\\dots{}',
  '·': '$\\cdot$',
  '•': '$\\bullet$',
  '×': '$\\times$',
  '÷': '$\\div$',
  '±': '$\\pm$',
  '≈': '$\\approx$',
  '≤': '$\\leq$',
  '≥': '$\\geq$',
  '≠': '$\\neq$',
  '∝': '$\\propto$',
  '∞': '$\\infty$',
  '∂': '$\\partial$',
  '∑': '$\\sum$',
  '√': '$\\surd$',
  '‖': '$\\|$',
  '⟨': '$\\langle$',
  '⟩': '$\\rangle$',
  '→': '$\\to$',
  '←': '$\\leftarrow$',
  '↔': '$\\leftrightarrow$',
  '°': '$^\\circ$',
  '§': '\\S{}',
  '¶': '\\P{}',
  '©': '\\copyright{}',
  '²': '$^2$',
  '³': '$^3$',
  '¹': '$^1$',
  ᵢ: '$_i$',
  ⱼ: '$_j$',
  ₖ: '$_k$',
  ₗ: '$_l$',
  ₘ: '$_m$',
  ₙ: '$_n$',
  ₜ: '$_t$',
  ß: '\\ss{}',
  æ: '\\ae{}',
  ø: '\\o{}',
  Ø: '\\O{}',
  å: '\\aa{}',
};
for (let k = 0; k <= 9; k++) {
  UNICODE[String.fromCodePoint(0x2080 + k)] = `$_${k}$`;
  if (k > 3) UNICODE[String.fromCodePoint(0x2070 + k)] = `$^${k}$`;
}

/** Accent commands for the combining marks that NFD splits accented letters into. */
const ACCENTS: Record<string, string> = {
  '\u0300': '`',
  '\u0301': "'",
  '\u0302': '^',
  '\u0303': '~',
  '\u0308': '"',
  '\u030b': 'H',
  '\u0304': '=',
  '\u0307': '.',
  '\u030a': 'r',
  '\u030c': 'v',
  '\u0327': 'c',
  '\u0328': 'k',
};

/** LaTeX for `text`, and the characters it could not set (written as "?"). */
export function latexText(text: string): { tex: string; missing: string[] } {
  const missing: string[] = [];
  let tex = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch in ASCII) tex += ASCII[ch];
    else if (code >= 0x20 && code < 0x7f) tex += ch;
    else if (ch === '\n' || ch === '\t') tex += ' ';
    else if (ch in UNICODE) tex += UNICODE[ch];
    else {
      const [base, ...marks] = ch.normalize('NFD');
      const accents = marks.map((m) => ACCENTS[m]);
      if (base && /^[A-Za-z]$/.test(base) && marks.length && accents.every(Boolean)) {
        // Accents stack outward: \'{\^{e}} for an e with circumflex and acute.
        tex += accents.reduce((inner, a) => `\\${a}{${inner}}`, base === 'i' ? '\\i' : base);
      } else {
        tex += '?';
        if (!missing.includes(ch)) missing.push(ch);
      }
    }
  }
  return { tex, missing };
}
