/**
 * Keras 1's argument names and positional forms, as standalone Keras 2.0–2.3 still took them
 * (`keras/legacy/interfaces.py`: each legacy name converted, with a warning): `Convolution2D(32, 3, 3,
 * border_mode='same', subsample=(2, 2))` is `Conv2D(32, (3, 3), padding='same', strides=(2, 2))`,
 * `Dense(output_dim=64)` is `Dense(units=64)`, `LSTM(…, dropout_W=0.2)` is `dropout=0.2`,
 * `Model(input=…, output=…)` is `Model(inputs=…, outputs=…)`. tf.keras never took them (a TypeError there).
 */
import { AnalysisError } from '../types';
import type { ConfigValue } from '../config/value';
import type { ICallArgs } from './construct';
import { trans } from '../i18n/current';

type Arg = ICallArgs['positional'][number];

/** The renames every layer family shares. */
const COMMON: Record<string, string> = {
  init: 'kernel_initializer',
  W_regularizer: 'kernel_regularizer',
  b_regularizer: 'bias_regularizer',
  W_constraint: 'kernel_constraint',
  b_constraint: 'bias_constraint',
  bias: 'use_bias'
};

const CONV: Record<string, string> = {
  ...COMMON,
  nb_filter: 'filters',
  filter_length: 'kernel_size',
  subsample_length: 'strides',
  subsample: 'strides',
  border_mode: 'padding',
  dim_ordering: 'data_format',
  atrous_rate: 'dilation_rate'
};

const POOL: Record<string, string> = { pool_length: 'pool_size', stride: 'strides', border_mode: 'padding', dim_ordering: 'data_format' };

const RNN: Record<string, string> = {
  ...COMMON,
  output_dim: 'units',
  inner_init: 'recurrent_initializer',
  inner_activation: 'recurrent_activation',
  U_regularizer: 'recurrent_regularizer',
  U_constraint: 'recurrent_constraint',
  dropout_W: 'dropout',
  dropout_U: 'recurrent_dropout',
  consume_less: 'implementation'
};

/** Per layer class (the catalogue's name): Keras 1 keyword → Keras 2 keyword. */
function renamesFor(className: string): Record<string, string> | null {
  if (className === 'Dense') return { ...COMMON, output_dim: 'units' };
  if (/^(Conv|SeparableConv|DepthwiseConv)[123]D(Transpose)?$|^LocallyConnected[12]D$/.test(className)) return CONV;
  if (/^(Max|Average)Pooling[123]D$/.test(className)) return POOL;
  if (/^(Global(Max|Average)Pooling|UpSampling|ZeroPadding|Cropping)[123]D$/.test(className)) return { dim_ordering: 'data_format' };
  if (/^(SimpleRNN|LSTM|GRU)$/.test(className)) return RNN;
  if (className === 'Embedding')
    return { init: 'embeddings_initializer', W_regularizer: 'embeddings_regularizer', W_constraint: 'embeddings_constraint' };
  if (className === 'Dropout' || className === 'GaussianDropout' || /^SpatialDropout[123]D$/.test(className)) return { p: 'rate' };
  if (className === 'GaussianNoise') return { sigma: 'stddev' };
  if (className === 'PReLU') return { init: 'alpha_initializer' };
  if (className === 'UpSampling1D') return { length: 'size' };
  if (className === 'BatchNormalization') return { beta_init: 'beta_initializer', gamma_init: 'gamma_initializer' };
  return null;
}

/** Keras 1 argument values Keras 2 spells otherwise. */
function convertedValue(keyword: string, v: ConfigValue): ConfigValue {
  if (keyword === 'data_format' && v.kind === 'str')
    return v.value === 'th' ? { kind: 'str', value: 'channels_first' } : v.value === 'tf' ? { kind: 'str', value: 'channels_last' } : v;
  if (keyword === 'implementation' && v.kind === 'str' && ['cpu', 'mem', 'gpu'].includes(v.value))
    return { kind: 'int', value: BigInt(['cpu', 'mem', 'gpu'].indexOf(v.value)) };
  return v;
}

/** Keras 1 arguments that Keras 2.0–2.3 dropped with a warning, per class (they change no shape or count). */
function dropped(className: string, keyword: string): boolean {
  if (className === 'Embedding') return keyword === 'dropout';
  if (className === 'Conv2DTranspose') return keyword === 'output_shape';
  if (className === 'BatchNormalization') return keyword === 'mode';
  return false;
}

/**
 * The layer call's arguments as Keras 2.0–2.3 read them. `Convolution2D(32, 3, 3)`: the kernel's sizes given
 * one by one (`nb_row`, `nb_col` positionally or by keyword) become `kernel_size`.
 */
export function keras1Arguments(className: string, args: ICallArgs): ICallArgs {
  const renames = renamesFor(className);
  if (!renames) return args;
  let positional: Arg[] = args.positional;
  const keywords = new Map<string, Arg>();
  const conv = /^(Conv|SeparableConv|DepthwiseConv)([23])D(Transpose)?$/.exec(className);
  if (conv && !className.startsWith('Depthwise')) {
    const rank = Number(conv[2]);
    // (filters, nb_row, nb_col[, nb_depth]): the sizes after filters, each an int, are the kernel's.
    const sizes = positional.slice(1, 1 + rank);
    if (sizes.length === rank && sizes.every(a => a.value.kind === 'int')) {
      // Keras refuses the Keras 2 names beside this form (kernel_size and strides both positional ints?).
      const clash = ['padding', 'strides', 'data_format'].find(k => args.keywords.has(k));
      if (clash)
        throw new AnalysisError(
          trans.__('%1: Keras raises ValueError: the sizes of a Keras 1 kernel given one by one, with %2= beside them', className, clash),
          sizes[0].location
        );
      // Deconvolution2D's Keras 1 output_shape, after the kernel's sizes, is dropped.
      const rest = positional.slice(1 + rank).filter(a => !(className === 'Conv2DTranspose' && a.value.kind === 'tuple'));
      positional = [positional[0], { value: { kind: 'tuple', items: sizes.map(a => a.value) }, location: sizes[0].location }, ...rest];
    }
    // (filters, nb_row, nb_col=…) and (filters, nb_row=…, nb_col=…).
    const nbCol = args.keywords.get('nb_col');
    if (rank === 2 && positional.length === 2 && positional[1].value.kind === 'int' && nbCol?.value.kind === 'int')
      positional = [positional[0], { value: { kind: 'tuple', items: [positional[1].value, nbCol.value] }, location: positional[1].location }];
    else {
      const byName = ['nb_row', 'nb_col', 'kernel_dim3'].slice(0, rank).map(k => args.keywords.get(k));
      if (byName.every(a => a && a.value.kind === 'int'))
        keywords.set('kernel_size', { value: { kind: 'tuple', items: byName.map(a => a!.value) }, location: byName[0]!.location });
    }
  }
  for (const [k, a] of args.keywords) {
    if (conv && (k === 'nb_row' || k === 'nb_col' || k === 'kernel_dim3')) continue;
    if (dropped(className, k)) continue;
    if (className === 'SeparableConv2D' && k === 'init') {
      keywords.set('depthwise_initializer', a);
      keywords.set('pointwise_initializer', a);
      continue;
    }
    if (/^(SimpleRNN|LSTM|GRU)$/.test(className) && k === 'forget_bias_init') {
      if (a.value.kind === 'str' && a.value.value === 'one') keywords.set('unit_forget_bias', { ...a, value: { kind: 'bool', value: true } });
      continue;
    }
    const to = renames[k];
    // A Keras 2 name given too wins, as in Keras's converter (which refuses both).
    if (to && !args.keywords.has(to)) keywords.set(to, { ...a, value: convertedValue(to, a.value) });
    else keywords.set(k, a);
  }
  // Conv1D(…, input_dim=, input_length=): Keras 2.0–2.3 made them input_shape=(input_length, input_dim).
  const inputDim = keywords.get('input_dim');
  if (/^(Conv|SeparableConv)1D$/.test(className) && inputDim && !keywords.has('input_shape')) {
    const length = keywords.get('input_length');
    keywords.delete('input_dim');
    keywords.delete('input_length');
    keywords.set('input_shape', { ...inputDim, value: { kind: 'tuple', items: [length?.value ?? { kind: 'none' }, inputDim.value] } });
  }
  return { positional, keywords };
}

/** `Model(input=…, output=…)`: Keras 1's names of `inputs` and `outputs`. */
export function keras1ModelArguments(args: ICallArgs): ICallArgs {
  const keywords = new Map(args.keywords);
  for (const [from, to] of [
    ['input', 'inputs'],
    ['output', 'outputs']
  ] as const) {
    const a = keywords.get(from);
    if (a && !keywords.has(to)) {
      keywords.delete(from);
      keywords.set(to, a);
    }
  }
  return { positional: args.positional, keywords };
}
