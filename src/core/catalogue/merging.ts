/** Merging layers take a list of tensors. Concatenate joins one axis; the others broadcast. */
import { AnalysisError, type Dim, type Shape } from '../types';
import { broadcast, formatShape, normalizeAxis } from '../keras/shape-math';
import { params, single, type IBuildContext, type ILayerSpec } from './spec';
import { trans } from '../i18n/current';
import { nullPrototype } from '../null-prototype';

function inputsOf(ctx: IBuildContext, min = 2, max = Infinity): Shape[] {
  const n = ctx.inputs.length;
  if (n < min || n > max) {
    const want = max === min ? `exactly ${min}` : trans.__('at least %1', min);
    throw new AnalysisError(trans.__('%1 needs %2 inputs in a list, got %3', ctx.args.className, want, n));
  }
  return ctx.inputs;
}

function elementwise(name: string, min = 2, max = Infinity): ILayerSpec {
  return {
    name,
    params: [],
    callStyle: 'list',
    outputs(ctx) {
      const [first, ...rest] = inputsOf(ctx, min, max);
      return single(rest.reduce((acc, s) => [broadcast(acc.slice(0, 1), s.slice(0, 1))[0], ...broadcast(acc.slice(1), s.slice(1))], first));
    }
  };
}

const concatenate: ILayerSpec = {
  name: 'Concatenate',
  params: params('axis=-1'),
  callStyle: 'list',
  outputs(ctx) {
    const shapes = inputsOf(ctx, 1);
    const rank = shapes[0].length;
    if (shapes.some(s => s.length !== rank)) {
      throw new AnalysisError(trans.__('Concatenate needs inputs of the same rank, got %1', shapes.map(formatShape).join(', ')));
    }
    const axis = normalizeAxis(Number(ctx.args.int('axis')), rank, trans.__('Concatenate axis'));
    const out: Shape = [...shapes[0]];
    for (const s of shapes.slice(1)) {
      for (let i = 0; i < rank; i++) {
        if (i === axis) out[i] = out[i] === null || s[i] === null ? null : (out[i] as bigint) + (s[i] as bigint);
        else if (out[i] === null) out[i] = s[i];
        else if (s[i] !== null && s[i] !== out[i]) {
          throw new AnalysisError(
            trans.__(
              'Concatenate(axis=%1) needs matching shapes except on the concatenation axis, got %2',
              ctx.args.int('axis'),
              shapes.map(formatShape).join(', ')
            )
          );
        }
      }
    }
    return single(out);
  }
};

const dot: ILayerSpec = {
  name: 'Dot',
  params: params('axes', 'normalize=False'),
  callStyle: 'list',
  outputs(ctx) {
    const [a, b] = inputsOf(ctx, 2, 2);
    const axesArg = ctx.args.intList('axes');
    const axes = axesArg.length === 1 ? [axesArg[0], axesArg[0]] : axesArg;
    const ax = normalizeAxis(axes[0], a.length, trans.__('Dot axis'));
    const bx = normalizeAxis(axes[1], b.length, trans.__('Dot axis'));
    if (a[ax] !== null && b[bx] !== null && a[ax] !== b[bx]) {
      throw new AnalysisError(
        trans.__('Dot: axis %1 of %2 and axis %3 of %4 differ (%5 ≠ %6)', axes[0], formatShape(a), axes[1], formatShape(b), a[ax], b[bx])
      );
    }
    const rest: Dim[] = [...a.slice(1).filter((_, i) => i + 1 !== ax), ...b.slice(1).filter((_, i) => i + 1 !== bx)];
    return single([a[0], ...(rest.length ? rest : [1n])]);
  }
};

export const mergingLayers: ILayerSpec[] = [
  concatenate,
  dot,
  elementwise('Add'),
  elementwise('Subtract', 2, 2),
  elementwise('Multiply'),
  elementwise('Average'),
  elementwise('Maximum'),
  elementwise('Minimum')
];

/** `keras.layers.concatenate([a, b])` and friends build the layer, then call it. */
export const MERGE_FUNCTIONS: Readonly<Record<string, string>> = nullPrototype({
  concatenate: 'Concatenate',
  add: 'Add',
  subtract: 'Subtract',
  multiply: 'Multiply',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
  dot: 'Dot'
}); // null prototype: a Python name like `constructor` is not a member
