/**
 * Which Keras a file is read as: a major version (whose defaults and auto-names apply) and, where a
 * default changed inside Keras 2, its minor version (`2.2`, `2.3`, `2.15`). Given by the user
 * (`--keras-version`, the magic, the settings) or, when not, inferred from what the source imports.
 */
import type { KerasVersion, ILocation } from '../types';
import { trans } from '../i18n/current';

export interface IKerasRelease {
  major: KerasVersion;
  /** null: any minor version (`2`, `3`, `3.x`). */
  minor: number | null;
}

/** `2`, `3`, `2.2`, `2.15`, `3.x`, `3.15.1` (the patch is ignored); null when it is not a Keras version. */
export function parseKerasVersion(written: string | number): IKerasRelease | null {
  const m = /^\s*([23])(?:\.(\d{1,3}|x|\*)(?:\.(?:\d{1,3}|x|\*))?)?\s*$/i.exec(String(written));
  if (!m) return null;
  const minor = m[2] === undefined || /^[x*]$/i.test(m[2]) ? null : Number(m[2]);
  return { major: Number(m[1]) as KerasVersion, minor };
}

export function formatKerasRelease(r: IKerasRelease): string {
  return r.minor === null ? String(r.major) : `${r.major}.${r.minor}`;
}

/** Standalone Keras up to 2.3 (before it became tf.keras): GRU reset_after=False, auto-names from `_1`. */
export function isLegacyStandalone(r: IKerasRelease): boolean {
  return r.major === 2 && r.minor !== null && r.minor <= 3;
}

/** What a default may depend on: the release, and how the class was reached. */
export interface IDefaultContext {
  release: IKerasRelease;
  /** Through `tensorflow.compat.v1.keras`. */
  legacyV1: boolean;
  /** Through standalone `keras` rather than `tf.keras`. */
  standalone: boolean;
}

export interface IDetectedVersion {
  release: IKerasRelease;
  /** Why, for the one-line note: `it imports tensorflow.compat.v1`. */
  reason: string;
  location: ILocation | null;
}

/**
 * What may stand between `import` and a name it imports: one line, a parenthesized list over several lines (with
 * comments, which cannot hide a `)`), or lines joined by backslashes. `from keras.layers import (Dense,\n    CuDNNLSTM)`.
 */
const IMPORT_LIST = String.raw`(?:[ \t]*\((?:[^)#]|#[^\n]*\n)*?|(?:[^\n#\\]|\\\r?\n)*?)`;

/**
 * Code whose author ran Keras 2: `tensorflow.compat.v1` (gone from TF ≥ 2.16 with Keras 3),
 * `disable_v2_behavior()`, the CuDNN layers, module paths, methods and arguments Keras 3 removed or rejects, and
 * two marks of Keras 2's era that Keras 3 runs but summarizes differently. The first match is the reason given.
 */
// Each reason is a function: translated when an analysis runs, under its strings.
const KERAS2_MARKERS: Array<[RegExp, () => string]> = [
  [/^[ \t]*(?:from|import)[ \t]+tensorflow\.compat\.v1\b|\bcompat\.v1\.keras\b/m, () => trans.__('it imports tensorflow.compat.v1')],
  [/\bdisable_v2_behavior\s*\(/, () => trans.__('it calls disable_v2_behavior()')],
  [/\bCuDNN(?:LSTM|GRU)\b/, () => trans.__('it uses CuDNNLSTM / CuDNNGRU, which only Keras 2 has')],
  [/\btensorflow\.python\.keras\b/, () => trans.__('it imports tensorflow.python.keras')],
  [
    /^[ \t]*(?:from|import)[ \t]+tf_keras\b|\bTF_USE_LEGACY_KERAS\b['"]?\s*\]?\s*[=,]\s*['"](?:1|true|True)['"]/m,
    () => trans.__('it uses tf_keras (TF_USE_LEGACY_KERAS), Keras 2')
  ],
  [
    /^[ \t]*(?:from|import)[ \t]+keras\.(?:layers\.(?:core|recurrent|embeddings|convolutional|normalization|wrappers|merge|pooling|advanced_activations|cudnn_recurrent)|engine|wrappers|legacy)\b/m,
    () => trans.__('it imports a module path that only Keras 2 has')
  ],
  // Standalone keras only (tf.keras under Keras 3 still has both, through its legacy namespace).
  [
    new RegExp(
      String.raw`^[ \t]*(?:from[ \t]+keras\.preprocessing\.text[ \t]+import|import[ \t]+keras\.preprocessing\.text\b|from[ \t]+keras\.preprocessing\.image[ \t]+import${IMPORT_LIST}\bImageDataGenerator\b)`,
      'm'
    ),
    () => trans.__('it imports keras.preprocessing.text or ImageDataGenerator, which Keras 3 removed')
  ],
  [
    new RegExp(
      String.raw`^[ \t]*(?:from[ \t]+keras\.utils[ \t]+import${IMPORT_LIST}\b(?:np_utils|vis_utils)\b|from[ \t]+keras\.utils\.(?:np_utils|vis_utils)[ \t]+import|import[ \t]+keras\.utils\.(?:np_utils|vis_utils)\b)`,
      'm'
    ),
    () => trans.__('it imports keras.utils.np_utils or vis_utils, which Keras 3 removed')
  ],
  [/\blayers\.experimental\.preprocessing\b/, () => trans.__('it uses layers.experimental.preprocessing, which Keras 3 removed')],
  // Model methods Keras 3 does not have: the script stops there under Keras 3, so its author ran Keras 2.
  [
    /\.(?:fit_generator|predict_generator|evaluate_generator|predict_classes)[ \t]*\(/,
    () => trans.__('it calls fit_generator(), predict_generator(), evaluate_generator() or predict_classes(), which only Keras 2 has')
  ],
  // Keras 3's optimizers reject `lr=` (an error, not a warning).
  [
    /\b(?:SGD|Adam|AdamW|RMSprop|Adagrad|Adadelta|Adamax|Nadam|Ftrl)[ \t]*\((?:[^()]|\([^()]*\))*?\blr[ \t]*=/,
    () => trans.__('it passes lr= to an optimizer, which Keras 3 rejects (it takes learning_rate=)')
  ],
  // Code of Keras 2's era that Keras 3 still runs, with a different summary: Keras 3 ignores Embedding's
  // `input_length=` (an unbuilt model where Keras 2 printed a built one), and `from __future__` is code written for
  // Python 2, years before Keras 3.
  [
    /\bEmbedding[ \t]*\((?:[^()]|\([^()]*\))*?\binput_length[ \t]*=/,
    () => trans.__('it passes input_length= to Embedding, which only Keras 2 uses (Keras 3 ignores it)')
  ],
  // Keras 2's recurrent layers took `input_dim=` (and `input_length=`) as their input's last axis; Keras 3 reads
  // it as a one-axis input and raises.
  [
    /\b(?:LSTM|GRU|SimpleRNN)[ \t]*\((?:[^()]|\([^()]*\))*?\binput_dim[ \t]*=/,
    () => trans.__('it passes input_dim= to a recurrent layer, which only Keras 2 reads as its input size (Keras 3 raises)')
  ],
  [/^[ \t]*from[ \t]+__future__[ \t]+import\b/m, () => trans.__('it imports from __future__, code written for Python 2 and Keras 2')]
];

/**
 * Code that only standalone Keras up to 2.3 runs (`keras` 2.4+ is tf.keras's API, which has neither):
 * `keras.engine.topology` (gone in 2.4), `keras.legacy`, the CuDNN layers imported from standalone `keras`
 * (2.0.9–2.3; tf.keras has them only under `compat.v1`). Read as 2.3: one-based auto-names, the v1 GRU.
 */
const STANDALONE_23_MARKERS: Array<[RegExp, () => string]> = [
  [
    /^[ \t]*(?:from|import)[ \t]+keras\.(?:engine\.topology|legacy)\b/m,
    () => trans.__('it imports keras.engine.topology or keras.legacy, which only standalone Keras ≤ 2.3 has')
  ],
  [
    new RegExp(
      String.raw`^[ \t]*from[ \t]+keras(?:\.layers)?[ \t]+import${IMPORT_LIST}\bCuDNN(?:LSTM|GRU)\b|(?<![\w.])keras\.layers\.CuDNN(?:LSTM|GRU)\b`,
      'm'
    ),
    () => trans.__('it takes CuDNNLSTM / CuDNNGRU from standalone keras, which only Keras 2.0.9–2.3 has')
  ],
  [
    /(?<![\w.])(?:border_mode|subsample|subsample_length|nb_epoch|dim_ordering|W_regularizer|b_regularizer|W_constraint|inner_init|nb_filter|filter_length|pool_length|nb_row|nb_col|dropout_W|dropout_U|consume_less)[ \t]*=(?!=)/,
    () => trans.__("it uses Keras 1's argument names (border_mode=, nb_epoch=, …), which only standalone Keras 2.0–2.3 converts")
  ],
  [
    /\bConvolution[23]D\([ \t]*[\w.]+[ \t]*,[ \t]*\d+[ \t]*,[ \t]*\d+[ \t]*[,)]|(?<!\w)Model\(\s*input\s*=(?!=)/,
    () => trans.__("it uses Keras 1's Convolution2D(filters, rows, cols) or Model(input=, output=), which only standalone Keras 2.0–2.3 converts")
  ]
];

/**
 * Code only Keras 3 runs: `keras.ops`, `keras.config`, `keras.random`, a JAX, PyTorch or NumPy backend, keras_hub
 * and keras_core. What Keras 3 alone prints (the optimizer's variables after `fit`) is stated only for such code,
 * or when the user says which Keras.
 */
const KERAS3_MARKERS: Array<[RegExp, () => string]> = [
  [
    /(?<![\w.])keras\.(?:ops|config|random)\.\w|^[ \t]*from[ \t]+keras[ \t]+import[ \t]+(?:\([^)]*?\bops\b|[^\n#]*\bops\b)|^[ \t]*(?:from|import)[ \t]+keras\.ops\b/m,
    () => trans.__('it uses keras.ops, keras.config or keras.random, which only Keras 3 has')
  ],
  [
    /\bKERAS_BACKEND\b['"]?\s*\]?\s*[=,]\s*['"](?:jax|torch|numpy|openvino)['"]/,
    () => trans.__('it picks a JAX, PyTorch or NumPy backend, which only Keras 3 has')
  ],
  [/^[ \t]*(?:from|import)[ \t]+(?:keras_hub|keras_core)\b/m, () => trans.__('it imports keras_hub or keras_core, which need Keras 3')]
];

/** What Keras 3's own `keras.backend` has (3.15): its other functions moved to `keras.ops`. */
const KERAS3_BACKEND = new Set([
  'backend',
  'clear_session',
  'epsilon',
  'floatx',
  'get_uid',
  'image_data_format',
  'is_float_dtype',
  'is_int_dtype',
  'is_keras_tensor',
  'result_type',
  'set_epsilon',
  'set_floatx',
  'set_image_data_format',
  'standardize_dtype'
]);
/** tf.keras 2's backend functions that not even Keras 3's `tf.keras.backend` (its tf.keras compatibility module) keeps. */
const TF_KERAS2_ONLY_BACKEND = new Set([
  'function',
  'in_test_phase',
  'in_train_phase',
  'learning_phase',
  'learning_phase_scope',
  'local_conv1d',
  'local_conv2d',
  'manual_variable_initialization',
  'normalize_batch_in_training',
  'placeholder',
  'print_tensor',
  'random_binomial',
  'reset_uids',
  'set_learning_phase',
  'get_session',
  'set_session'
]);

/**
 * A backend function Keras 3 does not have (`K.sum`, `K.random_normal`, `K.set_learning_phase`): standalone
 * `keras.backend` kept only a few in Keras 3, `tensorflow.keras.backend` most of them.
 */
function backendMarker(cells: Array<{ index: number | null; source: string }>): IDetectedVersion | null {
  const aliases = new Map<string, boolean>(); // alias → whether it is tensorflow's
  const imports =
    /^[ \t]*(?:from[ \t]+(tensorflow\.)?keras[ \t]+import[ \t]+backend[ \t]+as[ \t]+(\w+)|import[ \t]+(tensorflow\.)?keras\.backend[ \t]+as[ \t]+(\w+))/gm;
  for (const cell of cells) for (const m of cell.source.matchAll(imports)) aliases.set(m[2] ?? m[4], !!(m[1] ?? m[3]));
  // `from tensorflow import keras`: a bare `keras.backend` is tf.keras's.
  const kerasIsTf = cells.some(c =>
    /^[ \t]*(?:from[ \t]+tensorflow[ \t]+import[ \t]+(?:[^\n#]*,[ \t]*)?keras\b(?![ \t]+as)|import[ \t]+tensorflow\.keras[ \t]+as[ \t]+keras\b)/m.test(
      c.source
    )
  );
  const names = [...aliases.keys()].map(a => a.replace(/\W/g, ''));
  const uses = new RegExp(String.raw`(?<![\w.])(?:(tf\.|tensorflow\.)?keras\.backend${names.length ? `|${names.join('|')}` : ''})\.(\w+)\b`, 'g');
  for (const cell of cells)
    for (const m of cell.source.matchAll(uses)) {
      const head = m[0].slice(0, m[0].length - m[2].length - 1);
      const tensorflow = aliases.has(head) ? aliases.get(head)! : !!m[1] || kerasIsTf;
      if (tensorflow ? !TF_KERAS2_ONLY_BACKEND.has(m[2]) : KERAS3_BACKEND.has(m[2])) continue;
      const location = codeLocation(cell, m.index);
      if (!location) continue;
      return { release: { major: 2, minor: null }, reason: trans.__('it calls %1, which Keras 3 does not have', `${head}.${m[2]}()`), location };
    }
  return null;
}

/**
 * Keras 2 when the source can only be Keras 2 code (2.3 when only standalone Keras ≤ 2.3), Keras 3 when only
 * Keras 3 code; null when nothing says which (Keras 3 applies, and what only Keras 3 prints is not stated).
 */
export function detectKerasVersion(cells: Array<{ index: number | null; source: string }>): IDetectedVersion | null {
  const legacy = findMarker(cells, STANDALONE_23_MARKERS);
  if (legacy) return { ...legacy, release: { major: 2, minor: 3 } };
  const keras2 = findMarker(cells, KERAS2_MARKERS) ?? backendMarker(cells);
  if (keras2) return keras2;
  const keras3 = findMarker(cells, KERAS3_MARKERS);
  return keras3 && { ...keras3, release: { major: 3, minor: null } };
}

function findMarker(cells: Array<{ index: number | null; source: string }>, markers: Array<[RegExp, () => string]>): IDetectedVersion | null {
  for (const [pattern, reason] of markers) {
    for (const cell of cells) {
      const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
      for (const m of cell.source.matchAll(global)) {
        const location = codeLocation(cell, m.index + (m[0].length - m[0].trimStart().length));
        if (location) return { release: { major: 2, minor: null }, reason: reason(), location };
      }
    }
  }
  return null;
}

/** Where offset `at` of a cell is, or null when it is in a comment (or a string with '#': rare, and only a hint lost). */
function codeLocation(cell: { index: number | null; source: string }, at: number): ILocation | null {
  const lineStart = cell.source.lastIndexOf('\n', at - 1) + 1;
  if (cell.source.slice(lineStart, at).includes('#')) return null;
  return { cell: cell.index, line: cell.source.slice(0, lineStart).split('\n').length, column: at - lineStart + 1 };
}

/** What callers may pass: a major version, a parsed release, or the text the user wrote (`'2.3'`). */
export type KerasVersionOption = KerasVersion | IKerasRelease | string;

export function toRelease(v: KerasVersionOption): IKerasRelease {
  if (typeof v === 'object') return v;
  const r = parseKerasVersion(v);
  if (!r) throw new Error(trans.__('not a Keras version: %1 (expected 2, 3 or major.minor such as 2.3, 2.15, 3.x)', JSON.stringify(v)));
  return r;
}
