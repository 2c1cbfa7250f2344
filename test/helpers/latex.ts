/**
 * LaTeX for the tests that check an export compiles: whether TeX is installed here (it is optional: without
 * it those tests check the file's structure and say they did not compile it), and a pdfLaTeX run in a
 * scratch folder that returns the PDF and the log.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `command` runs here (asked for its version: `--version`, or `-v` for poppler's tools). */
export function hasCommand(command: string, versionFlag = '--version'): boolean {
  try {
    execFileSync(command, [versionFlag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The figure `body` (a file to \input) set alone on a page of a document that loads TikZ. */
export function figureDocument(file: string): string {
  return [
    '\\documentclass{article}',
    '\\usepackage[margin=1cm,paperwidth=21cm,paperheight=40cm]{geometry}',
    '\\usepackage{tikz}',
    '\\pagestyle{empty}',
    '\\begin{document}',
    '\\noindent',
    `\\input{${file}}`,
    '\\end{document}',
    '',
  ].join('\n');
}

export interface LatexResult {
  pdf: Buffer;
  log: string;
  /** The page rendered as PNG at `dpi` by pdftoppm, where poppler is installed; null otherwise. */
  png: Buffer | null;
}

/**
 * Compiles `files['main.tex']` with pdflatex (nonstop, halting on the first error) in a scratch folder; throws
 * with the log's error lines when it fails.
 */
export function compileLatex(files: Record<string, string>, dpi = 0): LatexResult {
  const dir = mkdtempSync(join(tmpdir(), 'latex-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    try {
      execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'main.tex'], {
        cwd: dir,
        stdio: 'pipe',
        timeout: 120_000,
      });
    } catch (e) {
      let log = '';
      try {
        log = readFileSync(join(dir, 'main.log'), 'utf8');
      } catch {
        // no log: pdflatex did not start
      }
      const errors = log
        .split('\n')
        .filter((l, i, all) => l.startsWith('!') || all[i - 1]?.startsWith('!'))
        .join('\n');
      throw new Error(`pdflatex failed: ${errors || (e as Error).message}`, { cause: e });
    }
    let png: Buffer | null = null;
    if (dpi > 0 && hasCommand('pdftoppm', '-v')) {
      execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-singlefile', 'main.pdf', 'page'], { cwd: dir });
      png = readFileSync(join(dir, 'page.png'));
    }
    return {
      pdf: readFileSync(join(dir, 'main.pdf')),
      log: readFileSync(join(dir, 'main.log'), 'utf8'),
      png,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
