/** Validation results in the JSON document and in the text report. */
import type { JsonCount } from '../format/json';
import type { LayerStatus, IModelValidation } from './validate';
import type { IConversionCheck } from './conversion';
import { trans } from '../i18n/current';

/** One model's validation in the JSON document (`models[i].validation`) and in saved magic outputs. */
export interface IValidationJson {
  backend: string;
  ok: boolean;
  ms: number;
  message?: string;
  layers: Array<{
    name: string;
    class: string;
    status: LayerStatus;
    shapeOk: boolean | null;
    tfjsParams: number | null;
    engineParams: JsonCount;
    paramsOk: boolean | null;
    tfjsShape?: number[] | number[][];
    reason?: string;
  }>;
  /** Recurrent layers: the weight conversion proven by a forward pass (✓ "b = b_i + b_r, verified numerically"). */
  conversions?: IConversionCheck[];
}

export function validationText(v: IModelValidation): string {
  const head = trans.__(
    ' Validation (TensorFlow.js, backend %1, %2 ms): %3',
    v.backend,
    v.ms.toFixed(0),
    v.ok ? trans.__('shapes and Keras counts agree') : (v.message ?? trans.__('mismatches found'))
  );
  const lines = [head];
  for (const l of v.layers) {
    if (l.status === 'ok' && !l.reason) continue;
    const mark = l.status === 'ok' ? '✓' : l.status === 'mismatch' ? '✗' : '–';
    lines.push(`   ${mark} ${l.name} (${l.class}): ${l.status}${l.reason ? `: ${l.reason}` : ''}`);
  }
  const checked = v.layers.filter(l => l.status !== 'not validatable').length;
  if (v.layers.length)
    lines.push(
      trans.__(
        '   %1 of %2 layers checked%3',
        checked,
        v.layers.length,
        v.leakedTensors ? trans.__('; %1 tensors were left allocated', v.leakedTensors) : ''
      )
    );
  for (const c of v.conversions ?? []) lines.push(`   ${conversionMark(c)} ${c.layer}: ${conversionText(c)}`);
  return lines.join('\n');
}

export function conversionMark(c: IConversionCheck): string {
  return c.status === 'ok' ? '✓' : c.status === 'mismatch' ? '✗' : '–';
}

/** "b = b_i + b_r, verified numerically (max |Δ| 3.0e-8)", the ✗ with its largest difference, or why it was not checked. */
export function conversionText(c: IConversionCheck): string {
  if (c.status === 'not checked') return trans.__('conversion not checked numerically: %1', c.reason ?? '');
  const diff = c.maxDiff === null ? '' : ` (max |Δ| ${c.maxDiff.toExponential(1)})`;
  const side = c.kerasSide?.startsWith('the Keras') ? trans.__('; Keras side: %1', c.kerasSide) : '';
  return c.status === 'ok' ? `${c.statement}${diff}${side}` : `conversion ✗: ${c.reason ?? c.statement}`;
}

export function validationJson(v: IModelValidation): IValidationJson {
  return {
    backend: v.backend,
    ok: v.ok,
    ms: Math.round(v.ms * 10) / 10,
    ...(v.message ? { message: v.message } : {}),
    layers: v.layers.map(l => ({
      name: l.name,
      class: l.class,
      status: l.status,
      shapeOk: l.shapeOk,
      tfjsParams: l.tfjsParams,
      engineParams: l.engineParams,
      paramsOk: l.paramsOk,
      ...(l.actualShape ? { tfjsShape: l.actualShape.length === 1 ? l.actualShape[0] : l.actualShape } : {}),
      ...(l.reason ? { reason: l.reason } : {})
    })),
    ...(v.conversions ? { conversions: v.conversions } : {})
  };
}
