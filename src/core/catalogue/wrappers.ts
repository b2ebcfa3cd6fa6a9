/** Wrappers hold another layer: Bidirectional runs it both ways, TimeDistributed once per step. */
import { AnalysisError, type Shape } from '../types';
import type { ILayerWeights } from '../keras/weights';
import { input0, params, type IBuildContext, type ILayerSpec } from './spec';
import { trans } from '../i18n/current';

function innerOnSteps(ctx: IBuildContext) {
  const s = input0(ctx, 3);
  return { s, inner: ctx.buildInner('layer', [[s[0], ...s.slice(2)]]) };
}

const timeDistributed: ILayerSpec = {
  name: 'TimeDistributed',
  params: params('layer'),
  innerLayerArgs: ['layer'],
  weights(ctx) {
    const { inner } = innerOnSteps(ctx);
    if (!inner.weights) throw new AnalysisError(trans.__('TimeDistributed: the wrapped layer has unknown weights'));
    return inner.weights;
  },
  outputs(ctx) {
    const { s, inner } = innerOnSteps(ctx);
    return { outputs: inner.outputs.map(o => [s[0], s[1], ...o.slice(1)]), multi: inner.multi };
  }
};

const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'];

function directions(ctx: IBuildContext) {
  const forward = ctx.buildInner('layer', [input0(ctx, 3)]);
  const backward = ctx.args.has('backward_layer') ? ctx.buildInner('backward_layer', [input0(ctx, 3)]) : forward;
  return { forward, backward };
}

function bothWays(f: ILayerWeights, b: ILayerWeights): ILayerWeights {
  const dual = f.dualBias ?? b.dualBias;
  return {
    keras: [...f.keras, ...b.keras],
    cudnn: [...f.cudnn, ...b.cudnn],
    declared: f.declared,
    dualBias: dual ? { ...dual, directions: dual.directions * 2 } : null
  };
}

const bidirectional: ILayerSpec = {
  name: 'Bidirectional',
  params: params('layer', 'merge_mode="concat"', 'weights=None', 'backward_layer=None'),
  innerLayerArgs: ['layer', 'backward_layer'],
  callStyle: 'rnn',
  weights(ctx) {
    const { forward, backward } = directions(ctx);
    if (!forward.weights || !backward.weights) throw new AnalysisError(trans.__('Bidirectional: the wrapped layer has unknown weights'));
    return bothWays(forward.weights, backward.weights);
  },
  outputs(ctx) {
    const { forward, backward } = directions(ctx);
    const mode = ctx.args.has('merge_mode') ? ctx.args.str('merge_mode', MERGE_MODES) : null;
    const [f, ...fStates] = forward.outputs;
    const [b, ...bStates] = backward.outputs;
    let merged: Shape[];
    if (mode === null) merged = [f, b];
    else if (mode === 'concat') {
      const last = f[f.length - 1];
      const other = b[b.length - 1];
      merged = [[...f.slice(0, -1), last === null || other === null ? null : last + other]];
    } else merged = [f];
    const outputs = [...merged, ...fStates, ...bStates];
    return { outputs, multi: outputs.length > 1 };
  }
};

export const wrapperLayers: ILayerSpec[] = [timeDistributed, bidirectional];
