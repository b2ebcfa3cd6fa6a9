/**
 * The part of the engine the JupyterLab plugins use, as one lazily loaded chunk. Listing the exports
 * here (rather than importing the whole core index) lets webpack leave out what only the CLI needs:
 * the Keras JSON and .keras archive readers and their zip inflater.
 */
export { analyzeCells } from '../core/analyze';
export { stripIPython } from '../core/readers/notebook';
export { toJson, formatJson } from '../core/format/json';
export { formatText } from '../core/format/text';
export { formatMarkdown, formatCsv } from '../core/format/markdown';
export { formatHtml } from '../core/format/html';
