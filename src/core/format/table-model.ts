/**
 * The presentation model: the JSON report as tables of cells (text, kind, alignment), from which every
 * view renders — the Keras text, Markdown, CSV and HTML formats and the JupyterLab DOM view. How a shape,
 * a count, a Δ, a share or a total reads is decided here, once; a renderer only lays cells out and
 * escapes their text for its format (escape.ts).
 *
 * Extending: a column is a `ColumnSpec` (pass it in `extraColumns`, or add it to `COLUMNS`), a section
 * under a row's caret is a `DetailSpec` (`extraDetails` / `DETAILS`). See docs/ARCHITECTURE.md.
 */
import type { ConventionChoice } from '../options';
import type { IStrings } from '../i18n/strings';
import { trans as engineStrings } from '../i18n/current';
import type { KerasVersion, ILocation, Severity } from '../types';
import {
  countListed,
  type JsonCount,
  type IJsonDiagnostic,
  type IJsonLayer,
  type IJsonModel,
  type IJsonReport,
  type JsonShape,
  type IJsonTotals
} from './json';
import { conversionNote } from '../conversion/json';
import { capped } from './safe-text';
import { isLegacyStandalone, parseKerasVersion } from '../keras/version';

/** The two conventions a view compares (declared is either of them, per layer). */
export type Counted = 'keras' | 'cudnn' | 'declared';

export type CellKind = 'layer' | 'shape' | 'count' | 'delta' | 'share' | 'connected' | 'text';

export interface ITableColumn {
  id: string;
  kind: CellKind;
  header: string;
  /** A longer explanation (a tooltip in the DOM view). */
  title?: string;
  align: 'left' | 'right' | 'center';
  convention?: Counted;
  /** Narrow views drop columns of lower priority first (the layer, shape, one count and Δ stay: 0). */
  priority: number;
}

export interface ITableCell {
  text: string;
  title?: string;
  /** The exact value behind a count, Δ or share cell (CSV and the bar read it, not the text). */
  value?: bigint | number | null;
  /** A state the views show with colour or a mark (`unknown`, or a column's own, such as `ok`/`mismatch`). */
  status?: string;
}

export interface IDetailLine {
  text: string;
  /** Weights of a frozen layer, a stand-in layer: shown dimmed. */
  muted?: boolean;
  /** The convention a weight list belongs to: its label, and its id (`keras`, `cudnn`). */
  group?: string;
  groupId?: string;
}

/** A section under a row: the Δ reason, a problem, the weights. */
export interface IRowDetail {
  id: string;
  label: string;
  lines: IDetailLine[];
  /** Shown with the row without opening it (the Δ reason, a problem); otherwise behind the caret. */
  inline: boolean;
}

export interface ITableRow {
  /** A stable key: the path of row indexes (`r/0/2`), shared with the DOM's expand state. */
  key: string;
  depth: number;
  layer: IJsonLayer;
  cells: Record<string, ITableCell>;
  details: IRowDetail[];
  /** Rows nested under this one (a nested model or wrapper's layers) follow it in `rows`. */
  hasChildren: boolean;
  location: ILocation | null;
}

export interface ITotalsLine {
  id: 'total' | 'trainable' | 'nonTrainable' | 'optimizer';
  label: string;
  count: string;
  memory: string;
  /** `+ 2 layers unknown` where some layers could not be counted. */
  unknown: string;
}

export interface ITotalsBlock {
  convention: Counted;
  label: string;
  /** Layers whose count is unknown (not in the totals). */
  unknownLayers: number;
  lines: ITotalsLine[];
}

export interface IModelTable {
  model: IJsonModel;
  title: string;
  columns: ITableColumn[];
  rows: ITableRow[];
  totals: ITotalsBlock[];
  /** Rows of nested models not listed because the summary() call shown does not expand them (ITableOptions.asCalled). */
  nestedNotListed?: number;
}

export interface IDiagnosticLine {
  severity: Severity;
  severityText: string;
  where: string;
  message: string;
  location: ILocation | null;
}

export interface IReportTable {
  kerasVersion: KerasVersion;
  models: IModelTable[];
  diagnostics: IDiagnosticLine[];
  /** The line shown when there is no model. */
  empty: string | null;
}

export interface ITableOptions {
  convention: ConventionChoice;
  trans?: IStrings;
  /** Header wording: `keras` as `model.summary()` prints it ("Output Shape", "Param #"), `table` otherwise. */
  headers?: 'keras' | 'table';
  /** Optional built-in columns: the share bar, Keras's "Connected to" (functional models). */
  share?: boolean;
  connected?: boolean;
  /** Only models and diagnostics of this cell (the magic shows its own cell). */
  cell?: number;
  extraColumns?: IColumnSpec[];
  extraDetails?: IDetailSpec[];
  /** The row sections a renderer shows (all when absent): the others are not computed. */
  details?: readonly string[];
  /**
   * Each entry as its `model.summary()` call prints it: the rows of nested models only with `expand_nested=True`
   * (or `expandNested`), a "Trainable" column with `show_trainable=True`. A model no call showed lists every row.
   */
  asCalled?: boolean;
  expandNested?: boolean;
  /** The report's Keras release (`2.3`): tf.keras 2 prints an InputLayer's shape as a list, standalone Keras ≤ 2.3 did not. */
  kerasRelease?: string;
}

/** What a column or detail spec sees. */
export interface ITableContext {
  options: ITableOptions;
  trans: IStrings;
  conventions: Counted[];
  kerasVersion: KerasVersion;
  model: IJsonModel;
}

export interface IColumnSpec {
  id: string;
  /** Whether the column is shown (once per model). */
  applies(ctx: ITableContext): boolean;
  column(ctx: ITableContext): Omit<ITableColumn, 'id'>;
  cell(layer: IJsonLayer, depth: number, ctx: ITableContext): ITableCell;
}

export interface IDetailSpec {
  id: string;
  detail(layer: IJsonLayer, depth: number, ctx: ITableContext): IRowDetail | null;
}

// --- Cell text --------------------------------------------------------------------------------------

export function toBig(n: JsonCount): bigint | null {
  return n === null ? null : BigInt(n);
}

/** A count with thousands separators, `?` when unknown. */
export function countText(n: JsonCount | bigint): string {
  if (n === null) return '?';
  const s = String(n);
  const sign = s[0] === '-' ? '-' : '';
  const digits = sign ? s.slice(1) : s;
  if (digits.length <= 3) return s;
  // By hand: a regular expression here cost seconds on models of 100,000 layers.
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return sign + out;
}

/** A shape as Keras prints it: `(None, 300)`, `(5,)`, `?` when unknown. */
export function shapeText(shape: JsonShape): string {
  return shapeTextOf(shape, false);
}

/** `unknownSizes` (IJsonLayer's): a None after the batch axis is a size not known statically, printed `?`. */
function shapeTextOf(shape: JsonShape, unknownSizes: boolean): string {
  if (shape === null) return '?';
  const dims = shape.map((d, i) => (d !== null ? String(d) : unknownSizes && i > 0 ? '?' : 'None'));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** A layer's output shape(s): one shape, or `[shape, shape]` for several outputs. */
export function outputShapeText(layer: IJsonLayer): string {
  const s = layer.outputShape;
  if (s === null) return '?';
  const unknown = !!layer.unknownSizes;
  if (s.some(Array.isArray)) return `[${(s as JsonShape[]).map(x => shapeTextOf(x, unknown)).join(', ')}]`;
  return shapeTextOf(s as JsonShape, unknown);
}

/** Keras's readable_memory_size: 1024-based units, two decimals. */
export function memoryText(bytes: JsonCount | bigint): string {
  if (bytes === null) return '?';
  let n = Number(bytes);
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(2)} ${units[i]}`;
}

/** cuDNN − Keras for one layer, null when either is unknown. */
export function deltaOf(layer: IJsonLayer): bigint | null {
  const k = toBig(layer.params.keras);
  const c = toBig(layer.params.cudnn);
  return k === null || c === null ? null : c - k;
}

export function deltaText(delta: bigint | null): string {
  return delta === null ? '?' : delta === 0n ? '' : `${delta > 0n ? '+' : ''}${countText(delta)}`;
}

/** `cell 2, line 3, column 5` (cells 1-based as the notebook shows them). */
export function locationText(trans: IStrings, cell: number | null, line: number | null, column?: number | null): string {
  const parts: string[] = [];
  if (cell !== null) parts.push(trans.__('cell %1', cell + 1));
  if (line !== null) parts.push(trans.__('line %1', line));
  if (column !== null && column !== undefined) parts.push(trans.__('column %1', column));
  return parts.join(trans.__(', '));
}

export function conventionLabel(trans: IStrings, c: Counted): string {
  return c === 'keras' ? trans.__('Keras') : c === 'cudnn' ? trans.__('cuDNN') : trans.__('as declared');
}

export function conventionsOf(choice: ConventionChoice): Counted[] {
  return choice === 'both' ? ['keras', 'cudnn'] : [choice];
}

// --- Columns ----------------------------------------------------------------------------------------

const layerColumn: IColumnSpec = {
  id: 'layer',
  applies: () => true,
  column: ({ trans }) => ({ kind: 'layer', header: trans.__('Layer (type)'), align: 'left', priority: 0 }),
  // Names capped for display (a 64 M-character name prints as its start and its length); a nested model too deep to list says so.
  cell: (layer, _depth, { trans }) => ({
    text: `${capped(layer.name)} (${capped(layer.class)})${layer.layersHidden ? ` ${trans.__('[rows not shown]')}` : ''}`,
    title: layer.name,
    status: layer.problem ? 'unknown' : undefined
  })
};

const shapeColumn: IColumnSpec = {
  id: 'shape',
  applies: () => true,
  column: ({ trans, options }) => ({
    kind: 'shape',
    header: options.headers === 'keras' ? trans.__('Output Shape') : trans.__('Output shape'),
    align: 'left',
    priority: 0
  }),
  cell: (layer, _depth, ctx) => {
    const { trans } = ctx;
    const real = outputShapeText(layer);
    // tf.keras 2 (from TF 2.x) prints an InputLayer's output shape as the list of its one shape: `[(None, 4)]`.
    const release = ctx.options.kerasRelease ? parseKerasVersion(ctx.options.kerasRelease) : null;
    if (ctx.kerasVersion === 2 && layer.class === 'InputLayer' && !(release && isLegacyStandalone(release)) && layer.outputShape !== null)
      return { text: `[${real}]` };
    // tf.keras 2 prints `multiple` for a layer whose calls have different output shapes, and for a subclassed model's layers.
    if (layer.shown === 'multiple')
      return layer.calls > 1
        ? { text: 'multiple', title: trans.__('Called %1 times: %2', layer.calls, real) }
        : { text: 'multiple', title: trans.__('tf.keras 2 prints no shape for the layers of a subclassed model') };
    if (layer.unknownSizes && layer.outputShape !== null)
      return { text: real, title: trans.__('?: a size the source does not give (it comes from data the engine does not read)') };
    return { text: real, status: layer.outputShape === null ? 'unknown' : undefined };
  }
};

function countColumn(c: Counted, priority: number): IColumnSpec {
  return {
    id: `params:${c}`,
    applies: ctx => ctx.conventions.includes(c),
    column: ctx => {
      const { trans } = ctx;
      const label = conventionLabel(trans, c);
      const single = ctx.conventions.length === 1;
      const header =
        ctx.options.headers === 'keras' ? (single ? trans.__('Param #') : trans.__('Param # (%1)', label)) : trans.__('Params (%1)', label);
      // The first count column stays at every width; the second one goes to the row's caret when narrow.
      return {
        kind: 'count',
        header,
        title: trans.__('Parameters under the %1 convention', label),
        align: 'right',
        convention: c,
        priority: ctx.conventions[0] === c ? 0 : priority
      };
    },
    cell: layer => ({ text: countText(layer.params[c]), value: toBig(layer.params[c]), status: layer.params[c] === null ? 'unknown' : undefined })
  };
}

const deltaColumn: IColumnSpec = {
  id: 'delta',
  applies: ctx => ctx.options.convention === 'both',
  column: ({ trans }) => ({ kind: 'delta', header: 'Δ', title: trans.__('cuDNN − Keras'), align: 'right', priority: 0 }),
  cell: layer => {
    const d = deltaOf(layer);
    return { text: deltaText(d), value: d, title: layer.note ?? undefined };
  }
};

/** A layer's share of the model's parameters under the first convention shown (torchinfo's params_percent). */
const shareColumn: IColumnSpec = {
  id: 'share',
  applies: ctx => ctx.options.share === true,
  column: ({ trans }) => ({
    kind: 'share',
    header: trans.__('Share'),
    title: trans.__("Share of the model's parameters"),
    align: 'left',
    priority: 2
  }),
  cell: (layer, _depth, ctx) => {
    const { trans } = ctx;
    const c = ctx.conventions[0];
    const n = toBig(layer.params[c]);
    const total = toBig(ctx.model.totals[c].total);
    if (n === null || total === null || total === 0n) return { text: '', value: null };
    // Exact to 0.01 %: the integers are divided before the conversion to a float.
    const share = Number((n * 10000n) / total) / 10000;
    const percent = share * 100;
    const text = percent === 0 && n > 0n ? '<0.01%' : `${percent.toFixed(percent >= 10 ? 1 : 2)}%`;
    return { text, value: share, title: trans.__('%1 of the %2 parameters', text, countText(total)) };
  }
};

/**
 * Keras prints "Connected to" only for a functional model that is not a chain (print_summary's `sequential_like`):
 * one with several inputs, a layer fed by several tensors or called more than once, or a tensor that feeds two
 * layers. A Sequential or subclassed model (its rows have no feeders) is printed as a chain.
 */
function sequentialLike(model: IJsonModel): boolean {
  const fed = new Set<string>();
  let inputs = 0;
  for (const layer of model.layers) {
    if (layer.class === 'InputLayer' && ++inputs > 1) return false;
    const from = layer.connectedTo ?? [];
    if (from.length > 1 || layer.calls > 1) return false;
    for (const f of from) {
      if (fed.has(f)) return false;
      fed.add(f);
    }
  }
  return true;
}

const connectedColumn: IColumnSpec = {
  id: 'connected',
  applies: ctx => ctx.options.connected === true && !sequentialLike(ctx.model),
  column: ({ trans }) => ({ kind: 'connected', header: trans.__('Connected to'), align: 'left', priority: 3 }),
  cell: (layer, depth) => ({ text: depth === 0 ? (layer.connectedTo ?? []).join(', ') || '-' : '' })
};

/** Keras's "Trainable" column (`summary(show_trainable=True)`): Y or N; Keras 3 prints - for a layer without weights. */
const trainableColumn: IColumnSpec = {
  id: 'trainable',
  applies: ctx => ctx.options.asCalled === true && ctx.model.summaryCall?.showTrainable === true,
  column: ({ trans }) => ({ kind: 'text', header: trans.__('Trainable'), align: 'center', priority: 3 }),
  cell: (layer, _depth, ctx) => {
    const weightless = layer.weights ? layer.weights.keras.length === 0 : layer.layers ? String(layer.params.keras) === '0' : false;
    return { text: ctx.kerasVersion === 3 && weightless ? '-' : layer.trainable ? 'Y' : 'N' };
  }
};

export const COLUMNS: IColumnSpec[] = [
  layerColumn,
  shapeColumn,
  countColumn('keras', 1),
  countColumn('cudnn', 1),
  countColumn('declared', 1),
  deltaColumn,
  shareColumn,
  connectedColumn,
  trainableColumn
];

// --- Details ----------------------------------------------------------------------------------------

const deltaDetail: IDetailSpec = {
  id: 'delta',
  detail: (layer, _depth, ctx) =>
    layer.note && ctx.options.convention !== 'keras' ? { id: 'delta', label: 'Δ', lines: [{ text: layer.note }], inline: true } : null
};

const problemDetail: IDetailSpec = {
  id: 'problem',
  detail: layer => (layer.problem ? { id: 'problem', label: '?', lines: [{ text: layer.problem }], inline: true } : null)
};

const weightsDetail: IDetailSpec = {
  id: 'weights',
  detail: (layer, _depth, ctx) => {
    const { trans } = ctx;
    if (!layer.weights?.keras.length) return null;
    const layouts = ctx.conventions.map(c => (c === 'declared' ? layer.weights!.declared : c));
    const unique = [...new Set(layouts)];
    const lines = unique.flatMap(layout =>
      layer.weights![layout].map(w => ({
        text: w.trainable ? `${w.name} ${shapeText(w.shape)}` : trans.__('%1 (non-trainable)', `${w.name} ${shapeText(w.shape)}`),
        muted: !w.trainable,
        group: unique.length > 1 ? conventionLabel(trans, layout) : undefined,
        groupId: unique.length > 1 ? layout : undefined
      }))
    );
    return { id: 'weights', label: trans.__('Weights'), lines, inline: false };
  }
};

/** Recurrent layers: the weight mapping to cuDNN / PyTorch and ONNX in one line (the JSON has every tensor). */
const conversionDetail: IDetailSpec = {
  id: 'conversion',
  detail: layer => (layer.conversion ? { id: 'conversion', label: '⇄', lines: [{ text: conversionNote(layer.conversion) }], inline: false } : null)
};

export const DETAILS: IDetailSpec[] = [deltaDetail, problemDetail, weightsDetail, conversionDetail];

// --- Building ---------------------------------------------------------------------------------------

function totalsBlock(t: IJsonTotals, c: Counted, trans: IStrings): ITotalsBlock {
  const unknowns = [
    ...(t.unknownLayers ? [trans._n('+ %1 layer unknown', '+ %1 layers unknown', t.unknownLayers)] : []),
    ...(t.optimizer === null ? [trans.__('+ the optimizer, unknown')] : [])
  ];
  const unknown = unknowns.join(' ');
  // Keras 3 after a training step: "Optimizer params", last, as its summary prints them.
  const optimizer: ITotalsLine[] =
    t.optimizer === undefined
      ? []
      : [
          {
            id: 'optimizer',
            label: trans.__('Optimizer params'),
            count: countText(t.optimizer),
            memory: memoryText(t.optimizerBytes ?? null),
            unknown: ''
          }
        ];
  return {
    convention: c,
    label: conventionLabel(trans, c),
    unknownLayers: t.unknownLayers,
    lines: [
      { id: 'total', label: trans.__('Total params'), count: countText(t.total), memory: memoryText(t.bytes), unknown },
      {
        id: 'trainable',
        label: trans.__('Trainable params'),
        count: countText(t.trainable),
        memory: memoryText(t.trainableBytes ?? null),
        unknown: ''
      },
      {
        id: 'nonTrainable',
        label: trans.__('Non-trainable params'),
        count: countText(t.nonTrainable),
        memory: memoryText(t.nonTrainableBytes ?? null),
        unknown: ''
      },
      ...optimizer
    ]
  };
}

export function buildModelTable(model: IJsonModel, kerasVersion: KerasVersion, options: ITableOptions): IModelTable {
  const trans = options.trans ?? engineStrings;
  const ctx: ITableContext = { options, trans, conventions: conventionsOf(options.convention), kerasVersion, model };
  const specs = [...COLUMNS, ...(options.extraColumns ?? [])].filter(s => s.applies(ctx));
  const columns = specs.map(s => ({ id: s.id, ...s.column(ctx) }));
  const details = [...DETAILS, ...(options.extraDetails ?? [])].filter(d => !options.details || options.details.includes(d.id));
  const rows: ITableRow[] = [];
  // As the call printed it: a nested model's own row, not its layers, unless it asked for them.
  const listNested = !options.asCalled || options.expandNested || !model.summaryCall || model.summaryCall.expandNested;
  let nestedNotListed = 0;
  const visit = (layers: IJsonLayer[], depth: number, parent: string) =>
    layers.forEach((layer, i) => {
      const key = `${parent}/${i}`;
      const cells: Record<string, ITableCell> = {};
      for (const s of specs) cells[s.id] = s.cell(layer, depth, ctx);
      const rowDetails: IRowDetail[] = [];
      for (const d of details) {
        const detail = d.detail(layer, depth, ctx);
        if (detail) rowDetails.push(detail);
      }
      rows.push({
        key,
        depth,
        layer,
        cells,
        details: rowDetails,
        hasChildren: !!layer.layers?.length,
        location: layer.location
      });
      if (layer.layers && listNested) visit(layer.layers, depth + 1, key);
      else if (layer.layers) nestedNotListed += countListed(layer.layers);
    });
  visit(model.layers, 0, 'r');
  const title =
    model.variable && model.variable !== model.name ? `${model.name} (${model.class}) ${model.variable}` : `${model.name} (${model.class})`;
  return {
    model,
    title,
    columns,
    rows,
    totals: ctx.conventions.map(c => totalsBlock(model.totals[c], c, trans)),
    ...(nestedNotListed ? { nestedNotListed } : {})
  };
}

function severityText(trans: IStrings, s: Severity): string {
  return s === 'error' ? trans.__('error') : s === 'warning' ? trans.__('warning') : trans.__('info');
}

export function diagnosticLine(d: IJsonDiagnostic, trans: IStrings): IDiagnosticLine {
  return {
    severity: d.severity,
    severityText: severityText(trans, d.severity),
    where: locationText(trans, d.cell, d.line, d.column),
    message: d.message,
    location: d.line === null ? null : { cell: d.cell, line: d.line, column: d.column ?? 1 }
  };
}

export function buildReportTable(report: IJsonReport, options: ITableOptions): IReportTable {
  const trans = options.trans ?? engineStrings;
  const models = options.cell === undefined ? report.models : report.models.filter(m => m.location?.cell === options.cell);
  const diagnostics = options.cell === undefined ? report.diagnostics : report.diagnostics.filter(d => d.cell === options.cell);
  return {
    kerasVersion: report.kerasVersion,
    models: models.map(m => buildModelTable(m, report.kerasVersion, { ...options, kerasRelease: options.kerasRelease ?? report.kerasRelease })),
    diagnostics: diagnostics.map(d => diagnosticLine(d, trans)),
    empty: models.length ? null : trans.__('No Keras model found.')
  };
}
