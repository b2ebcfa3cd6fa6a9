/** Output-length arithmetic shared by convolution, pooling and padding layers (Keras `compute_*_output_shape`). */
import { AnalysisError, type Dim, type Shape } from '../types';
import { trans } from '../i18n/current';

export type Padding = 'valid' | 'same' | 'causal' | 'full';

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Length after a convolution or pooling window (keras.src.ops.operation_utils). */
export function windowOutput(length: Dim, window: bigint, stride: bigint, padding: Padding, dilation = 1n): Dim {
  if (length === null) return null;
  const span = (window - 1n) * dilation + 1n;
  let out: bigint;
  if (padding === 'valid') out = floorDiv(length - span, stride) + 1n;
  else if (padding === 'full') out = floorDiv(length + span - 2n, stride) + 1n;
  else out = floorDiv(length - 1n, stride) + 1n;
  if (out <= 0n) {
    throw new AnalysisError(
      trans.__(
        "the window of %1 (kernel/pool %2%3) does not fit an input of length %4 with padding '%5': the output would have length %6",
        span,
        window,
        dilation > 1n ? `, dilation ${dilation}` : '',
        length,
        padding,
        out
      )
    );
  }
  return out;
}

/** Length after a transposed convolution (keras.src.ops.operation_utils.compute_conv_transpose_output_length). */
export function transposeOutput(length: Dim, kernel: bigint, stride: bigint, padding: Padding, outputPadding: bigint | null, dilation = 1n): Dim {
  if (length === null) return null;
  const k = kernel + (kernel - 1n) * (dilation - 1n);
  if (outputPadding === null) {
    if (padding === 'valid') return length * stride + (k - stride > 0n ? k - stride : 0n);
    if (padding === 'full') return length * stride - (stride + k - 2n);
    return length * stride;
  }
  const pad = padding === 'same' ? k / 2n : padding === 'full' ? k - 1n : 0n;
  return (length - 1n) * stride + k - 2n * pad + outputPadding;
}

export function product(dims: readonly Dim[]): Dim {
  let n = 1n;
  for (const d of dims) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

export function formatShape(shape: Shape | null): string {
  return shapeWords(shape, false);
}

/** A shape whose None after the batch axis are sizes not known statically (ILayerRow.unknownSizes): they print `?`. */
export function formatShapeWithUnknown(shape: Shape | null): string {
  return shapeWords(shape, true);
}

function shapeWords(shape: Shape | null, unknownSizes: boolean): string {
  if (shape === null) return '?';
  const dims = shape.map((d, i) => (d !== null ? d.toString() : unknownSizes && i > 0 ? '?' : 'None'));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** Resolve a possibly negative axis against a rank. */
export function normalizeAxis(axis: number, rank: number, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new AnalysisError(trans.__('%1 %2 is out of range for an input of rank %3', what, axis, rank));
  return a;
}

/** NumPy-style broadcast of two shapes with Keras' tolerance of unknown dims. */
export function broadcast(a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    const x = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1n;
    const y = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1n;
    if (x === null || y === null) out.push(x === 1n ? y : y === 1n ? x : (x ?? y));
    else if (x === y || y === 1n) out.push(x);
    else if (x === 1n) out.push(y);
    else throw new AnalysisError(trans.__('shapes %1 and %2 cannot be broadcast together', formatShape(a), formatShape(b)));
  }
  return out;
}
