/**
 * Functions of the libraries around a model whose results the source determines: `math.prod`,
 * numpy constructors and their shapes, `keras.datasets.*.load_data()` with the shapes Keras
 * documents, `keras.utils.to_categorical`, `imagenet_utils.correct_pad`. Called with values the
 * reader does not know, they give `unknown`; nothing here reads data or files.
 */
import type { Dim } from '../types';
import { int, sequenceItems, unknown, type Value } from './values';
import type { IPyArgs } from './builtins';
import { trans } from '../i18n/current';

type ArrayValue = Value & { kind: 'array' };
type LibraryFn = (a: Value[], args: IPyArgs) => Value;

export const array = (shape: Dim[] | null, dtype = 'float64'): ArrayValue => ({ kind: 'array', shape, dtype });

/** The shape of `(n, 28, 28)` / `n` / `[2, 3]`, or null. */
function shapeArg(v: Value | undefined): Dim[] | null {
  if (!v) return null;
  if (v.kind === 'int') return [v.value];
  const items = sequenceItems(v);
  if (!items) return null;
  const dims = items.map(i => (i.kind === 'int' ? i.value : null));
  return dims.every(d => d !== null) ? dims : null;
}

function product(a: Value[]): Value {
  const items = a.length === 1 ? (sequenceItems(a[0]) ?? (a[0].kind === 'array' ? null : [a[0]])) : a;
  if (!items) return unknown(trans.__('the product of an array not known statically'));
  let p = 1n;
  for (const i of items) {
    if (i.kind === 'int') p *= i.value;
    else if (i.kind === 'bool') p *= BigInt(i.value);
    else return unknown(trans.__('the product of values not known statically%1', i.kind === 'unknown' ? ` (${i.why})` : ''));
  }
  return int(p);
}

/** The shape of a nested list literal given to `np.array`, or null when ragged or unknown. */
function literalShape(v: Value): Dim[] | null {
  const items = sequenceItems(v);
  if (!items) return v.kind === 'int' || v.kind === 'float' || v.kind === 'bool' ? [] : null;
  if (!items.length) return [0n];
  const inner = items.map(literalShape);
  const first = inner[0];
  if (!first || inner.some(s => !s || s.length !== first.length || s.some((d, i) => d !== first[i]))) return null;
  return [BigInt(items.length), ...first];
}

const sized = (dtype: string) => (a: Value[], args: IPyArgs) => array(shapeArg(a[0] ?? args.keywords.get('shape')?.value), dtype);
const dims = (a: Value[]) => array(a.every(v => v.kind === 'int') ? a.map(v => (v as { value: bigint }).value) : null);
const sizeKw = (a: Value[], args: IPyArgs, index: number) => array(shapeArg(a[index] ?? args.keywords.get('size')?.value));

/** keras.datasets: (x_train, y_train), (x_test, y_test) with the shapes and dtypes `load_data()` returns. */
const DATASETS: Record<string, Array<[Dim[], string]>> = {
  mnist: [
    [[60000n, 28n, 28n], 'uint8'],
    [[60000n], 'uint8'],
    [[10000n, 28n, 28n], 'uint8'],
    [[10000n], 'uint8']
  ],
  fashion_mnist: [
    [[60000n, 28n, 28n], 'uint8'],
    [[60000n], 'uint8'],
    [[10000n, 28n, 28n], 'uint8'],
    [[10000n], 'uint8']
  ],
  cifar10: [
    [[50000n, 32n, 32n, 3n], 'uint8'],
    [[50000n, 1n], 'uint8'],
    [[10000n, 32n, 32n, 3n], 'uint8'],
    [[10000n, 1n], 'uint8']
  ],
  cifar100: [
    [[50000n, 32n, 32n, 3n], 'uint8'],
    [[50000n, 1n], 'int64'],
    [[10000n, 32n, 32n, 3n], 'uint8'],
    [[10000n, 1n], 'int64']
  ],
  // Sequences of word indices: one object per review / newswire, lengths vary.
  imdb: [
    [[25000n], 'object'],
    [[25000n], 'int64'],
    [[25000n], 'object'],
    [[25000n], 'int64']
  ],
  reuters: [
    [[8982n], 'object'],
    [[8982n], 'int64'],
    [[2246n], 'object'],
    [[2246n], 'int64']
  ],
  boston_housing: [
    [[404n, 13n], 'float64'],
    [[404n], 'float64'],
    [[102n, 13n], 'float64'],
    [[102n], 'float64']
  ],
  california_housing: [
    [[16512n, 8n], 'float64'],
    [[16512n], 'float64'],
    [[4128n, 8n], 'float64'],
    [[4128n], 'float64']
  ]
};

/** reuters and boston/california split by `test_split`; the defaults (0.2) give the sizes above. */
function loadData(name: string, args: IPyArgs): Value {
  const split = args.keywords.get('test_split')?.value;
  if (split && !(split.kind === 'float' && split.value === 0.2)) return unknown(trans.__('%1.load_data() with a test_split other than 0.2', name));
  if (name === 'california_housing' && args.keywords.get('version')?.value?.kind === 'str') {
    const v = args.keywords.get('version')!.value as { value: string };
    if (v.value !== 'large') return unknown(`california_housing.load_data(version='${v.value}')`);
  }
  const [xs, ys, xt, yt] = DATASETS[name].map(([shape, dtype]) => array(shape, dtype));
  return {
    kind: 'tuple',
    items: [
      { kind: 'tuple', items: [xs, ys] },
      { kind: 'tuple', items: [xt, yt] }
    ]
  };
}

/** keras.utils.to_categorical(y, num_classes): y's shape (a trailing 1 dropped) plus the classes. */
function toCategorical(a: Value[], args: IPyArgs): Value {
  const y = a[0] ?? args.keywords.get('y')?.value;
  const n = a[1] ?? args.keywords.get('num_classes')?.value;
  if (y?.kind !== 'array' || !y.shape) return unknown(trans.__('to_categorical() of labels not known statically'));
  if (n?.kind !== 'int') return unknown(trans.__('to_categorical() without num_classes (the classes come from the data)'));
  const shape = y.shape.length > 1 && y.shape[y.shape.length - 1] === 1n ? y.shape.slice(0, -1) : y.shape;
  return array([...shape, n.value], 'float64');
}

/** keras.applications.imagenet_utils.correct_pad(inputs, kernel_size): padding for a stride-2 conv. */
function correctPad(a: Value[], args: IPyArgs): Value {
  const input = a[0] ?? args.keywords.get('inputs')?.value;
  const k = a[1] ?? args.keywords.get('kernel_size')?.value;
  const kernel = k?.kind === 'int' ? [k.value, k.value] : shapeArg(k);
  if (input?.kind !== 'tensor' || !input.tensor.shape || !kernel || kernel.length !== 2 || kernel.some(d => d === null)) {
    return unknown(trans.__('correct_pad() of an input or kernel size not known statically'));
  }
  // channels_last: the spatial axes are 1 and 2; an unknown size counts as odd, as Keras does.
  const size = input.tensor.shape.slice(1, 3);
  const adjust = size.map(d => (d === null ? 1n : 1n - (d % 2n)));
  const correct = kernel.map(d => d! / 2n);
  const pair = (i: number): Value => ({ kind: 'tuple', items: [int(correct[i] - adjust[i]), int(correct[i])] });
  return { kind: 'tuple', items: [pair(0), pair(1)] };
}

const NUMPY: Record<string, LibraryFn> = {
  zeros: sized('float64'),
  ones: sized('float64'),
  empty: sized('float64'),
  full: sized('float64'),
  zeros_like: a => (a[0]?.kind === 'array' ? a[0] : unknown(trans.__('zeros_like() of an unknown value'))),
  ones_like: a => (a[0]?.kind === 'array' ? a[0] : unknown(trans.__('ones_like() of an unknown value'))),
  array: a => (a[0]?.kind === 'array' ? a[0] : a[0] ? array(literalShape(a[0])) : unknown('np.array()')),
  asarray: a => (a[0]?.kind === 'array' ? a[0] : a[0] ? array(literalShape(a[0])) : unknown('np.asarray()')),
  arange: a =>
    a.length === 1 && a[0].kind === 'int' ? array([a[0].value > 0n ? a[0].value : 0n], 'int64') : unknown(trans.__('np.arange() of these bounds')),
  prod: product,
  product,
  'random.rand': dims,
  'random.randn': dims,
  'random.random': (a, args) => array(shapeArg(a[0] ?? args.keywords.get('size')?.value)),
  'random.normal': (a, args) => sizeKw(a, args, 2),
  'random.uniform': (a, args) => sizeKw(a, args, 2),
  'random.randint': (a, args) => sizeKw(a, args, 2)
};

const TENSOR_CONSTRUCTOR = /^(?:tensorflow\.(?:zeros|ones|random\.normal|random\.uniform)|keras\.ops\.(?:zeros|ones))$/;

/**
 * `tf.zeros((1, 28, 28, 1))`, `tf.random.normal(shape=…)`, `keras.ops.ones(…)` with a shape the source gives
 * whole: data of that shape (a model called on it is built on it). Undefined otherwise: the call is read as before.
 */
export function tensorConstructor(path: string, a: Value[], args: IPyArgs): Value | undefined {
  if (!TENSOR_CONSTRUCTOR.test(path)) return undefined;
  const shape = shapeArg(a[0] ?? args.keywords.get('shape')?.value);
  return shape && shape.every(d => d !== null) ? array(shape, 'float32') : undefined;
}

/** The library function at a dotted path (imports resolved: `np.zeros` is `numpy.zeros`), if known. */
export function libraryFunction(path: string): LibraryFn | undefined {
  if (path === 'math.prod') return product;
  if (path === 'math.ceil' || path === 'math.floor') {
    return a =>
      a[0]?.kind === 'int'
        ? a[0]
        : a[0]?.kind === 'float'
          ? int(BigInt(path === 'math.ceil' ? Math.ceil(a[0].value) : Math.floor(a[0].value)))
          : unknown(`${path}()`);
  }
  if (path === 'math.sqrt')
    return a => (a[0]?.kind === 'int' || a[0]?.kind === 'float' ? { kind: 'float', value: Math.sqrt(Number(a[0].value)) } : unknown('math.sqrt()'));
  if (path.startsWith('numpy.')) return Object.hasOwn(NUMPY, path.slice(6)) ? NUMPY[path.slice(6)] : undefined;
  const tf = /^(?:tensorflow|tf)\.(?:math\.)?reduce_prod$/.exec(path);
  if (tf) return product;
  const data = /(?:^|\.)datasets\.([a-z0-9_]+)\.load_data$/.exec(path);
  if (data && Object.hasOwn(DATASETS, data[1])) return (_a, args) => loadData(data[1], args);
  if (/(?:^|\.)utils\.(?:np_utils\.)?to_categorical$/.test(path)) return toCategorical;
  if (/(?:^|\.)imagenet_utils\.correct_pad$/.test(path)) return correctPad;
  return undefined;
}

/** Attributes and methods of an array value (`x.shape`, `x.reshape(...)`, `x.astype(...)`). */
export function arrayAttribute(v: ArrayValue, name: string): Value | undefined {
  switch (name) {
    case 'shape':
      return v.shape
        ? { kind: 'tuple', items: v.shape.map(d => (d === null ? unknown(trans.__('a size not known statically')) : int(d))) }
        : unknown(trans.__('the shape of an array not known statically'));
    case 'ndim':
      return v.shape ? int(v.shape.length) : unknown(trans.__('the rank of an array not known statically'));
    case 'size':
      return v.shape && v.shape.every(d => d !== null)
        ? int(v.shape.reduce((x, y) => x! * y!, 1n)!)
        : unknown(trans.__('the size of an array not known statically'));
    case 'dtype':
      return { kind: 'str', value: v.dtype };
    case 'T':
      return array(v.shape ? [...v.shape].reverse() : null, v.dtype);
    default:
      return undefined;
  }
}

/** `x.reshape(...)`, `x.astype(...)`, … on an array. */
export function arrayMethod(v: ArrayValue, name: string, a: Value[]): Value {
  switch (name) {
    case 'reshape': {
      const target = a.length === 1 ? shapeArgWithMinus(a[0]) : shapeArgWithMinus({ kind: 'tuple', items: a });
      if (!target) return array(null, v.dtype);
      const minus = target.findIndex(d => d === -1n);
      if (minus >= 0) {
        const total = v.shape && v.shape.every(d => d !== null) ? v.shape.reduce((x, y) => x! * y!, 1n)! : null;
        const rest = target.reduce((x, d, i) => (i === minus ? x : x * d), 1n);
        target[minus] = total !== null && rest !== 0n && total % rest === 0n ? total / rest : -1n;
        if (target[minus] === -1n) return array(null, v.dtype);
      }
      return array(target, v.dtype);
    }
    case 'astype':
      return array(v.shape, a[0]?.kind === 'str' ? a[0].value : v.dtype);
    case 'copy':
      return v;
    case 'flatten':
    case 'ravel':
      return array(v.shape && v.shape.every(d => d !== null) ? [v.shape.reduce((x, y) => x! * y!, 1n)!] : null, v.dtype);
    default:
      // `x.mean(axis=0)`, `y.max()`, `x.tolist()`: a value of the data (or of a shape this does not follow), never None.
      return unknown(trans.__('`.%1()` of an array is not followed statically', name));
  }
}

function shapeArgWithMinus(v: Value): bigint[] | null {
  if (v.kind === 'int') return [v.value];
  const items = sequenceItems(v);
  if (!items || !items.every(i => i.kind === 'int')) return null;
  return items.map(i => (i as { value: bigint }).value);
}
