/** Reshaping layers: Flatten, Reshape, Permute, RepeatVector. No weights. */
import { AnalysisError, type Dim } from '../types';
import { formatShape, product } from '../keras/shape-math';
import { input0, params, single, type ILayerSpec } from './spec';
import { sequenceItems } from '../config/value';
import { trans } from '../i18n/current';

const flatten: ILayerSpec = {
  name: 'Flatten',
  params: params('data_format=None'),
  outputs(ctx) {
    const s = input0(ctx, 1);
    return single([s[0], product(s.slice(1))]);
  }
};

const reshape: ILayerSpec = {
  name: 'Reshape',
  params: params('target_shape'),
  outputs(ctx) {
    const items = sequenceItems(ctx.args.raw('target_shape'));
    if (!items || !items.every(i => i.kind === 'int')) return ctx.args.fail('target_shape', trans.__('a tuple of integers'));
    const target = items.map(i => (i as { value: bigint }).value);
    const s = input0(ctx);
    const known = product(s.slice(1));
    const unknownAxes = target.filter(d => d === -1n).length;
    if (unknownAxes > 1 || target.some(d => d < -1n || d === 0n)) {
      throw new AnalysisError(trans.__('Reshape: target_shape %1 may hold positive sizes and at most one -1', formatShape(target)));
    }
    const fixed = target.filter(d => d !== -1n).reduce((a, b) => a * b, 1n);
    const out: Dim[] = target.map(d => (d === -1n ? (known === null ? null : known / fixed) : d));
    if (known !== null && (unknownAxes ? known % fixed !== 0n : known !== fixed)) {
      throw new AnalysisError(
        trans.__('Reshape: cannot reshape %1 (%2 values per sample) into %3', formatShape(s.slice(1)), known, formatShape(target))
      );
    }
    return single([s[0], ...out]);
  }
};

const permute: ILayerSpec = {
  name: 'Permute',
  params: params('dims'),
  outputs(ctx) {
    const dims = ctx.args.intList('dims');
    const s = input0(ctx);
    const sorted = [...dims].sort((a, b) => a - b);
    if (dims.length !== s.length - 1 || sorted.some((d, i) => d !== i + 1)) {
      throw new AnalysisError(
        trans.__('Permute: dims %1 must be a permutation of 1…%2 for input %3', JSON.stringify(dims), s.length - 1, formatShape(s))
      );
    }
    return single([s[0], ...dims.map(d => s[d])]);
  }
};

const repeatVector: ILayerSpec = {
  name: 'RepeatVector',
  params: params('n'),
  outputs(ctx) {
    const s = input0(ctx, 2, 2);
    return single([s[0], ctx.args.positiveInt('n'), s[1]]);
  }
};

export const reshapingLayers: ILayerSpec[] = [flatten, reshape, permute, repeatVector];
