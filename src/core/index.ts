/** The engine's public API: pure TypeScript, no DOM, no JupyterLab; runs in Node and in the browser. */
import { installApplications } from './applications/hook';
import { applicationBuilders } from './applications/registry';

// The CLI and the tests build keras.applications with the engine (JupyterLab loads them as a chunk of
// their own, src/lab/applications.ts). A call, not a side-effect import: the bundlers keep it.
installApplications(applicationBuilders);
export { analyzeCells, type IAnalyzeOptions as AnalyzeOptions, type KernelValue } from './analyze';
export { analyze, detectKind, decodeText, type ISourceFile as SourceFile, type SourceKind } from './files';
export type { IAnalysisReport as AnalysisReport, IModelSummary as ModelSummary, ILayerRow as LayerRow, ITotals as Totals } from './summary/summary';
export { formatText, formatModelText } from './format/text';
export { formatMarkdown, formatModelMarkdown, formatCsv } from './format/markdown';
export { formatHtml, escapeHtml } from './format/html';
export { stripIPython } from './readers/notebook';
export {
  formatJson,
  toJson,
  jsonCount,
  type IJsonReport as JsonReport,
  type IJsonModel as JsonModel,
  type IJsonLayer as JsonLayer,
  type IJsonDiagnostic as JsonDiagnostic,
  type IJsonTotals as JsonTotals,
  type JsonCount,
  type JsonShape
} from './format/json';
export type { ConventionChoice, Backend, ISummaryOptions as SummaryOptions } from './options';
export { BACKENDS, NODE_BACKENDS, VIEW_CONVENTIONS, OPTION_TABLE, parseFlags, usageFlags, OptionError } from './options';
export { renderText } from './format/text';
export { renderMarkdown, renderCsv } from './format/markdown';
export { renderHtml } from './format/html';
export {
  buildReportTable,
  buildModelTable,
  COLUMNS,
  DETAILS,
  type IReportTable as ReportTable,
  type IModelTable as ModelTable,
  type ITableRow as TableRow,
  type ITableCell as TableCell,
  type ITableColumn as TableColumn,
  type IColumnSpec as ColumnSpec,
  type IDetailSpec as DetailSpec
} from './format/table-model';
export { english, DOMAIN, type IStrings as Strings } from './i18n/strings';
export { catalogueNames } from './catalogue/registry';
export * from './types';
export { parseKerasVersion, formatKerasRelease, type IKerasRelease as KerasRelease, type KerasVersionOption } from './keras/version';
