/** The text formats (Keras text, Markdown, CSV, JSON, HTML): loaded when the user copies a summary. */
export { formatJson } from '../core/format/json';
export { formatText } from '../core/format/text';
export { formatMarkdown, formatCsv } from '../core/format/markdown';
export { formatHtml } from '../core/format/html';
export { conversionCode } from '../core/conversion/python';
