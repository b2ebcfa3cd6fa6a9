/**
 * Preprocessing layers whose output size (or weights) comes from their arguments: the lookup layers and
 * TextVectorization sized by a literal `vocabulary` or `max_tokens`, Normalization's statistics,
 * CategoryEncoding, Hashing, HashedCrossing, Discretization, and the audio spectrograms.
 * Shapes follow each layer's `compute_output_shape` in keras.src.layers.preprocessing.
 */
import { AnalysisError, NeedsKernelError, type Dim, type Shape } from '../types';
import { sameEverywhere, weight } from '../keras/weights';
import { normalizeAxis, windowOutput, type Padding } from '../keras/shape-math';
import { describe, sequenceItems, type Value } from '../config/value';
import { input0, params, single, type Args, type IBuildContext, type ILayerSpec } from './spec';
import { dataFormat } from './common';
import { trans } from '../i18n/current';

/** Keras' spellings: 'binary' is multi_hot, 'tf-idf' is tf_idf (index_lookup.IndexLookup.__init__). */
function outputMode(args: Args, allowed: readonly string[]): string {
  const raw = args.raw('output_mode');
  const mode =
    raw.kind === 'str'
      ? raw.value
          .toLowerCase()
          .replace(/^binary$/, 'multi_hot')
          .replace(/^tf-idf$/, 'tf_idf')
      : '';
  if (!allowed.includes(mode)) args.fail('output_mode', trans.__('one of %1', allowed.map(a => `'${a}'`).join(', ')));
  return mode;
}

const LOOKUP_MODES = ['int', 'one_hot', 'multi_hot', 'count', 'tf_idf'];

/** The vocabulary given as a literal list (or tuple): its tokens, or null when not given. */
function literalVocabulary(args: Args): Value[] | null {
  if (!args.has('vocabulary')) return null;
  const v = args.raw('vocabulary');
  const items = sequenceItems(v);
  if (items && items.some(i => i.kind !== 'str' && i.kind !== 'int' && i.kind !== 'unknown')) {
    throw new AnalysisError(
      trans.__('%1: the vocabulary must hold tokens (strings, or integers for IntegerLookup), got %2', args.className, describe(v)),
      args.locationOf('vocabulary')
    );
  }
  if (!items || !items.every(i => i.kind === 'str' || i.kind === 'int')) {
    throw new NeedsKernelError(
      trans.__(
        '%1: its vocabulary is not a literal list (%2), so its size needs the running kernel',
        args.className,
        v.kind === 'str' ? trans.__('a file path') : v.kind === 'unknown' ? v.why : v.kind
      ),
      args.locationOf('vocabulary')
    );
  }
  const seen = new Set<string>();
  for (const t of items) {
    const key = String((t as { value: unknown }).value);
    if (seen.has(key))
      throw new AnalysisError(trans.__("%1: the vocabulary has the token '%2' more than once", args.className, key), args.locationOf('vocabulary'));
    seen.add(key);
  }
  return items;
}

interface ILookup {
  /** `vocabulary_size()`: tokens + OOV indices + the mask index (in int mode); null when it depends on adapt(). */
  vocabularySize: bigint | null;
  /** The depth of encoded outputs: max_tokens when padded, else the vocabulary size. */
  depth: Dim;
  mode: string;
}

/** keras.src.layers.preprocessing.index_lookup.IndexLookup: its vocabulary size and encoded depth. */
function lookup(args: Args, maskToken: Value, oovToken: Value, numOov: bigint, mode: string): ILookup {
  const vocabulary = literalVocabulary(args);
  const maxTokens = args.optionalInt('max_tokens');
  if (maxTokens !== null && maxTokens <= 1n) args.fail('max_tokens', trans.__('greater than 1'));
  let vocabularySize: bigint | null = null;
  if (vocabulary) {
    const special = [maskToken, oovToken].filter(t => t.kind === 'str' || t.kind === 'int').map(t => String((t as { value: unknown }).value));
    const clash = vocabulary.find(t => special.includes(String((t as { value: unknown }).value)));
    if (clash) {
      throw new NeedsKernelError(
        trans.__(
          "%1: the vocabulary holds its mask or OOV token '%2', whose placement Keras decides when it runs; its size needs the running kernel",
          args.className,
          String((clash as { value: unknown }).value)
        ),
        args.locationOf('vocabulary')
      );
    }
    vocabularySize = BigInt(vocabulary.length) + numOov + (maskToken.kind !== 'none' && mode === 'int' ? 1n : 0n);
    if (maxTokens !== null && vocabularySize > maxTokens) {
      throw new AnalysisError(
        trans.__('%1: the vocabulary gives %2 indices, more than max_tokens=%3', args.className, vocabularySize, maxTokens),
        args.locationOf('vocabulary')
      );
    }
  }
  const pad = args.has('pad_to_max_tokens') && args.bool('pad_to_max_tokens');
  // The constructor checks of keras.src IndexLookup and set_vocabulary, in their order.
  if (pad && maxTokens === null) args.fail('max_tokens', trans.__('set when pad_to_max_tokens=True'));
  if (mode !== 'int' && args.has('invert') && args.bool('invert')) args.fail('output_mode', trans.__("'int' when invert=True"));
  if (args.has('idf_weights') && mode !== 'tf_idf') args.fail('idf_weights', trans.__("None unless output_mode='tf_idf'"));
  if (vocabulary && mode === 'tf_idf' && !args.has('idf_weights'))
    args.fail('idf_weights', trans.__("set with a vocabulary when output_mode='tf_idf'"));
  return { vocabularySize, depth: pad ? maxTokens : vocabularySize, mode };
}

/** IndexLookup.compute_output_shape; tf_keras encodes to (batch, depth) whatever the input rank. */
function lookupOutput(input: Shape, l: ILookup, className: string, kerasVersion: number): Shape {
  if (l.mode === 'int') return input;
  if (l.depth === null) {
    throw new NeedsKernelError(
      trans.__(
        "%1: with output_mode='%2' its output size is the size of the vocabulary adapt() learns from data (give a vocabulary, or pad_to_max_tokens=True): it needs the running kernel",
        className,
        l.mode
      )
    );
  }
  if (kerasVersion === 2) return [input[0] ?? null, l.depth];
  if (l.mode === 'one_hot') return input.length > 1 && input[input.length - 1] === 1n ? [...input.slice(0, -1), l.depth] : [...input, l.depth];
  return [...input.slice(0, -1), l.depth];
}

function indexLookup(ctxArgs: Args): ILookup {
  const mode = outputMode(ctxArgs, LOOKUP_MODES);
  const numOov = ctxArgs.int('num_oov_indices');
  if (numOov < 0n) ctxArgs.fail('num_oov_indices', trans.__('a non-negative integer'));
  return lookup(ctxArgs, ctxArgs.raw('mask_token'), ctxArgs.raw('oov_token'), numOov, mode);
}

const vocabularySizeMethod = (lookupOf: (a: Args) => ILookup) => ({
  vocabulary_size(args: Args): Value {
    let size: bigint | null;
    try {
      size = lookupOf(args).vocabularySize;
    } catch (e) {
      if (e instanceof NeedsKernelError) return { kind: 'unknown', why: e.message };
      throw e;
    }
    if (size === null)
      return {
        kind: 'unknown',
        why: trans.__('%1.vocabulary_size() depends on the vocabulary adapt() learns from data: it needs the running kernel', args.className)
      };
    return { kind: 'int', value: size };
  },
  /** `get_vocabulary()`: one token per index (mask, OOV tokens, then the vocabulary), as long as vocabulary_size(). */
  get_vocabulary(args: Args): Value {
    const size = this.vocabulary_size(args);
    if (size.kind !== 'int') return size;
    let vocabulary: Value[];
    try {
      vocabulary = literalVocabulary(args) ?? [];
    } catch (e) {
      if (e instanceof NeedsKernelError) return { kind: 'unknown', why: e.message };
      throw e;
    }
    // The indices before the vocabulary: the mask's first when it has one, then the OOV tokens.
    const special = Number(size.value) - vocabulary.length;
    const mask = args.raw('mask_token');
    const oov = args.has('oov_token') ? args.raw('oov_token') : { kind: 'str' as const, value: '[UNK]' };
    const numOov = args.has('num_oov_indices') ? Number(args.int('num_oov_indices')) : 1;
    const head: Value[] = Array.from({ length: special }, (_, i) => (i === 0 && special > numOov ? mask : oov));
    return { kind: 'list', items: [...head, ...vocabulary] };
  }
});

const stringLookup: ILayerSpec = {
  name: 'StringLookup',
  params: params(
    'max_tokens=None',
    'num_oov_indices=1',
    'mask_token=None',
    "oov_token='[UNK]'",
    'vocabulary=None',
    'idf_weights=None',
    'invert=False',
    "output_mode='int'",
    'pad_to_max_tokens=False',
    'sparse=False',
    "encoding='utf-8'",
    'name=None',
    'salt=None'
  ),
  keras2Params: params(
    'max_tokens=None',
    'num_oov_indices=1',
    'mask_token=None',
    "oov_token='[UNK]'",
    'vocabulary=None',
    'idf_weights=None',
    "encoding='utf-8'",
    'invert=False',
    "output_mode='int'",
    'sparse=False',
    'pad_to_max_tokens=False'
  ),
  outputs: ctx => single(lookupOutput(input0(ctx), indexLookup(ctx.args), ctx.args.className, ctx.kerasVersion)),
  methods: vocabularySizeMethod(indexLookup)
};

const integerLookup: ILayerSpec = {
  name: 'IntegerLookup',
  params: params(
    'max_tokens=None',
    'num_oov_indices=1',
    'mask_token=None',
    'oov_token=-1',
    'vocabulary=None',
    "vocabulary_dtype='int64'",
    'idf_weights=None',
    'invert=False',
    "output_mode='int'",
    'sparse=False',
    'pad_to_max_tokens=False',
    "oov_method='floormod'",
    'salt=None',
    'name=None'
  ),
  outputs: ctx => single(lookupOutput(input0(ctx), indexLookup(ctx.args), ctx.args.className, ctx.kerasVersion)),
  methods: vocabularySizeMethod(indexLookup)
};

/** TextVectorization's StringLookup: mask '' (in int mode), OOV '[UNK]', one OOV index. */
function textLookup(args: Args): ILookup {
  const mode = outputMode(args, ['int', 'multi_hot', 'count', 'tf_idf']);
  if (mode !== 'int' && args.has('output_sequence_length')) args.fail('output_sequence_length', trans.__("None unless output_mode='int'"));
  if (mode !== 'int' && args.has('ragged') && args.bool('ragged')) args.fail('ragged', trans.__("False unless output_mode='int'"));
  return lookup(args, { kind: 'str', value: '' }, { kind: 'str', value: '[UNK]' }, 1n, mode);
}

const textVectorization: ILayerSpec = {
  name: 'TextVectorization',
  params: params(
    'max_tokens=None',
    "standardize='lower_and_strip_punctuation'",
    "split='whitespace'",
    'ngrams=None',
    "output_mode='int'",
    'output_sequence_length=None',
    'pad_to_max_tokens=False',
    'vocabulary=None',
    'idf_weights=None',
    'sparse=False',
    'ragged=False',
    "encoding='utf-8'",
    'name=None'
  ),
  // Its constructor builds an auto-named StringLookup.
  constructedSublayers: () => ['string_lookup'],
  outputs(ctx) {
    const l = textLookup(ctx.args);
    const input = input0(ctx);
    if (l.mode === 'int') return single([input[0] ?? null, ctx.args.optionalInt('output_sequence_length')]);
    // Split text gains a token axis; unsplit text is one token per sample.
    const split = ctx.args.has('split');
    const tokens: Shape = split ? [...input, null] : input.length <= 1 ? [...input, 1n] : input;
    return single(lookupOutput(tokens, l, 'TextVectorization', ctx.kerasVersion));
  },
  methods: vocabularySizeMethod(textLookup)
};

/** The normalized axes' sizes: mean and variance have that shape. */
function statisticsShape(ctx: IBuildContext, input: Shape): bigint[] {
  if (!ctx.args.has('axis')) return [];
  const axes = ctx.args.intList('axis').map(a => normalizeAxis(a, input.length, trans.__('Normalization axis')));
  return axes.map(a => {
    const d = input[a];
    if (d === null)
      throw new AnalysisError(trans.__("Normalization needs its input's axis %1 to be known to hold a mean and a variance per index", a));
    return d;
  });
}

const normalization: ILayerSpec = {
  name: 'Normalization',
  params: params('axis=-1', 'mean=None', 'variance=None', 'invert=False'),
  weights(ctx) {
    // Given mean and variance are constants, not weights; otherwise adapt() fills these non-trainable ones.
    if (ctx.args.has('mean') && ctx.args.has('variance')) return sameEverywhere([]);
    const shape = statisticsShape(ctx, input0(ctx));
    // count is an int64 (8 bytes a value), which Keras's memory figure counts as such.
    return sameEverywhere([weight('mean', shape, false), weight('variance', shape, false), weight('count', [], false, 8n)]);
  },
  outputs: ctx => single(input0(ctx))
};

const categoryEncoding: ILayerSpec = {
  name: 'CategoryEncoding',
  params: params('num_tokens=None', "output_mode='multi_hot'", 'sparse=False'),
  outputs(ctx) {
    if (!ctx.args.has('num_tokens')) ctx.args.fail('num_tokens', 'set');
    const n = ctx.args.positiveInt('num_tokens');
    const mode = outputMode(ctx.args, ['one_hot', 'multi_hot', 'count']);
    const input = input0(ctx);
    if (input.length === 0) return single([n]);
    if (ctx.kerasVersion === 2 && mode === 'one_hot' && input.length > 1 && input[input.length - 1] !== 1n) {
      throw new AnalysisError(
        trans.__(
          'tf.keras CategoryEncoding one_hot encodes inputs of shape (batch,) or (batch, 1), got %1-D input with last axis %2',
          input.length,
          input[input.length - 1] ?? 'None'
        )
      );
    }
    if (mode === 'one_hot' && (input[input.length - 1] !== 1n || input.length === 1)) return single([...input, n]);
    return single([...input.slice(0, -1), n]);
  }
};

const hashing: ILayerSpec = {
  name: 'Hashing',
  params: params('num_bins', 'mask_value=None', 'salt=None', "output_mode='int'", 'sparse=False'),
  outputs(ctx) {
    const bins = ctx.args.positiveInt('num_bins');
    const input = input0(ctx);
    if (outputMode(ctx.args, ['int', 'one_hot', 'multi_hot', 'count']) === 'int') return single(input);
    return single(input.length === 0 ? [bins] : [...input.slice(0, -1), bins]);
  }
};

const hashedCrossing: ILayerSpec = {
  name: 'HashedCrossing',
  params: params('num_bins', "output_mode='int'", 'sparse=False', 'name=None', 'dtype=None'),
  callStyle: 'list',
  outputs(ctx) {
    const bins = ctx.args.positiveInt('num_bins');
    const mode = outputMode(ctx.args, ['int', 'one_hot']);
    const [a, b] = ctx.inputs;
    if (ctx.inputs.length !== 2) throw new AnalysisError(trans.__('HashedCrossing crosses exactly 2 inputs, got %1', ctx.inputs.length));
    if (a[a.length - 1] !== b[b.length - 1]) throw new AnalysisError(trans.__('HashedCrossing needs its two inputs to have the same shape'));
    if (mode === 'int') return single(a);
    if (mode === 'one_hot' && a[a.length - 1] !== 1n) return single([...a, bins]);
    return single([...a.slice(0, -1), bins]);
  }
};

const discretization: ILayerSpec = {
  name: 'Discretization',
  params: params('bin_boundaries=None', 'num_bins=None', 'epsilon=0.01', "output_mode='int'", 'sparse=False', 'dtype=None', 'name=None'),
  outputs(ctx) {
    const mode = outputMode(ctx.args, ['int', 'one_hot', 'multi_hot', 'count']);
    const input = input0(ctx);
    if (mode === 'int') return single(input);
    let depth: bigint;
    if (ctx.args.has('bin_boundaries')) {
      const items = sequenceItems(ctx.args.raw('bin_boundaries')) ?? ctx.args.fail('bin_boundaries', trans.__('a list of numbers'));
      depth = BigInt(items.length) + 1n;
    } else if (ctx.args.has('num_bins')) depth = ctx.args.positiveInt('num_bins');
    else throw new AnalysisError(trans.__('Discretization needs bin_boundaries or num_bins'));
    if (mode === 'one_hot') return single(input.length > 1 && input[input.length - 1] === 1n ? [...input.slice(0, -1), depth] : [...input, depth]);
    return single(input.length >= 2 ? [input[0], ...input.slice(2), depth] : [depth]);
  }
};

const melSpectrogram: ILayerSpec = {
  name: 'MelSpectrogram',
  params: params(
    'fft_length=2048',
    'sequence_stride=512',
    'sequence_length=None',
    "window='hann'",
    'sampling_rate=16000',
    'num_mel_bins=128',
    'min_freq=20.0',
    'max_freq=None',
    'power_to_db=True',
    'top_db=80.0',
    'mag_exp=2.0',
    'min_power=1e-10',
    'ref_power=1.0'
  ),
  outputs(ctx) {
    const input = input0(ctx);
    const stride = ctx.args.positiveInt('sequence_stride');
    const bins = ctx.args.positiveInt('num_mel_bins');
    const frames = (t: Dim) => (t === null ? null : (t + stride + 1n) / stride);
    if (input.length === 1) return single([bins, frames(input[0])]);
    return single([input[0], bins, frames(input[1])]);
  }
};

function stftGeometry(ctx: IBuildContext) {
  const frameLength = ctx.args.positiveInt('frame_length');
  const fft = ctx.args.optionalInt('fft_length') ?? 2n ** BigInt(Math.ceil(Math.log2(Number(frameLength))));
  if (fft < frameLength) ctx.args.fail('fft_length', trans.__('at least frame_length (%1)', frameLength));
  const mode = ctx.args.str('mode', ['log', 'magnitude', 'psd', 'real', 'imag', 'angle', 'stft']);
  return { frameLength, fft, mode, bins: fft / 2n + 1n };
}

const stftSpectrogram: ILayerSpec = {
  name: 'STFTSpectrogram',
  params: params(
    "mode='log'",
    'frame_length=256',
    'frame_step=None',
    'fft_length=None',
    "window='hann'",
    'periodic=False',
    "scaling='density'",
    "padding='valid'",
    'expand_dims=False',
    'data_format=None'
  ),
  weights(ctx) {
    // One convolution kernel per part of the transform it needs (keras.src STFTSpectrogram.build).
    const g = stftGeometry(ctx);
    const shape = [g.frameLength, 1n, g.bins];
    return sameEverywhere([
      ...(g.mode !== 'imag' ? [weight('real_kernel', shape)] : []),
      ...(g.mode !== 'real' ? [weight('imag_kernel', shape)] : [])
    ]);
  },
  outputs(ctx) {
    const g = stftGeometry(ctx);
    const input = input0(ctx, 3, 3);
    const format = dataFormat(ctx.args);
    const step = ctx.args.optionalInt('frame_step') ?? g.frameLength / 2n;
    const padding = ctx.args.str('padding', ['valid', 'same']) as Padding;
    const [length, channels] = format === 'channels_last' ? [input[1], input[2]] : [input[2], input[1]];
    const time = windowOutput(length, g.frameLength, step, padding);
    const freq = g.mode === 'stft' ? g.bins * 2n : g.bins;
    if (ctx.args.bool('expand_dims')) return single(format === 'channels_last' ? [input[0], time, freq, channels] : [input[0], channels, time, freq]);
    const features = channels === null ? null : freq * channels;
    return single(format === 'channels_last' ? [input[0], time, features] : [input[0], features, time]);
  }
};

export const preprocessingLayers: ILayerSpec[] = [
  stringLookup,
  integerLookup,
  textVectorization,
  normalization,
  categoryEncoding,
  hashing,
  hashedCrossing,
  discretization,
  melSpectrogram,
  stftSpectrogram
];
