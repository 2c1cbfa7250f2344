/** Public API of the charts: one factory per chart, the shared contract, captions and demo data. */
export * from './types';
export { CHART_CAPTIONS, CHART_TITLES } from './captions';
export { createLossChart, type LossChartHandle } from './loss-chart';
export * from './demo-data';
export { createPositionChart, type PositionChartHandle } from './position-chart';
export { createHiddenChart, type HiddenChartHandle } from './hidden-chart';
export { createPredictionChart, type PredictionChartHandle } from './prediction-chart';
export { createInfluenceChart, type InfluenceChartHandle } from './influence-chart';
export { createLazyChart, LAZY_PANELS, type LazyChartHandle } from './lazy-chart';
export { exportChartPng, exportChartSvg, chartFileName } from './export';
