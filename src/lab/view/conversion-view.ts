/**
 * A recurrent layer's weight conversion in the report view: the detail behind the row's caret (per
 * target: the module, each tensor with its shape and rule, the bias rule both ways, the notes, or why
 * there is no exact conversion), and the line the forward-pass check adds under the row. Text only.
 */
import type { IJsonConversion, IJsonTargetConversion } from '../../core/conversion/json';
import type { IRefusal } from '../../core/conversion/plan';
import type { IConversionCheck } from '../../core/validate/conversion';
import { conversionMark, conversionText } from '../../core/validate/format';
import { h } from './dom';
import { trans } from '../../core/i18n/current';
import { shapeText } from '../../core/format/table-model';

const TARGET_LABEL = { pytorch: 'cuDNN / PyTorch', onnx: 'ONNX' } as const;

function targetDetail(kerasGates: string[], t: IJsonTargetConversion | IRefusal): HTMLElement {
  const label = h('span', { className: 'jp-ModelSummary-conversionTarget' }, `${TARGET_LABEL[t.target]}: `);
  if ('refused' in t) return h('div', { className: 'jp-ModelSummary-conversionPart jp-mod-refused', 'data-target': t.target }, label, t.refused);
  const options = Object.entries(t.options)
    .filter(([k]) => k !== 'activations' || t.module.startsWith('ONNX'))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
    .join(', ');
  return h(
    'div',
    { className: 'jp-ModelSummary-conversionPart', 'data-target': t.target },
    h('div', {}, label, h('code', {}, t.module), ' ' + trans.__('(%1); gates %2 → %3', options, kerasGates.join(','), t.gateOrder.join(','))),
    h(
      'ul',
      { className: 'jp-ModelSummary-conversionTensors' },
      ...t.tensors.map(x => h('li', {}, h('code', {}, x.name), ` ${shapeText(x.shape)}: ${x.rule}`))
    ),
    t.bias ? h('div', {}, trans.__('Bias → %1: %2; back to Keras: %3', TARGET_LABEL[t.target], t.bias.toTarget, t.bias.toKeras)) : null,
    ...t.notes.map(n => h('div', { className: 'jp-ModelSummary-conversionNote' }, n))
  );
}

/** The conversion behind the row's caret (JSON `layers[i].conversion`). */
export function conversionDetail(c: IJsonConversion): HTMLElement {
  return h(
    'div',
    { className: 'jp-ModelSummary-conversion', 'data-layout': c.layout },
    h(
      'div',
      { className: 'jp-ModelSummary-conversionTitle' },
      trans.__('Weights across layouts (%1) — model-summary --conversion-code or Copy → Conversion code writes the code', c.layout)
    ),
    targetDetail(c.kerasGates, c.pytorch),
    targetDetail(c.kerasGates, c.onnx)
  );
}

/** The forward-pass proof under a layer row: "✓ b = b_i + b_r, verified numerically", or ✗ with the largest difference. */
export function conversionCheckRow(check: IConversionCheck, width: number, key: string, hidden: boolean): HTMLTableRowElement {
  return h(
    'tr',
    { className: 'jp-ModelSummary-conversionCheck', 'data-key': key, 'data-status': check.status, hidden },
    h(
      'td',
      {
        colspan: width,
        title: check.kerasSide
          ? trans.__('Keras side: %1; %2 equations in TensorFlow.js ops', check.kerasSide, check.target === 'onnx' ? 'ONNX' : 'cuDNN')
          : undefined
      },
      `${conversionMark(check)} ${conversionText(check)}`
    )
  );
}
