/** What the text, Markdown and CSV views share: which columns a convention choice shows, and cell text. */
import type { Convention } from '../types';
import { formatShape } from '../keras/shape-math';
import type { LayerRow, ModelSummary, Totals } from '../summary/summary';

export type ConventionChoice = 'keras' | 'cudnn' | 'declared' | 'both';

export const fmtCount = (n: bigint | null): string => (n === null ? '?' : n.toLocaleString('en-US'));

export function conventionsOf(choice: ConventionChoice): Convention[] {
  return choice === 'both' ? ['keras', 'cudnn'] : [choice];
}

export const CONVENTION_LABEL: Record<Convention, string> = { keras: 'Keras', cudnn: 'cuDNN', declared: 'as declared' };

export function shapeText(row: LayerRow): string {
  if (!row.outputShapes) return '?';
  if (!row.multiOutput) return formatShape(row.outputShapes[0]);
  return `[${row.outputShapes.map(formatShape).join(', ')}]`;
}

export function layerText(row: LayerRow): string {
  return `${row.name} (${row.className})`;
}

export function delta(row: LayerRow): bigint | null {
  const k = row.params.keras;
  const c = row.params.cudnn;
  return k === null || c === null ? null : c - k;
}

/** Keras' readable_memory_size: 1024-based units, two decimals. */
export function memory(byteCount: bigint): string {
  let bytes = Number(byteCount);
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let i = 0;
  while (bytes >= 1024 && i < units.length - 1) {
    bytes /= 1024;
    i++;
  }
  return `${bytes.toFixed(2)} ${units[i]}`;
}

export function totalsLines(t: Totals): Array<[string, string]> {
  const unknown = t.unknownLayers ? ` + ${t.unknownLayers} layer${t.unknownLayers > 1 ? 's' : ''} unknown` : '';
  return [
    ['Total params', `${fmtCount(t.total)} (${memory(t.bytes.total)})${unknown}`],
    ['Trainable params', `${fmtCount(t.trainable)} (${memory(t.bytes.trainable)})`],
    ['Non-trainable params', `${fmtCount(t.nonTrainable)} (${memory(t.bytes.nonTrainable)})`]
  ];
}

/** Rows with nested models flattened, each with its depth. */
export function flatRows(model: ModelSummary): Array<{ row: LayerRow; depth: number }> {
  const out: Array<{ row: LayerRow; depth: number }> = [];
  const visit = (rows: LayerRow[], depth: number) => {
    for (const row of rows) {
      out.push({ row, depth });
      if (row.rows) visit(row.rows, depth + 1);
    }
  };
  visit(model.rows, 0);
  return out;
}
