/** Cell text for the JSON report: counts with thousands separators, shapes like Keras prints them. */
import type { JsonCount, JsonLayer, JsonShape } from '../../core/index';
import { memory } from '../../core/format/table';

export function countText(n: JsonCount): string {
  if (n === null) return '?';
  const s = String(n);
  const sign = s.startsWith('-') ? '-' : '';
  return sign + s.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function toBig(n: JsonCount): bigint | null {
  return n === null ? null : BigInt(n);
}

export function shapeText(shape: JsonShape): string {
  if (shape === null) return '?';
  const dims = shape.map(d => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

export function layerShapeText(layer: JsonLayer, kerasVersion = 3): string {
  if (kerasVersion === 2 && layer.calls > 1) return 'multiple';
  const s = layer.outputShape;
  if (s === null) return '?';
  if (s.some(Array.isArray)) {
    return `[${(s as JsonShape[]).map(shapeText).join(', ')}]`;
  }
  return shapeText(s as JsonShape);
}

/** Memory as Keras prints it (1024-based units, two decimals). */
export function memoryText(bytes: JsonCount): string {
  return bytes === null ? '?' : memory(BigInt(bytes));
}

export function deltaOf(layer: JsonLayer): bigint | null {
  const k = toBig(layer.params.keras);
  const c = toBig(layer.params.cudnn);
  return k === null || c === null ? null : c - k;
}

export function locationText(cell: number | null, line: number | null, column?: number | null): string {
  const parts: string[] = [];
  if (cell !== null) parts.push(`cell ${cell + 1}`);
  if (line !== null) parts.push(`line ${line}`);
  if (column !== null && column !== undefined) parts.push(`column ${column}`);
  return parts.join(', ');
}
