/** What the text, Markdown and CSV views share: which columns a convention choice shows, and cell text. */
import type { Convention } from '../types';
import { formatShape, formatShapeWithUnknown } from '../keras/shape-math';
import type { ILayerRow, IModelSummary } from '../summary/summary';
import { displayName } from './safe-text';

export type ConventionChoice = 'keras' | 'cudnn' | 'declared' | 'both';

export const fmtCount = (n: bigint | null): string => (n === null ? '?' : n.toLocaleString('en-US'));

export function conventionsOf(choice: ConventionChoice): Convention[] {
  return choice === 'both' ? ['keras', 'cudnn'] : [choice];
}

export const CONVENTION_LABEL: Record<Convention, string> = { keras: 'Keras', cudnn: 'cuDNN', declared: 'as declared' };

export function shapeText(row: ILayerRow): string {
  if (!row.outputShapes) return '?';
  const format = row.unknownSizes ? formatShapeWithUnknown : formatShape;
  if (!row.multiOutput) return format(row.outputShapes[0]);
  return `[${row.outputShapes.map(s => format(s)).join(', ')}]`;
}

/** A layer's name and class, capped and with unsafe characters made visible. */
export function layerText(row: ILayerRow): string {
  return `${displayName(row.name)} (${displayName(row.className)})`;
}

export function delta(row: ILayerRow): bigint | null {
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

/** Nesting levels of nested models shown; deeper models show their own row and total only. */
export const MAX_NESTED_DEPTH = 8;
/** Rows shown for one model; the rest are counted in a closing line. */
export const MAX_ROWS_SHOWN = 10_000;

export interface IFlatRow {
  row: ILayerRow;
  depth: number;
  /** Set on a nested model whose rows are not shown because it is nested deeper than MAX_NESTED_DEPTH. */
  rowsHidden?: boolean;
}

/**
 * Rows with nested models flattened, each with its depth, to a bounded depth and count: a model nested
 * in itself 60 times (`m = Sequential([m, m])`) shares its rows, and expanding them all would be 2^60 rows.
 */
export function flatRows(model: IModelSummary): IFlatRow[] {
  const out: IFlatRow[] = [];
  const visit = (rows: ILayerRow[], depth: number): boolean => {
    for (const row of rows) {
      if (out.length >= MAX_ROWS_SHOWN) return false;
      const deep = row.rows !== undefined && row.rows.length > 0 && depth + 1 >= MAX_NESTED_DEPTH;
      out.push(deep ? { row, depth, rowsHidden: true } : { row, depth });
      if (row.rows && !deep && !visit(row.rows, depth + 1)) return false;
    }
    return true;
  };
  visit(model.rows, 0);
  return out;
}

const expanded = new WeakMap<ILayerRow[], bigint>();

/**
 * How many rows a full expansion would have: exact, memoized per shared row list (linear in the distinct
 * models), and without recursion (a chain of thousands of nested models cannot overflow the stack).
 */
export function expandedRowCount(rows: ILayerRow[]): bigint {
  const stack: Array<{ rows: ILayerRow[]; ready: boolean }> = [{ rows, ready: false }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (expanded.has(top.rows)) {
      stack.pop();
      continue;
    }
    if (!top.ready) {
      top.ready = true;
      for (const r of top.rows) if (r.rows && !expanded.has(r.rows)) stack.push({ rows: r.rows, ready: false });
      continue;
    }
    stack.pop();
    let n = 0n;
    for (const r of top.rows) n += 1n + (r.rows ? (expanded.get(r.rows) ?? 0n) : 0n);
    expanded.set(top.rows, n);
  }
  return expanded.get(rows)!;
}

/** The closing line when rows were left out (too deep or too many), or null when every row is shown. */
export function rowsNotShownText(model: IModelSummary, shown: IFlatRow[]): string | null {
  const missing = expandedRowCount(model.rows) - BigInt(shown.length);
  if (missing <= 0n) return null;
  const why = [
    ...(shown.some(r => r.rowsHidden) ? [`nested models deeper than ${MAX_NESTED_DEPTH} levels show their own row only`] : []),
    ...(shown.length >= MAX_ROWS_SHOWN ? [`at most ${MAX_ROWS_SHOWN.toLocaleString('en-US')} rows are shown`] : [])
  ].join('; ');
  return `… ${missing.toLocaleString('en-US')} more row${missing === 1n ? '' : 's'} not shown (${why}); the totals count every layer`;
}

/** The marker after a nested model's name when its rows are not shown. */
export const ROWS_HIDDEN_MARK = ' [rows not shown]';
