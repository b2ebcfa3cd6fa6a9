/**
 * Functions of the libraries around a model whose results the source determines: `math.prod`,
 * numpy constructors and their shapes, `keras.datasets.*.load_data()` with the shapes Keras
 * documents, `keras.utils.to_categorical`, `imagenet_utils.correct_pad`. Called with values the
 * reader does not know, they give `unknown`; nothing here reads data or files.
 */
import type { Dim } from '../types';
import { int, sequenceItems, unknown, unknownInt, type Value } from './values';
import type { IPyArgs } from './builtins';
import { trans } from '../i18n/current';
import { newArgumentParser } from './argparse';
import { newTokenizer, padSequences } from './tokenizer';
import { fromTensorSlices, fromTensors } from './datasets';

type ArrayValue = Value & { kind: 'array' };
type LibraryFn = (a: Value[], args: IPyArgs) => Value;

export const array = (shape: Dim[] | null, dtype = 'float64', classes?: bigint): ArrayValue =>
  classes === undefined ? { kind: 'array', shape, dtype } : { kind: 'array', shape, dtype, classes };

/** `a`, with why its unknown sizes are unknown (ArrayValue.sizesWhy) when there is a reason to keep. */
const withSizesWhy = (a: ArrayValue, why: string | undefined): ArrayValue => (why === undefined ? a : { ...a, sizesWhy: why });

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

/**
 * The classes of each dataset's labels, per split, where every class occurs in it (so `np.max(y)` is
 * classes − 1): the balanced test sets of mnist, fashion_mnist, cifar10/100 and imdb have them all, Reuters' train
 * split has all 46 topics (its test split is not claimed). cifar100's `label_mode='coarse'` has 20.
 */
const LABEL_CLASSES: Record<string, [bigint | undefined, bigint | undefined]> = {
  mnist: [10n, 10n],
  fashion_mnist: [10n, 10n],
  cifar10: [10n, 10n],
  cifar100: [100n, 100n],
  imdb: [2n, 2n],
  reuters: [46n, undefined]
};

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
  let classes = Object.hasOwn(LABEL_CLASSES, name) ? LABEL_CLASSES[name] : [undefined, undefined];
  if (name === 'cifar100') {
    const mode = args.keywords.get('label_mode')?.value ?? args.positional[0]?.value;
    if (mode && !(mode.kind === 'str' && mode.value === 'fine'))
      classes = mode.kind === 'str' && mode.value === 'coarse' ? [20n, 20n] : [undefined, undefined];
  }
  // imdb / reuters drop the sequences longer than `maxlen` (load_data(path, num_words, skip_top, maxlen, …)):
  // how many remain, and which classes, depend on the data.
  const maxlen = args.keywords.get('maxlen')?.value ?? args.positional[3]?.value;
  const filtered = (name === 'imdb' || name === 'reuters') && maxlen !== undefined && maxlen.kind !== 'none';
  if (filtered) classes = [undefined, undefined];
  const [xs, ys, xt, yt] = DATASETS[name].map(([shape, dtype], i) =>
    array(filtered ? [null, ...shape.slice(1)] : shape, dtype, i % 2 ? classes[i >> 1] : undefined)
  );
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
  const classes = n === undefined || n.kind === 'none' ? y.classes : undefined;
  if (n?.kind !== 'int' && classes === undefined) return unknown(trans.__('to_categorical() without num_classes (the classes come from the data)'));
  const shape = y.shape.length > 1 && y.shape[y.shape.length - 1] === 1n ? y.shape.slice(0, -1) : y.shape;
  return array([...shape, n?.kind === 'int' ? n.value : classes!], 'float64');
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

/** Reductions numpy has as functions and as array methods (`np.mean(x, axis=0)`, `x.mean(axis=0)`). */
const REDUCTIONS = ['mean', 'std', 'var', 'sum', 'max', 'min', 'median', 'argmax', 'argmin'] as const;
type Reduction = (typeof REDUCTIONS)[number];

/**
 * A reduction of an array: over an axis (or axes), the array without it (`keepdims=True`: of size 1); over the whole
 * array, a value of the data, unknown, except the largest and smallest of dataset labels (`np.max(y_train)`).
 */
function reduce(v: ArrayValue, name: Reduction, axis: Value | undefined, keepdims: Value | undefined): Value {
  const whole = !axis || axis.kind === 'none';
  if (whole) {
    if (v.classes !== undefined && (name === 'max' || name === 'min')) return int(name === 'max' ? v.classes - 1n : 0n);
    return unknown(trans.__('`.%1()` of an array is a value of the data', name));
  }
  const axes = axis.kind === 'int' ? [axis] : sequenceItems(axis);
  if (!v.shape || !axes || !axes.every(x => x.kind === 'int') || (keepdims && keepdims.kind !== 'bool')) {
    return array(null, v.dtype);
  }
  const rank = BigInt(v.shape.length);
  const picked = new Set<number>();
  for (const x of axes as Array<{ value: bigint }>) {
    const i = x.value < 0n ? x.value + rank : x.value;
    if (i < 0n || i >= rank) return unknown(trans.__('axis %1 of an array of rank %2', x.value, rank));
    picked.add(Number(i));
  }
  const keep = keepdims?.kind === 'bool' && keepdims.value;
  const shape = v.shape.flatMap((d, i) => (picked.has(i) ? (keep ? [1n] : []) : [d]));
  const dtype = name === 'argmax' || name === 'argmin' ? 'int64' : name === 'mean' || name === 'std' || name === 'var' ? 'float64' : v.dtype;
  return array(shape, dtype);
}

function reduceFunction(name: Reduction, a: Value[], args: IPyArgs): Value {
  const v = a[0] ?? args.keywords.get('a')?.value;
  if (v?.kind !== 'array') return unknown(trans.__('np.%1() of values not known statically', name));
  return reduce(v, name, a[1] ?? args.keywords.get('axis')?.value, args.keywords.get('keepdims')?.value);
}

/** `np.unique(y)` of dataset labels: each class once. */
function unique(v: ArrayValue): Value {
  return v.classes !== undefined ? array([v.classes], v.dtype, v.classes) : array(null, v.dtype);
}

/** The shape numpy broadcasts two shapes to; null when a size is unknown where it matters, 'error' when they do not broadcast. */
export function broadcastShapes(a: Dim[], b: Dim[]): Dim[] | 'error' {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = i < n - a.length ? 1n : a[i - (n - a.length)];
    const y = i < n - b.length ? 1n : b[i - (n - b.length)];
    if (x === 1n) out.push(y);
    else if (y === 1n) out.push(x);
    else if (x === null || y === null) out.push(x ?? y);
    else if (x === y) out.push(x);
    else return 'error';
  }
  return out;
}

const COMPARISONS = new Set(['<', '>', '<=', '>=', '==', '!=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '**', '&', '|', '^', ...COMPARISONS]);

/** Whether numpy applies `op` elementwise (`x / 255`, `x -= mean`, `y == 3`). */
export const isElementwise = (op: string): boolean => ARITHMETIC.has(op);
const isFloat = (dtype: string) => /^float|^complex/.test(dtype);

/**
 * `x_train / 255.0`, `x - x.mean(axis=0)`, `y == 3`: numpy's elementwise arithmetic between an array and a
 * number or another array, with numpy's broadcasting; undefined when `op` is not elementwise or the other value
 * is not a number or an array (the caller decides).
 */
export function arrayArithmetic(op: string, a: Value, b: Value): Value | undefined {
  if (!isElementwise(op)) return undefined;
  const shapeOf = (v: Value): Dim[] | null | undefined =>
    v.kind === 'array' ? v.shape : v.kind === 'int' || v.kind === 'float' || v.kind === 'bool' ? [] : undefined;
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sa === undefined || sb === undefined) return undefined;
  const shape = sa && sb ? broadcastShapes(sa, sb) : null;
  if (shape === 'error') {
    return unknown(
      trans.__('operands of shapes (%1) and (%2) do not broadcast (numpy raises ValueError)', (sa ?? []).join(', '), (sb ?? []).join(', '))
    );
  }
  // numpy's casting with Python scalars as weak types: a float array keeps its precision, integers become float64
  // through `/` or a float scalar, and comparisons give bools.
  const arrayTypes = [a, b].flatMap(v => (v.kind === 'array' ? [v.dtype] : []));
  const floatScalar = a.kind === 'float' || b.kind === 'float';
  const dtype = COMPARISONS.has(op) ? 'bool' : (arrayTypes.find(isFloat) ?? (op === '/' || floatScalar ? 'float64' : arrayTypes[0]));
  return array(shape, dtype);
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
  // np.reshape(x, shape): x's own reshape when the reader holds x, else the shape as far as the source writes it.
  reshape: (a, args) => {
    const target = a[1] ?? args.keywords.get('newshape')?.value ?? args.keywords.get('shape')?.value;
    return a[0]?.kind === 'array' ? arrayMethod(a[0], 'reshape', target ? [target] : []) : reshapedTo(target);
  },
  unique: (a, args) =>
    a[0]?.kind === 'array' && !args.keywords.size && a.length === 1 ? unique(a[0]) : unknown(trans.__('np.unique() of values not known statically')),
  ...Object.fromEntries(REDUCTIONS.map(name => [name, (a: Value[], args: IPyArgs) => reduceFunction(name, a, args)])),
  amax: (a, args) => reduceFunction('max', a, args),
  amin: (a, args) => reduceFunction('min', a, args),
  // The indices 0 … n − 1 shuffled; of an array, its rows shuffled.
  'random.permutation': a => {
    const n = a[0];
    if (n?.kind === 'array') return n;
    if (n?.kind === 'int') return array([n.value > 0n ? n.value : 0n], 'int64');
    if (n?.kind === 'unknown' && n.int) return array([null], 'int64');
    return unknown(trans.__('np.random.permutation() of a value not known statically'));
  },
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

const EXPAND_DIMS = /^(?:numpy|tensorflow|keras\.ops)\.expand_dims$/;
const SAME_SHAPE =
  /^(?:(?:tensorflow|tensorflow\.math)\.(?:clip_by_value|cast|convert_to_tensor|constant|identity|abs|sqrt|exp|log|round)|numpy\.(?:clip|abs|sqrt|exp|log|round|float32|copy)|keras\.ops\.(?:clip|cast|convert_to_tensor|abs|sqrt|exp|log|round))$/;

/**
 * numpy's, TensorFlow's and keras.ops' functions on data the reader holds (`tf.expand_dims(image, 0)` before a
 * model is called on it): data of the shape they give. Undefined where the first argument is no such data (a
 * symbolic tensor's call is the runtime's).
 */
export function arrayFunction(path: string, a: Value[], args: IPyArgs): Value | undefined {
  const x = a[0];
  if (x?.kind !== 'array') return undefined;
  // Elementwise: the data's own shape (`tf.clip_by_value(x_noisy, 0., 1.)` before a model is fit on it).
  if (SAME_SHAPE.test(path)) return array(x.shape, x.dtype);
  if (!EXPAND_DIMS.test(path)) return undefined;
  const axis = a[1] ?? args.keywords.get('axis')?.value;
  if (!x.shape || axis?.kind !== 'int') return array(null, x.dtype);
  const rank = BigInt(x.shape.length);
  const at = axis.value < 0n ? rank + 1n + axis.value : axis.value;
  if (at < 0n || at > rank) return unknown(trans.__('expand_dims(): axis %1 is out of range for an array of rank %2', axis.value, rank));
  const shape = [...x.shape];
  shape.splice(Number(at), 0, 1n);
  return array(shape, x.dtype);
}

/** The library function at a dotted path (imports resolved: `np.zeros` is `numpy.zeros`), if known. */
export function libraryFunction(path: string): LibraryFn | undefined {
  if (path === 'math.prod') return product;
  if (path === 'argparse.ArgumentParser') return () => newArgumentParser();
  // keras.preprocessing.text.Tokenizer (tf.keras, Keras 2, keras_preprocessing) and pad_sequences (Keras 3: keras.utils).
  if (/(?:^|\.)preprocessing\.text\.Tokenizer$/.test(path)) return newTokenizer;
  if (/(?:^|\.)(?:preprocessing\.sequence|utils)\.pad_sequences$/.test(path)) return padSequences;
  if (/(?:^|\.)data\.Dataset\.from_tensor_slices$/.test(path)) return fromTensorSlices;
  if (/(?:^|\.)data\.Dataset\.from_tensors$/.test(path)) return fromTensors;
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
  const activations = /^(?:tensorflow\.|tf\.)?(?:(?:compat\.v[12]\.)?keras|tf_keras)\.activations\.get$/.test(path)
    ? path.slice(0, -'.get'.length)
    : null;
  if (activations) return (a, args) => activationFunction(activations, a[0] ?? args.keywords.get('identifier')?.value);
  return undefined;
}

/**
 * keras.activations.get(identifier): the activation function a name gives (`activations.get("relu")` is
 * keras.activations.relu; None is linear), or the callable itself.
 */
function activationFunction(module: string, identifier: Value | undefined): Value {
  if (!identifier || identifier.kind === 'none') return { kind: 'module', path: `${module}.linear` };
  if (identifier.kind === 'str') return { kind: 'module', path: `${module}.${identifier.value}` };
  if (identifier.kind === 'module' || identifier.kind === 'function' || identifier.kind === 'builtin' || identifier.kind === 'partial')
    return identifier;
  return unknown(trans.__('keras.activations.get() of %1', identifier.kind === 'unknown' ? identifier.why : identifier.kind));
}

/** Attributes and methods of an array value (`x.shape`, `x.reshape(...)`, `x.astype(...)`). */
/**
 * `x[idx]` with an array as the index: integer indices take rows (`x[np.random.permutation(len(x))]`), a boolean mask
 * keeps some (`x[y == 1]`); of any other index, the rank is not known.
 */
export function arrayIndexedBy(x: ArrayValue, index: ArrayValue): Value {
  const rank = index.shape?.length ?? 0;
  if (!x.shape || !index.shape || rank === 0 || rank > x.shape.length) return array(null, x.dtype);
  const sized = (shape: Dim[]): Value => withSizesWhy(array(shape, x.dtype), x.sizesWhy ?? index.sizesWhy);
  if (index.dtype === 'bool') return sized([null, ...x.shape.slice(rank)]);
  if (/^u?int/.test(index.dtype)) return sized([...index.shape, ...x.shape.slice(1)]);
  return array(null, x.dtype);
}

export function arrayAttribute(v: ArrayValue, name: string): Value | undefined {
  switch (name) {
    case 'shape':
      return v.shape
        ? { kind: 'tuple', items: v.shape.map(d => (d === null ? unknownInt(v.sizesWhy ?? trans.__('a size not known statically')) : int(d))) }
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
export function arrayMethod(v: ArrayValue, name: string, a: Value[], keywords: IPyArgs['keywords'] = new Map()): Value {
  if ((REDUCTIONS as readonly string[]).includes(name)) {
    return reduce(v, name as Reduction, a[0] ?? keywords.get('axis')?.value, keywords.get('keepdims')?.value);
  }
  switch (name) {
    case 'reshape': {
      const target = a.length === 1 ? shapeArgWithMinus(a[0]) : shapeArgWithMinus({ kind: 'tuple', items: a });
      if (!target) return reshapedTo(a.length === 1 ? a[0] : { kind: 'tuple', items: a }, v.dtype);
      const minus = target.findIndex(d => d === -1n);
      if (minus >= 0) {
        const total = v.shape && v.shape.every(d => d !== null) ? v.shape.reduce((x, y) => x! * y!, 1n)! : null;
        const rest = target.reduce((x, d, i) => (i === minus ? x : x * d), 1n);
        target[minus] = total !== null && rest !== 0n && total % rest === 0n ? total / rest : -1n;
        if (target[minus] === -1n) return array(null, v.dtype, v.classes);
      }
      return array(target, v.dtype, v.classes);
    }
    case 'astype': {
      // Labels keep their values through an integer dtype (`y.astype('int32')`), not a dtype named otherwise.
      const dtype = a[0]?.kind === 'str' ? a[0].value : v.dtype;
      return array(v.shape, dtype, /^u?int/.test(dtype) ? v.classes : undefined);
    }
    case 'copy':
      return v;
    case 'flatten':
    case 'ravel':
      return array(v.shape && v.shape.every(d => d !== null) ? [v.shape.reduce((x, y) => x! * y!, 1n)!] : null, v.dtype, v.classes);
    default:
      // `x.mean(axis=0)`, `y.max()`, `x.tolist()`: a value of the data (or of a shape this does not follow), never None.
      return unknown(trans.__('`.%1()` of an array is not followed statically', name));
  }
}

/**
 * Data reshaped to a target with sizes the source does not give (`x.reshape((x.shape[0], x.shape[1], 1))` of data read
 * from a file): its rank and the sizes written, the others unknown (a -1 among unknown sizes is unknown too).
 */
export function reshapedTo(target: Value | undefined, dtype = 'float64'): Value {
  const items = target && (target.kind === 'int' ? [target] : sequenceItems(target));
  if (!items || !items.every(i => i.kind === 'int' || i.kind === 'unknown')) return unknown(trans.__('a reshape to a shape not known statically'));
  const unknownItem = items.find(i => i.kind === 'unknown');
  return withSizesWhy(
    array(
      items.map(i => (i.kind === 'int' && i.value >= 0n ? i.value : null)),
      dtype
    ),
    unknownItem?.kind === 'unknown' ? unknownItem.why : undefined
  );
}

function shapeArgWithMinus(v: Value): bigint[] | null {
  if (v.kind === 'int') return [v.value];
  const items = sequenceItems(v);
  if (!items || !items.every(i => i.kind === 'int')) return null;
  return items.map(i => (i as { value: bigint }).value);
}
