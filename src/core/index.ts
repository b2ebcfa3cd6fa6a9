/** The engine's public API: pure TypeScript, no DOM, no JupyterLab; runs in Node and in the browser. */
// The CLI and the tests build keras.applications too (JupyterLab loads them as a chunk of their own).
import './applications/install';
export { analyzeCells, type AnalyzeOptions } from './analyze';
export { analyze, detectKind, decodeText, type SourceFile, type SourceKind } from './files';
export type { AnalysisReport, ModelSummary, LayerRow, Totals } from './summary/summary';
export { formatText, formatModelText } from './format/text';
export { formatMarkdown, formatModelMarkdown, formatCsv } from './format/markdown';
export { formatHtml, escapeHtml } from './format/html';
export { stripIPython } from './readers/notebook';
export { formatJson, toJson, jsonCount, type JsonReport, type JsonModel, type JsonLayer, type JsonDiagnostic, type JsonTotals, type JsonCount, type JsonShape } from './format/json';
export type { ConventionChoice } from './format/table';
export { catalogueNames } from './catalogue/registry';
export * from './types';
