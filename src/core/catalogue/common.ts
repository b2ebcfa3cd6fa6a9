/** Helpers the catalogue families share: data formats, spatial axes, identity layers. */
import { AnalysisError, type Shape } from '../types';
import { input0, params, single, type Args, type IBuildContext, type ILayerSpec, type IParamDef } from './spec';
import { trans } from '../i18n/current';

export type DataFormat = 'channels_last' | 'channels_first';

export function dataFormat(args: Args): DataFormat {
  return (args.optionalStr('data_format', ['channels_last', 'channels_first']) as DataFormat | null) ?? 'channels_last';
}

/** Splits `(batch, *spatial, channels)` (or channels-first) into its parts. */
export function splitChannels(shape: Shape, format: DataFormat, spatialRank: number, className: string) {
  if (shape.length !== spatialRank + 2) {
    throw new AnalysisError(
      trans.__(
        '%1 expects input of rank %2 (batch, %3, channels), got rank %4',
        className,
        spatialRank + 2,
        spatialRank === 1 ? 'steps' : trans.__('%1 spatial axes', spatialRank),
        shape.length
      )
    );
  }
  const channels = format === 'channels_last' ? shape[shape.length - 1] : shape[1];
  const spatial = format === 'channels_last' ? shape.slice(1, -1) : shape.slice(2);
  return { batch: shape[0], channels, spatial };
}

export function joinChannels(batch: Shape[number], spatial: Shape, channels: Shape[number], format: DataFormat): Shape {
  return format === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** The keyword arguments every Keras layer accepts on top of its own signature. */
export const BASE_LAYER_KWARGS: ReadonlySet<string> = new Set([
  'name',
  'trainable',
  'dtype',
  'input_shape',
  'batch_input_shape',
  'batch_size',
  'input_dim',
  'input_length',
  'weights',
  'activity_regularizer',
  'autocast',
  'dynamic',
  'seed',
  'lora_rank',
  'lora_alpha',
  'quantization_config'
]);

/** A layer whose output has the shape of its input and which owns no weights. */
export function identityLayer(name: string, signature: Array<string | IParamDef>, aliases?: string[]): ILayerSpec {
  return {
    name,
    aliases,
    params: params(...signature),
    outputs: (ctx: IBuildContext) => single(input0(ctx))
  };
}

export const int = (n: number | bigint) => BigInt(n);
