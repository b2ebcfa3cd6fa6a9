/**
 * Which dotted Python names are Keras: `keras.layers.Dense`, `tf.keras.Sequential`,
 * `tensorflow.compat.v1.keras.layers.CuDNNLSTM`, … all resolve here.
 */
import { lookupLayer } from '../catalogue/registry';
import { MERGE_FUNCTIONS } from '../catalogue/merging';
import { KERNEL_ONLY_HUB_NAMESPACES, KERNEL_ONLY_LAYERS } from '../catalogue/kernel-only';

export type KerasClassKind =
  | 'layer'
  | 'inputLayer'
  | 'input'
  | 'sequential'
  | 'model'
  | 'mergeFunction'
  | 'unknownLayer'
  | 'application'
  | 'kernelOnly'
  | 'clearSession'
  | 'optimizer'
  | 'learningRateSchedule'
  | 'setDtypePolicy';

export interface IKerasClass {
  kind: KerasClassKind;
  /** The Keras class name (`Dense`, `Sequential`) or function name (`concatenate`). */
  name: string;
  /** The dotted path as written, for messages. */
  path: string;
  /** Reached through `tensorflow.compat.v1`: v1 defaults apply (GRU reset_after=False). */
  legacyV1: boolean;
  /** Reached through standalone `keras` rather than `tf.keras`. */
  standalone: boolean;
  /** kernelOnly: why only the running kernel can size it. */
  reason?: string;
}

const KERAS_ROOTS = ['tensorflow.compat.v1.keras', 'tensorflow.compat.v2.keras', 'tensorflow.python.keras', 'tensorflow.keras', 'tf_keras', 'keras'];

/** The Keras-relative part of a dotted path (`layers.Dense`), or null when the path is not Keras. */
export function kerasRelative(path: string): { rest: string; root: string } | null {
  for (const root of KERAS_ROOTS) {
    if (path === root) return { rest: '', root };
    if (path.startsWith(root + '.')) return { rest: path.slice(root.length + 1), root };
  }
  return null;
}

/** Is this dotted path a Keras module (so that its members resolve), e.g. `keras.layers`? */
export function isKerasModule(path: string): boolean {
  const k = kerasRelative(path);
  if (!k) return path === 'tensorflow' || path === 'tensorflow.compat' || path === 'tensorflow.compat.v1' || path === 'tensorflow.compat.v2';
  const parts = k.rest ? k.rest.split('.') : [];
  return parts.every(p => /^[a-z_][a-z0-9_]*$/.test(p)) && !MERGE_FUNCTIONS[parts[parts.length - 1]];
}

const resolved = new Map<string, IKerasClass | null>();

/** Resolve a dotted path to a Keras class or function, or null when it is not one (memoized: paths repeat). */
export function resolveKeras(path: string): IKerasClass | null {
  let cls = resolved.get(path);
  if (cls === undefined) {
    cls = resolveUncached(path);
    if (resolved.size < 10_000) resolved.set(path, cls);
  }
  return cls;
}

/** keras_hub classes that subclass the Keras layer of the same name without changing its signature or weights. */
const HUB_SUBCLASSES_OF_KERAS: ReadonlySet<string> = new Set(['ReversibleEmbedding']);

/** `keras_hub.layers.TransformerEncoder`, `keras_nlp.models.BertClassifier`, … */
function resolveHub(path: string): IKerasClass | null {
  const m = /^(keras_hub|keras_nlp)\.(\w+)\.(\w+)$/.exec(path);
  if (!m || !/^[A-Z]/.test(m[3])) return null;
  const [, , namespace, name] = m;
  const make = (kind: KerasClassKind, reason?: string): IKerasClass => ({ kind, name, path, legacyV1: false, standalone: true, reason });
  const spec = namespace === 'layers' ? lookupLayer(name) : undefined;
  if (spec?.library === 'keras_hub' || (spec && HUB_SUBCLASSES_OF_KERAS.has(name))) return make('layer');
  const reason = KERNEL_ONLY_HUB_NAMESPACES[namespace];
  return reason ? make('kernelOnly', reason) : null;
}

function resolveUncached(path: string): IKerasClass | null {
  if (path.startsWith('keras_hub.') || path.startsWith('keras_nlp.')) return resolveHub(path);
  // TensorFlow 2's `tf.optimizers` is `tf.keras.optimizers`.
  if (path.startsWith('tensorflow.optimizers.')) return resolveUncached(`tensorflow.keras.${path.slice('tensorflow.'.length)}`);
  const k = kerasRelative(path);
  if (!k || !k.rest) return null;
  const parts = k.rest.split('.');
  const name = parts[parts.length - 1];
  const legacyV1 = k.root === 'tensorflow.compat.v1.keras';
  const standalone = k.root === 'keras';
  const make = (kind: KerasClassKind, n = name): IKerasClass => ({ kind, name: n, path, legacyV1, standalone });
  const namespace = parts.slice(0, -1).join('.');
  if (name === 'Sequential' && (namespace === '' || namespace === 'models')) return make('sequential');
  if ((name === 'Model' || name === 'Functional') && (namespace === '' || namespace === 'models')) return make('model', 'Model');
  if (name === 'Input' && (namespace === '' || namespace === 'layers')) return make('input');
  if (name === 'InputLayer' && (namespace === '' || namespace.startsWith('layers'))) return make('inputLayer');
  if (parts[0] === 'layers') {
    // `keras.layers.concatenate`; Keras 2's module paths `keras.layers.merge.concatenate` (≤ 2.8) and
    // `keras.layers.merging.concatenate` (2.9+) are the same function.
    if (MERGE_FUNCTIONS[name] && (parts.length === 2 || (parts.length === 3 && (parts[1] === 'merge' || parts[1] === 'merging'))))
      return make('mergeFunction');
    const spec = lookupLayer(name);
    if (spec && !spec.library) return make('layer', spec.name);
    if (KERNEL_ONLY_LAYERS[name] && parts.length === 2) return { ...make('kernelOnly'), reason: KERNEL_ONLY_LAYERS[name] };
    if (/^[A-Z]/.test(name)) return make('unknownLayer');
    return null;
  }
  if (parts[0] === 'applications' && /^[A-Z]/.test(name)) return make('application');
  if (name === 'clear_session' && (namespace === 'backend' || namespace === 'utils')) return make('clearSession');
  if (/^[A-Z]/.test(name) && namespace === 'optimizers') return make('optimizer');
  if (/^[A-Z]/.test(name) && namespace === 'optimizers.schedules') return make('learningRateSchedule');
  // keras.mixed_precision.set_global_policy() (TensorFlow 2.3's experimental.set_policy()), Keras 3's config.set_dtype_policy().
  if ((name === 'set_global_policy' || name === 'set_policy') && namespace.startsWith('mixed_precision')) return make('setDtypePolicy');
  if (name === 'set_dtype_policy' && namespace === 'config') return make('setDtypePolicy');
  return null;
}
