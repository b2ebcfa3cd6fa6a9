/** The live parts of a report view: the "live (Keras x.y, backend)" badge and the ✓/✗ column against the kernel's model. */
import type { JsonModel } from '../../core/index';
import type { ILiveModelCheck } from '../../core/readers/live';
import type { ILiveView } from '../live-merge';
import type { IColumnSpec } from '../../core/format/table-model';
import type { IStrings } from '../../core/i18n/strings';
import { h } from './dom';
import { countText } from '../../core/format/table-model';
import { trans } from '../../core/i18n/current';

export function liveCheckOf(live: ILiveView | undefined, model: JsonModel): ILiveModelCheck | undefined {
  return model.variable ? live?.checks.get(model.variable) : undefined;
}

/** The badge after a model's title: live only, or compared with the kernel (and whether they agree). */
export function liveBadge(live: ILiveView | undefined, model: JsonModel): HTMLElement | null {
  if (!live || !model.variable) return null;
  const check = live.checks.get(model.variable);
  if (live.liveOnly.has(model.variable))
    return h(
      'span',
      { className: 'jp-ModelSummary-live', 'data-live': 'only', title: trans.__('Read from the kernel: the source alone cannot tell') },
      live.label
    );
  if (!check) return null;
  const bad = check.layers.filter(l => l.status === 'mismatch').length;
  const verdict = check.ok ? trans.__('agrees') : bad ? trans._n('%1 layer disagrees', '%1 layers disagree', bad) : trans.__('layers differ');
  return h(
    'span',
    {
      className: `jp-ModelSummary-live${check.ok ? '' : ' jp-mod-failed'}`,
      'data-live': check.ok ? 'agrees' : 'differs',
      title: trans.__('Compared with the model the kernel holds')
    },
    `${live.label}: ${verdict}`
  );
}

export function liveHeader(check: ILiveModelCheck | undefined): HTMLElement | null {
  return check
    ? h(
        'th',
        { scope: 'col', className: 'jp-ModelSummary-liveCheck', title: trans.__("Compared with the kernel's model (%1)", check.label) },
        trans.__('Live')
      )
    : null;
}

const MARK = { ok: '✓', mismatch: '✗', 'not compared': '–' } as const;

/** The ✓/✗ cell of a row (nested rows, `layerName` null, get an empty one). */
export function liveCell(check: ILiveModelCheck | undefined, layerName: string | null): HTMLElement | null {
  if (!check) return null;
  const layer = layerName === null ? undefined : check.layers.find(l => l.name === layerName);
  if (!layer) return h('td', { className: 'jp-ModelSummary-liveCheck', title: trans.__('Not compared') }, '');
  const numbers = trans.__('live %1 Keras / %2 cuDNN', countText(layer.liveParams.keras), countText(layer.liveParams.cudnn));
  const title = layer.status === 'mismatch' ? layer.reason! : `${layer.status}${layer.reason ? `: ${layer.reason}` : ''} (${numbers})`;
  return h(
    'td',
    { className: 'jp-ModelSummary-liveCheck', 'data-status': layer.status, title },
    MARK[layer.status],
    layer.status === 'mismatch' ? h('span', { className: 'jp-ModelSummary-liveNumbers' }, ` ${numbers}`) : null
  );
}

/** The ✓/✗ column against the kernel's model, as a column of the table model (nested rows are not compared). */
export function liveColumn(check: ILiveModelCheck, trans: IStrings): IColumnSpec {
  return {
    id: 'live',
    applies: () => true,
    column: () => ({
      kind: 'text',
      header: trans.__('Live'),
      title: trans.__("Compared with the kernel's model (%1)", check.label),
      align: 'center',
      priority: 1
    }),
    cell: (layer, depth) => {
      const row = depth === 0 ? check.layers.find(l => l.name === layer.name) : undefined;
      if (!row) return { text: '', title: trans.__('Not compared') };
      const numbers = trans.__('live %1 Keras / %2 cuDNN', countText(row.liveParams.keras), countText(row.liveParams.cudnn));
      const title = row.status === 'mismatch' ? row.reason! : `${row.status}${row.reason ? `: ${row.reason}` : ''} (${numbers})`;
      // A disagreement shows both numbers in the cell: it is a bug in the static reader or the live reading.
      return { text: row.status === 'mismatch' ? `${MARK[row.status]} ${numbers}` : MARK[row.status], status: row.status, title };
    }
  };
}
