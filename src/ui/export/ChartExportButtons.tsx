/**
 * PNG, SVG and TikZ buttons for one chart panel, found by its test id when clicked (the panel is another component's
 * markup). Usable inside a chart panel's tools or in a list of charts.
 */
import { chartFileName, exportChartPng, exportChartSvg } from '../../charts/chart-export';
import { exportChartTikz, tikzFileName } from '../../charts/chart-export-tikz';
import { useSession } from '../session-context';
import { saveBlob } from './save-blob';

function chartElement(testId: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"] .rl-chart`);
  if (!el) throw new Error('the chart is not on the page (it may be hidden)');
  return el;
}

export function ChartExportButtons({ testId, title }: { testId: string; title: string }) {
  const session = useSession();
  const fail = (e: unknown) =>
    session.store
      .getState()
      .setError(`Could not export the chart “${title}”: ${e instanceof Error ? e.message : String(e)}.`);
  const svg = () => {
    try {
      const el = chartElement(testId);
      saveBlob(chartFileName(el, 'svg'), new Blob([exportChartSvg(el)], { type: 'image/svg+xml' }));
    } catch (e) {
      fail(e);
    }
  };
  const png = async () => {
    try {
      const el = chartElement(testId);
      saveBlob(chartFileName(el, 'png'), await exportChartPng(el, 2));
    } catch (e) {
      fail(e);
    }
  };
  const tikz = async () => {
    try {
      const el = chartElement(testId);
      saveBlob(tikzFileName(el), new Blob([await exportChartTikz(el)], { type: 'application/x-tex' }));
    } catch (e) {
      fail(e);
    }
  };
  return (
    <span className="chart-export" role="group" aria-label={`Export ${title}`}>
      <button type="button" className="quiet small" data-export={`${testId}-png`} onClick={() => void png()}>
        PNG
      </button>
      <button type="button" className="quiet small" data-export={`${testId}-svg`} onClick={svg}>
        SVG
      </button>
      <button
        type="button"
        className="quiet small"
        data-export={`${testId}-tex`}
        title={'TikZ picture for LaTeX: \\input it into a paper that loads TikZ'}
        onClick={() => void tikz()}
      >
        TikZ
      </button>
    </span>
  );
}
