/** The engine's public API: pure TypeScript, no DOM, no JupyterLab; runs in Node and in the browser. */
import { installApplications } from './applications/hook';
import { applicationBuilders } from './applications/registry';

// The CLI and the tests build keras.applications with the engine (JupyterLab loads them as a chunk of
// their own, src/lab/applications.ts). A call, not a side-effect import: the bundlers keep it.
installApplications(applicationBuilders);
export { analyzeCells, type AnalyzeOptions, type KernelValue } from './analyze';
export { analyze, detectKind, decodeText, type SourceFile, type SourceKind } from './files';
export type { AnalysisReport, ModelSummary, LayerRow, Totals } from './summary/summary';
export { formatText, formatModelText } from './format/text';
export { formatMarkdown, formatModelMarkdown, formatCsv } from './format/markdown';
export { formatHtml, escapeHtml } from './format/html';
export { stripIPython } from './readers/notebook';
export {
  formatJson,
  toJson,
  jsonCount,
  type JsonReport,
  type JsonModel,
  type JsonLayer,
  type JsonDiagnostic,
  type JsonTotals,
  type JsonCount,
  type JsonShape
} from './format/json';
export type { ConventionChoice, Backend, SummaryOptions } from './options';
export { BACKENDS, NODE_BACKENDS, VIEW_CONVENTIONS, OPTION_TABLE, parseFlags, usageFlags, OptionError } from './options';
export { renderText } from './format/text';
export { renderMarkdown, renderCsv } from './format/markdown';
export { renderHtml } from './format/html';
export {
  buildReportTable,
  buildModelTable,
  COLUMNS,
  DETAILS,
  type ReportTable,
  type ModelTable,
  type TableRow,
  type TableCell,
  type TableColumn,
  type ColumnSpec,
  type DetailSpec
} from './format/table-model';
export { english, DOMAIN, type Strings } from './i18n/strings';
export { catalogueNames } from './catalogue/registry';
export * from './types';
export { parseKerasVersion, formatKerasRelease, type KerasRelease, type KerasVersionOption } from './keras/version';
