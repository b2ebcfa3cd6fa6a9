/**
 * Output shapes of the tensor functions people call on symbolic tensors (inside Lambda layers and
 * between layers): `keras.ops.*`, `tf.*`, `tf.math.*`, `keras.backend.*`. Unknown ones give null.
 */
import { AnalysisError, type Dim, type Shape } from '../types';
import { broadcast, normalizeAxis } from './shape-math';
import { sequenceItems, type ConfigValue as Value } from '../config/value';
import { trans } from '../i18n/current';

const ELEMENTWISE = new Set([
  'abs',
  'absolute',
  'square',
  'sqrt',
  'rsqrt',
  'exp',
  'log',
  'log1p',
  'expm1',
  'relu',
  'relu6',
  'sigmoid',
  'tanh',
  'softmax',
  'log_softmax',
  'gelu',
  'silu',
  'swish',
  'elu',
  'selu',
  'leaky_relu',
  'softplus',
  'softsign',
  'negative',
  'sin',
  'cos',
  'round',
  'floor',
  'ceil',
  'sign',
  'clip',
  'clip_by_value',
  'cast',
  'stop_gradient',
  'identity',
  'l2_normalize',
  'normalize',
  'erf',
  'reciprocal',
  'hard_sigmoid',
  'logical_not',
  'convert_to_tensor',
  'ones_like',
  'zeros_like',
  'nan_to_num',
  'cumsum',
  'cumprod',
  // keras.activations also has these (what activations.get("linear") gives, too)
  'linear',
  'exponential',
  'mish',
  'hard_silu',
  'hard_swish'
]);
const BINARY = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'true_divide',
  'floor_divide',
  'maximum',
  'minimum',
  'power',
  'pow',
  'mod',
  'equal',
  'not_equal',
  'greater',
  'less',
  'squared_difference'
]);
const REDUCTIONS = new Set(['mean', 'sum', 'max', 'min', 'prod', 'std', 'var', 'logsumexp', 'all', 'any', 'argmax', 'argmin', 'norm']);

export interface IOpArgs {
  positional: Value[];
  keywords: Map<string, Value>;
}

type ShapeOf = (v: Value | undefined) => Shape | null;

function arg(a: IOpArgs, index: number, ...names: string[]): Value | undefined {
  if (a.positional[index] !== undefined) return a.positional[index];
  for (const n of names) if (a.keywords.has(n)) return a.keywords.get(n);
  return undefined;
}

function intOf(v: Value | undefined): number | null {
  return v?.kind === 'int' ? Number(v.value) : null;
}

function intsOf(v: Value | undefined): number[] | null {
  if (v === undefined || v.kind === 'none') return null;
  if (v.kind === 'int') return [Number(v.value)];
  const items = sequenceItems(v);
  return items && items.every(i => i.kind === 'int') ? items.map(i => Number((i as { value: bigint }).value)) : null;
}

/**
 * `keras.ops.image.extract_patches(images, size, strides=None, dilation_rate=1, padding="valid")` and
 * `tf.image.extract_patches(images, sizes=[1, h, w, 1], strides=[1, …, 1], rates=[1, 1, 1, 1], padding)`, channels
 * last: (batch, rows, cols, h × w × channels), rows and cols as a convolution of that window would give.
 */
function extractPatches(x: Shape | null, a: IOpArgs): Shape | null {
  if (!x || x.length !== 4) return null;
  const tf = a.keywords.has('sizes');
  const pair = (v: Value | undefined, fallback: number[] | null): number[] | null => {
    const n = intsOf(v);
    if (!n) return fallback;
    if (n.length === 1) return [n[0], n[0]];
    if (n.length === 2) return n;
    return n.length === 4 ? [n[1], n[2]] : null;
  };
  const size = pair(tf ? a.keywords.get('sizes') : arg(a, 1, 'size'), null);
  const strides = pair(tf ? a.keywords.get('strides') : arg(a, 2, 'strides'), size);
  const rates = pair(tf ? a.keywords.get('rates') : arg(a, 3, 'dilation_rate'), [1, 1]);
  const paddingArg = tf ? a.keywords.get('padding') : arg(a, 4, 'padding');
  const padding = paddingArg?.kind === 'str' ? paddingArg.value.toLowerCase() : 'valid';
  if (!size || !strides || !rates || (padding !== 'valid' && padding !== 'same')) return null;
  const out = (d: Dim, i: number): Dim => {
    if (d === null) return null;
    const window = BigInt((size[i] - 1) * rates[i] + 1);
    const stride = BigInt(strides[i]);
    if (padding === 'same') return (d + stride - 1n) / stride;
    return d < window ? 0n : (d - window) / stride + 1n;
  };
  const channels = x[3] === null ? null : x[3] * BigInt(size[0] * size[1]);
  return [x[0], out(x[1], 0), out(x[2], 1), channels];
}

/** The output shape of `name(args…)`, or undefined when the function is not one this table knows. */
export function tensorOpShape(fullName: string, a: IOpArgs, shapeOf: ShapeOf): Shape | null | undefined {
  const name = fullName
    .split('.')
    .pop()!
    .replace(/^reduce_/, '')
    .replace(/^variance$/, 'var');
  const x = shapeOf(arg(a, 0, 'x', 'input', 'inputs', 'tensor', 'a'));
  if (ELEMENTWISE.has(name)) return x;
  if (BINARY.has(name)) {
    const y = shapeOf(arg(a, 1, 'y', 'x2', 'b'));
    if (x && y) return broadcast(x, y);
    if (x && arg(a, 1)?.kind !== 'tensor') return x;
    if (y && arg(a, 0)?.kind !== 'tensor') return y;
    return null;
  }
  if (REDUCTIONS.has(name)) {
    if (!x) return null;
    const axes = intsOf(arg(a, 1, 'axis'));
    const keep = arg(a, 2, 'keepdims', 'keep_dims');
    const keepdims = keep?.kind === 'bool' && keep.value && !name.startsWith('arg');
    if (axes === null) return keepdims ? x.map(() => 1n) : [];
    const drop = new Set(axes.map(ax => normalizeAxis(ax, x.length)));
    return keepdims ? x.map((d, i) => (drop.has(i) ? 1n : d)) : x.filter((_, i) => !drop.has(i));
  }
  switch (name) {
    case 'expand_dims': {
      const axis = intOf(arg(a, 1, 'axis', 'dim'));
      if (!x || axis === null) return null;
      const at = axis < 0 ? x.length + 1 + axis : axis;
      return [...x.slice(0, at), 1n, ...x.slice(at)];
    }
    case 'squeeze': {
      if (!x) return null;
      const axes = intsOf(arg(a, 1, 'axis'));
      if (axes === null) return x.filter(d => d !== 1n);
      const drop = new Set(axes.map(ax => normalizeAxis(ax, x.length)));
      return x.filter((_, i) => !drop.has(i));
    }
    case 'reshape': {
      // A None in the new shape (`ops.reshape(x, (batch_size, n, d))` with the batch size from `ops.shape`) stays
      // unknown, as Keras's compute_reshape_output_shape keeps it.
      const given = arg(a, 1, 'newshape', 'new_shape', 'shape');
      const items = given?.kind === 'int' ? [given] : given ? sequenceItems(given) : null;
      if (!x || !items || !items.every(i => i.kind === 'int' || i.kind === 'none')) return null;
      const target = items.map(i => (i.kind === 'int' ? Number(i.value) : null));
      const total = x.every(d => d !== null) ? x.reduce((p, d) => p * (d as bigint), 1n) : null;
      const fixed = target.some(d => d === null) ? null : target.filter(d => d !== -1).reduce((p, d) => p * BigInt(d!), 1n);
      return target.map((d): Dim => (d === null ? null : d === -1 ? (total === null || !fixed ? null : total / fixed) : BigInt(d)));
    }
    case 'extract_patches':
      return extractPatches(x ?? shapeOf(arg(a, 0, 'images')), a);
    case 'transpose': {
      if (!x) return null;
      const perm = intsOf(arg(a, 1, 'axes', 'perm'));
      return perm ? perm.map(p => x[normalizeAxis(p, x.length)]) : [...x].reverse();
    }
    case 'concatenate':
    case 'concat': {
      const parts = sequenceItems(arg(a, 0, 'xs', 'values', 'tensors') ?? { kind: 'none' });
      const shapes = parts?.map(p => shapeOf(p));
      if (!shapes || !shapes.length || shapes.some(s => s === null)) return null;
      const axis = normalizeAxis(intOf(arg(a, 1, 'axis')) ?? (name === 'concat' ? 0 : -1), shapes[0]!.length);
      return shapes[0]!.map((d, i) =>
        i === axis ? shapes.reduce<Dim>((acc, s) => (acc === null || s![i] === null ? null : acc + (s![i] as bigint)), 0n) : d
      );
    }
    case 'stack': {
      const parts = sequenceItems(arg(a, 0, 'x', 'values', 'tensors') ?? { kind: 'none' });
      const first = parts?.length ? shapeOf(parts[0]) : null;
      if (!first || !parts) return null;
      const axis = intOf(arg(a, 1, 'axis')) ?? 0;
      const at = axis < 0 ? first.length + 1 + axis : axis;
      return [...first.slice(0, at), BigInt(parts.length), ...first.slice(at)];
    }
    case 'matmul': {
      const y = shapeOf(arg(a, 1, 'x2', 'b', 'y'));
      if (!x || !y || x.length < 2 || y.length < 2) return null;
      const batch = broadcast(x.slice(0, -2), y.slice(0, -2));
      return [...batch, x[x.length - 2], y[y.length - 1]];
    }
    default:
      return undefined;
  }
}

/** `t[:, -1, :]`, `t[..., :3]`, `t[:, None]`: one entry per comma-separated index. */
export type IndexItem =
  | { kind: 'int'; value: bigint }
  | { kind: 'slice'; start: bigint | null; stop: bigint | null; step: bigint | null }
  | { kind: 'ellipsis' }
  | { kind: 'newaxis' };

export function indexShape(shape: Shape, items: IndexItem[]): Shape {
  const consumed = items.filter(i => i.kind === 'int' || i.kind === 'slice').length;
  if (consumed > shape.length) throw new AnalysisError(trans.__('too many indices (%1) for a tensor of rank %2', consumed, shape.length));
  const expanded: IndexItem[] = [];
  let sawEllipsis = false;
  for (const item of items) {
    if (item.kind === 'ellipsis' && !sawEllipsis) {
      sawEllipsis = true;
      for (let i = 0; i < shape.length - consumed; i++) expanded.push({ kind: 'slice', start: null, stop: null, step: null });
    } else expanded.push(item);
  }
  const out: Shape = [];
  let axis = 0;
  for (const item of expanded) {
    if (item.kind === 'newaxis') {
      out.push(1n);
      continue;
    }
    const d = shape[axis++];
    if (item.kind === 'int') {
      if (d !== null && (item.value >= d || item.value < -d))
        throw new AnalysisError(trans.__('index %1 is out of range for an axis of length %2', item.value, d));
      continue;
    }
    if (item.kind === 'slice') out.push(sliceLength(d, item.start, item.stop, item.step));
  }
  while (axis < shape.length) out.push(shape[axis++]);
  return out;
}

/** Python's slice length on a sequence of length `n`. */
function sliceLength(n: Dim, start: bigint | null, stop: bigint | null, step: bigint | null): Dim {
  const s = step ?? 1n;
  if (n === null) return start === null && stop === null && s === 1n ? null : null;
  const clamp = (v: bigint | null, dflt: bigint, lo: bigint, hi: bigint) => {
    if (v === null) return dflt;
    const x = v < 0n ? v + n : v;
    return x < lo ? lo : x > hi ? hi : x;
  };
  if (s > 0n) {
    const a = clamp(start, 0n, 0n, n);
    const b = clamp(stop, n, 0n, n);
    return b > a ? (b - a + s - 1n) / s : 0n;
  }
  const a = clamp(start, n - 1n, -1n, n - 1n);
  const b = clamp(stop, -1n, -1n, n - 1n);
  return a > b ? (a - b - s - 1n) / -s : 0n;
}
