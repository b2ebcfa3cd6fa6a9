/**
 * `tf.data` pipelines as far as the source determines their elements: `Dataset.from_tensor_slices(x)` of
 * arrays the reader knows the shapes of, then `.batch(n)`, `.shuffle()`, `.prefetch()`, `.take()`, …; the
 * first element is what a loop over the dataset (`for images, labels in train_ds:`) binds first, so a
 * model called there is built on that batch, as Keras builds it. How many elements there are is not
 * followed: a loop over a dataset reads its body once, on the first element (interpreter.ts). A `.map(fn)`
 * makes the element unknown. Nothing here knows of Keras.
 */
import { int, unknown, type IPyClass, type Value } from './values';
import { trans } from '../i18n/current';

type Instance = Value & { kind: 'instance' };

interface IDataset {
  /** The first element as a loop binds it (arrays of their shapes, in the structure given), or why it is not known. */
  first: Value;
  /** How many elements there are, when the source says (null: not known). */
  count: bigint | null;
}

const METHODS = ['batch', 'shuffle', 'prefetch', 'cache', 'repeat', 'take', 'skip', 'map', 'filter', 'unbatch', 'padded_batch', 'with_options'];

const DATASET_CLASS: IPyClass = {
  name: 'Dataset',
  bases: [],
  attrs: new Map(METHODS.map(name => [name, { kind: 'builtin', name: `method:${name}` }]))
};

const datasets = new WeakMap<Instance, IDataset>();

function dataset(first: Value, count: bigint | null): Instance {
  const d: Instance = { kind: 'instance', cls: DATASET_CLASS, attrs: new Map() };
  datasets.set(d, { first, count });
  return d;
}

export function isDataset(v: Value | undefined): v is Instance {
  return v?.kind === 'instance' && datasets.has(v);
}

/** The first element of a dataset, for a loop over it. */
export function firstElement(d: Instance): Value {
  return datasets.get(d)!.first;
}

/** Each component of a structure (a tuple, list or dict of arrays) mapped; unknown when one is not an array. */
function mapComponents(v: Value, f: (a: Value & { kind: 'array' }) => Value): Value {
  switch (v.kind) {
    case 'array':
      return f(v);
    case 'list':
      // TensorFlow stacks a list into one tensor: not followed.
      return unknown(trans.__('a dataset of a list of values (TensorFlow stacks it into one tensor)'));
    case 'tuple': {
      const items = v.items.map(i => mapComponents(i, f));
      const bad = items.find(i => i.kind === 'unknown');
      return bad ?? { kind: 'tuple', items };
    }
    case 'dict': {
      const entries: Array<[Value, Value]> = [];
      for (const [k, x] of v.entries) {
        const m = mapComponents(x, f);
        if (m.kind === 'unknown') return m;
        entries.push([k, m]);
      }
      return { kind: 'dict', entries };
    }
    case 'unknown':
      return v;
    default:
      return unknown(trans.__('a dataset of values whose shapes are not known statically'));
  }
}

/** The size every component's first axis shares, or null when not known (or they differ: TensorFlow's error). */
function sliceCount(v: Value): bigint | null {
  const sizes: Array<bigint | null> = [];
  mapComponents(v, a => {
    sizes.push(a.shape?.[0] ?? null);
    return a;
  });
  return sizes.length && sizes.every(s => s !== null && s === sizes[0]) ? sizes[0] : null;
}

/** `tf.data.Dataset.from_tensor_slices(x)`: elements are the slices of x along its first axis. */
export function fromTensorSlices(a: Value[]): Value {
  const x = a[0];
  if (!x) return unknown(trans.__('from_tensor_slices() without an argument'));
  const first = mapComponents(x, arr => ({ kind: 'array', shape: arr.shape ? arr.shape.slice(1) : null, dtype: arr.dtype }));
  return dataset(first, sliceCount(x));
}

/** `tf.data.Dataset.from_tensors(x)`: one element, x itself. */
export function fromTensors(a: Value[]): Value {
  const x = a[0];
  if (!x) return unknown(trans.__('from_tensors() without an argument'));
  return dataset(
    mapComponents(x, arr => arr),
    1n
  );
}

/** A method of a dataset: a new dataset. */
export function datasetMethod(owner: Instance, name: string, positional: Value[], keywords: ReadonlyMap<string, { value: Value }>): Value {
  const d = datasets.get(owner)!;
  const arg = (i: number, k: string) => positional[i] ?? keywords.get(k)?.value;
  const n = (v: Value | undefined) => (v?.kind === 'int' ? v.value : null);
  switch (name) {
    case 'batch':
    case 'padded_batch': {
      const size = n(arg(0, 'batch_size'));
      const drop = arg(1, 'drop_remainder');
      const dropRemainder = drop?.kind === 'bool' && drop.value;
      // The first batch holds batch_size elements, or all of them when there are fewer (none with drop_remainder).
      const firstSize =
        size === null ? null : d.count === null ? (dropRemainder ? size : null) : d.count < size ? (dropRemainder ? 0n : d.count) : size;
      const first =
        name === 'padded_batch'
          ? unknown(trans.__('the elements of padded_batch()'))
          : mapComponents(d.first, arr => ({ kind: 'array', shape: arr.shape ? [firstSize, ...arr.shape] : null, dtype: arr.dtype }));
      const count = size === null || d.count === null ? null : dropRemainder ? d.count / size : (d.count + size - 1n) / size;
      return dataset(first, count);
    }
    case 'unbatch': {
      const first = mapComponents(d.first, arr => ({ kind: 'array', shape: arr.shape ? arr.shape.slice(1) : null, dtype: arr.dtype }));
      return dataset(first, null);
    }
    case 'take': {
      const k = n(arg(0, 'count'));
      return dataset(d.first, k === null || k < 0n ? d.count : d.count === null ? null : k < d.count ? k : d.count);
    }
    case 'skip':
      // The first element is another one, of the same shape (a batch at the end may be shorter).
      return dataset(d.first, null);
    case 'repeat':
    case 'filter':
      return dataset(d.first, null);
    case 'map':
      return dataset(unknown(trans.__('the elements of a dataset after .map()')), d.count);
    default:
      return dataset(d.first, d.count);
  }
}

/** `len(dataset)`, when the source determines it. */
export function datasetLength(d: Instance): Value {
  const count = datasets.get(d)!.count;
  return count === null ? unknown(trans.__('the number of elements of a dataset')) : int(count);
}
