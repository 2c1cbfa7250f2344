/**
 * The chart table (src/charts/chart-table.ts) is the one list of live charts: the hide links, the Theory notes
 * and the charts' own titles and captions all come from its rows, one per chart, in page order.
 */
import { describe, expect, it } from 'vitest';
import { CHART_CAPTIONS, CHART_TITLES, chartTestId, LIVE_CHART_TABLE } from '../../src/charts/chart-table';
import { HIDE_CHARTS, HIDE_TARGETS } from '../../src/state/link/page-options';
import { CHART_NOTES } from '../../src/ui/theory/chart-notes';

const ids = LIVE_CHART_TABLE.map((c) => c.id);

describe('the chart table', () => {
  it('names each chart once, with a title, a caption, a hide label and a note', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of LIVE_CHART_TABLE) {
      expect(c.title.length, c.id).toBeGreaterThan(5);
      expect(c.caption, c.id).toMatch(/^Notice /);
      expect(c.hideLabel.length, c.id).toBeGreaterThan(3);
      expect(c.note.predicts.length, c.id).toBeGreaterThan(40);
      expect(CHART_TITLES[c.id]).toBe(c.title);
      expect(CHART_CAPTIONS[c.id]).toBe(c.caption);
    }
  });

  it('is what the hide links and the Theory notes list, in the same order', () => {
    expect(HIDE_CHARTS.map((h) => h.key)).toEqual(ids.map(chartTestId));
    expect(HIDE_TARGETS).toEqual(expect.arrayContaining(ids.map(chartTestId)));
    expect(CHART_NOTES.map((n) => n.chart)).toEqual(ids.map(chartTestId));
    expect(CHART_NOTES.map((n) => n.title)).toEqual(LIVE_CHART_TABLE.map((c) => c.note.title));
  });
});
