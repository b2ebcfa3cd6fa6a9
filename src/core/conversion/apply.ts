/**
 * Applies a conversion (plan.ts) to arrays: Keras weights → target tensors and back. Plain row-major
 * Float32Arrays, no library: the TensorFlow.js check feeds its output to the cuDNN equations, and the
 * tests count what it produces.
 */
import type { IKerasBlock, ITargetBlock, ITargetConversion } from './plan';

export interface ITensor {
  shape: number[];
  data: Float32Array;
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** The gate block as a (rows, n) matrix (rows = 1 for a bias). */
function readBlock(w: ITensor, b: IKerasBlock): { rows: number; cols: number; data: Float32Array } {
  const last = w.shape[w.shape.length - 1];
  const start = Number(b.start);
  const n = Number(b.end) - start;
  const rowOffset = b.row === null ? 0 : b.row * last;
  const rows = w.shape.length === 2 && b.row === null ? w.shape[0] : 1;
  const out = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) for (let c = 0; c < n; c++) out[r * n + c] = w.data[rowOffset + r * last + start + c];
  return { rows, cols: n, data: out };
}

function writeBlock(w: ITensor, b: IKerasBlock, data: Float32Array, add: boolean): void {
  const last = w.shape[w.shape.length - 1];
  const start = Number(b.start);
  const n = Number(b.end) - start;
  const rowOffset = b.row === null ? 0 : b.row * last;
  const rows = w.shape.length === 2 && b.row === null ? w.shape[0] : 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < n; c++) {
      const i = rowOffset + r * last + start + c;
      w.data[i] = add ? w.data[i] + data[r * n + c] : data[r * n + c];
    }
  }
}

/** Offset and row length of a target block's first element. */
function targetSpan(t: ITensor, b: ITargetBlock): { offset: number; width: number } {
  const hasDirection = b.direction !== null;
  const inner = hasDirection ? t.shape.slice(1) : t.shape;
  const width = inner.length === 2 ? inner[1] : 1;
  const perDirection = sizeOf(inner);
  return { offset: (hasDirection ? b.direction! * perDirection : 0) + Number(b.start) * width, width };
}

export function toTarget(conv: ITargetConversion, keras: ITensor[]): Map<string, ITensor> {
  const out = new Map<string, ITensor>();
  for (const t of conv.tensors) out.set(t.name, { shape: t.shape.map(Number), data: new Float32Array(sizeOf(t.shape.map(Number))) });
  for (const p of conv.pieces) {
    const t = out.get(p.target.tensor)!;
    const { offset } = targetSpan(t, p.target);
    if (p.op === 'zero') continue;
    const block = readBlock(keras[p.keras.weight], p.keras);
    const n = block.cols;
    // The target block is (n, rows): the transpose of the Keras block, or its raw buffer re-read (reshape, copy).
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < block.rows; r++) {
        t.data[offset + i * block.rows + r] = p.op === 'transpose' ? block.data[r * n + i] : block.data[i * block.rows + r];
      }
    }
  }
  return out;
}

export function toKeras(conv: ITargetConversion, target: Map<string, ITensor>, shapes: number[][]): ITensor[] {
  const keras = shapes.map(shape => ({ shape, data: new Float32Array(sizeOf(shape)) }));
  for (const p of conv.pieces) {
    const t = target.get(p.target.tensor)!;
    const { offset } = targetSpan(t, p.target);
    const w = keras[p.keras.weight];
    const n = Number(p.keras.end - p.keras.start);
    const rows = w.shape.length === 2 && p.keras.row === null ? w.shape[0] : 1;
    const data = new Float32Array(rows * n);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < rows; r++) {
        const v = t.data[offset + i * rows + r];
        if (p.op === 'transpose') data[r * n + i] = v;
        else data[i * rows + r] = v;
      }
    }
    // b = b_i + b_r: the recurrent bias adds onto the input bias copied just before it.
    writeBlock(w, p.keras, data, p.op === 'zero');
  }
  return keras;
}
