/**
 * The part of the engine the side panel needs to show a summary, as one lazily loaded chunk: the
 * reader, the catalogue and the JSON report. Listing the exports (rather than importing the core
 * index) keeps out what only the CLI needs (file readers, the zip inflater) and the text formats,
 * which come with copying (formats-entry.ts).
 */
export { analyzeCells } from '../core/analyze';
export { prepareCell, stripIPython } from '../core/readers/notebook';
export { toJson, jsonModel } from '../core/format/json';
export { readLiveReply, compareWithLive } from '../core/readers/live';
export { loadApplications, usesApplications } from './applications';
