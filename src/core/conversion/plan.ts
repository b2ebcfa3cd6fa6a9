/**
 * Weights across layouts, as data: for each recurrent layer, how its Keras weights map onto the cuDNN /
 * PyTorch layout (`nn.LSTM`, `nn.GRU`, `nn.RNN`) and onto ONNX's `LSTM` / `GRU` / `RNN` operators, gate
 * block by gate block, with the bias rule both ways — or, where no exact conversion exists, why not.
 * Everything is derived from the weights the layer declares (keras/weights.ts), so the elements a
 * conversion produces are the cuDNN count by construction (the tests check it).
 */
import type { Layer } from '../keras/objects';
import { weightsFor, type IWeight } from '../keras/weights';
import type { Value } from '../config/value';
import { trans } from '../i18n/current';
import { nullPrototype } from '../null-prototype';

export type RnnKind = 'LSTM' | 'GRU' | 'SimpleRNN';
export type Target = 'pytorch' | 'onnx';

/** Gate names in each library's order (LSTM c and g, GRU h and n are the same candidate gate). */
export const KERAS_GATES: Record<RnnKind, string[]> = { LSTM: ['i', 'f', 'c', 'o'], GRU: ['z', 'r', 'h'], SimpleRNN: ['h'] };
export const TORCH_GATES: Record<RnnKind, string[]> = { LSTM: ['i', 'f', 'g', 'o'], GRU: ['r', 'z', 'n'], SimpleRNN: ['h'] };
export const ONNX_GATES: Record<RnnKind, string[]> = { LSTM: ['i', 'o', 'f', 'c'], GRU: ['z', 'r', 'h'], SimpleRNN: ['h'] };
/** For each target gate, the Keras gate it comes from. */
export const GATE_SOURCE: Record<Target, Record<RnnKind, number[]>> = {
  pytorch: { LSTM: [0, 1, 2, 3], GRU: [1, 0, 2], SimpleRNN: [0] },
  onnx: { LSTM: [0, 3, 1, 2], GRU: [0, 1, 2], SimpleRNN: [0] }
};

/** One recurrent cell as the conversion needs it. */
export interface ICellInfo {
  kind: RnnKind;
  className: string;
  units: bigint;
  inputDim: bigint;
  useBias: boolean;
  /** GRU only. */
  resetAfter: boolean | null;
  /** CuDNNLSTM / CuDNNGRU: each gate block of `kernel` holds cuDNN's raw (units, input) matrix, read row-major. */
  cudnnKernels: boolean;
  activation: string | null;
  recurrentActivation: string | null;
}

/** A gate block of a Keras weight: `weights[weight][row]?[..., start:end]` (the gate axis is always the last). */
export interface IKerasBlock {
  weight: number;
  name: string;
  row: number | null;
  start: bigint;
  end: bigint;
}

/** Rows `start:end` of a target tensor (after the direction index for ONNX). */
export interface ITargetBlock {
  tensor: string;
  direction: number | null;
  start: bigint;
  end: bigint;
}

/**
 * How a block moves. `transpose`: target = keras.T. `reshape`: target = keras.reshape(rows, cols), the
 * raw cuDNN matrix a CuDNN layer keeps (back: reshape to the Keras block's shape). `copy`: a bias block.
 * `zero`: a recurrent bias Keras does not keep: written as zeros, added back (b = b_i + b_r).
 */
export type PieceOp = 'transpose' | 'reshape' | 'copy' | 'zero';

export interface IPiece {
  kerasGate: string;
  targetGate: string;
  keras: IKerasBlock;
  target: ITargetBlock;
  op: PieceOp;
}

export interface ITargetTensor {
  name: string;
  shape: bigint[];
  /** The rule in one line, for people. */
  rule: string;
}

export interface ITargetConversion {
  target: Target;
  /** `torch.nn.LSTM`, ONNX `LSTM`, … */
  module: string;
  /** Constructor options (PyTorch) or node attributes (ONNX). */
  options: Record<string, string | number | boolean | string[]>;
  gateOrder: string[];
  tensors: ITargetTensor[];
  pieces: IPiece[];
  bias: { toTarget: string; toKeras: string } | null;
  /** How outputs and inputs line up (merge_mode, return_sequences, TimeDistributed, stacking). */
  notes: string[];
  /** Elements of all target tensors: the layer's cuDNN count. */
  elements: bigint;
}

export interface IRefusal {
  target: Target;
  /** Why there is no exact conversion, in full. */
  refused: string;
  /** The same in a few words, for the text formats. */
  brief: string;
}

export interface ILayerConversion {
  kind: RnnKind;
  /** `LSTM`, `Bidirectional(GRU)`, `TimeDistributed(SimpleRNN)`, … */
  layout: string;
  kerasGates: string[];
  /** The layer's own weights (what `get_weights()` returns), in order. */
  keras: Array<{ name: string; shape: bigint[] }>;
  directions: number;
  /** How the layer runs over the sequence (the forward layer's options; Bidirectional's merge_mode). */
  sequence: { returnSequences: boolean; goBackwards: boolean; mergeMode: string | null };
  cell: ICellInfo;
  pytorch: ITargetConversion | IRefusal;
  onnx: ITargetConversion | IRefusal;
}

export function isRefusal(c: ITargetConversion | IRefusal): c is IRefusal {
  return 'refused' in c;
}

const RECURRENT: Record<string, RnnKind> = nullPrototype({
  LSTM: 'LSTM',
  CuDNNLSTM: 'LSTM',
  GRU: 'GRU',
  CuDNNGRU: 'GRU',
  SimpleRNN: 'SimpleRNN'
});
const CONV_LSTM = /^ConvLSTM[123]D$/;

/** An activation's name when it is known statically (a string, or `keras.activations.tanh`), else null. */
function activationName(v: Value): string | null {
  if (v.kind === 'none') return 'linear';
  if (v.kind === 'str') return v.value.toLowerCase();
  if (v.kind === 'opaque') {
    // A function given by name (`keras.activations.tanh`): the reader's module or builtin value.
    const ref = v.ref as { kind?: string; name?: string; path?: string } | null;
    const path = ref?.kind === 'builtin' ? ref.name : ref?.kind === 'module' ? ref.path : undefined;
    return path ? path.split('.').pop()!.toLowerCase() : null;
  }
  return null;
}

function cellOf(layer: Layer, declared: IWeight[]): ICellInfo | null {
  const kind = RECURRENT[layer.className];
  if (!kind || !layer.args || declared.length < 2) return null;
  const cudnn = layer.className.startsWith('CuDNN');
  const arg = (name: string) => activationName(layer.args!.raw(name));
  return {
    kind,
    className: layer.className,
    units: declared[1].shape[0],
    inputDim: declared[0].shape[0],
    useBias: declared.length > 2,
    resetAfter: kind !== 'GRU' ? null : cudnn || boolArg(layer, 'reset_after'),
    cudnnKernels: cudnn,
    activation: cudnn ? 'tanh' : arg('activation'),
    recurrentActivation: kind === 'SimpleRNN' ? null : cudnn ? 'sigmoid' : arg('recurrent_activation')
  };
}

function boolArg(layer: Layer, name: string): boolean {
  const v = layer.args?.raw(name);
  return v?.kind === 'bool' ? v.value : false;
}

/** Why two directions cannot be one bidirectional PyTorch module / ONNX node, or null when they can. */
function directionsDiffer(f: ICellInfo, b: ICellInfo): string | null {
  const keys: Array<keyof ICellInfo> = ['kind', 'className', 'units', 'inputDim', 'useBias', 'resetAfter', 'activation', 'recurrentActivation'];
  const k = keys.find(key => f[key] !== b[key]);
  return k
    ? trans.__(
        'the backward layer differs from the forward one in %1 (%2 vs %3); a bidirectional module has one configuration for both',
        k,
        String(f[k]),
        String(b[k])
      )
    : null;
}

/** The conversion of a recurrent layer (plain, in Bidirectional or in TimeDistributed), or null for other layers. */
export function conversionFor(layer: Layer): ILayerConversion | null {
  const w = layer.weights;
  if (!w) return null;
  const declared = weightsFor(w, 'declared');
  // Most layers (Dense, Conv) have no cell to convert: their weights' names are listed only for the others.
  const keras = () => declared.map(x => ({ name: x.name, shape: x.shape }));
  if (layer.className === 'Bidirectional' || layer.className === 'TimeDistributed') {
    const forward = layer.inner.get('layer');
    if (!forward) return null;
    const backward = layer.className === 'Bidirectional' ? (layer.inner.get('backward_layer') ?? forward) : null;
    const half = backward ? declared.length / 2 : declared.length;
    if (CONV_LSTM.test(forward.className)) return convLstmRefusal(`${layer.className}(${forward.className})`, keras());
    const f = cellOf(forward, declared.slice(0, half));
    if (!f) return null;
    const names = backward ? ['forward', 'backward'] : [''];
    const named = declared.map((x, i) => ({ name: backward ? `${names[i < half ? 0 : 1]}/${x.name}` : x.name, shape: x.shape }));
    const b = backward ? cellOf(backward, declared.slice(half)) : null;
    const mismatch = b ? directionsDiffer(f, b) : null;
    return build(
      f,
      `${layer.className}(${forward.className})`,
      named,
      backward ? 2 : 1,
      mismatch,
      wrapperNotes(layer, f),
      sequenceOf(forward, layer)
    );
  }
  if (CONV_LSTM.test(layer.className)) return convLstmRefusal(layer.className, keras());
  const cell = cellOf(layer, declared);
  return cell ? build(cell, layer.className, keras(), 1, null, sequenceNotes(layer, cell, 1), sequenceOf(layer, null)) : null;
}

function sequenceOf(layer: Layer, wrapper: Layer | null): ILayerConversion['sequence'] {
  const mode = wrapper?.className === 'Bidirectional' ? wrapper.args?.raw('merge_mode') : null;
  return {
    returnSequences: boolArg(layer, 'return_sequences'),
    goBackwards: boolArg(layer, 'go_backwards'),
    mergeMode: mode?.kind === 'str' ? mode.value : null
  };
}

function convLstmRefusal(layout: string, keras: ILayerConversion['keras']): ILayerConversion {
  const why = (t: string) =>
    trans.__(
      'no exact conversion: %1 has no convolutional LSTM (and cuDNN no ConvLSTM kernel); its weights are convolution kernels, not the matrices of a recurrent cell',
      t
    );
  return {
    kind: 'LSTM',
    layout,
    kerasGates: KERAS_GATES.LSTM,
    keras,
    directions: layout.startsWith('Bidirectional') ? 2 : 1,
    sequence: { returnSequences: false, goBackwards: false, mergeMode: null },
    cell: {
      kind: 'LSTM',
      className: layout,
      units: 0n,
      inputDim: 0n,
      useBias: true,
      resetAfter: null,
      cudnnKernels: false,
      activation: null,
      recurrentActivation: null
    },
    pytorch: { target: 'pytorch', refused: why('PyTorch (torch.nn)'), brief: trans.__('no ConvLSTM in PyTorch') },
    onnx: { target: 'onnx', refused: why('ONNX'), brief: trans.__('no ConvLSTM operator') }
  };
}

function returnsSequences(layer: Layer): boolean {
  return boolArg(layer, 'return_sequences');
}

function sequenceNotes(layer: Layer, cell: ICellInfo, directions: number): string[] {
  const notes: string[] = [];
  const u = cell.units;
  if (boolArg(layer, 'go_backwards'))
    notes.push(trans.__('go_backwards=True: feed the PyTorch / ONNX module the sequence reversed (torch.flip(x, [1]))'));
  if (directions === 1 && !returnsSequences(layer))
    notes.push(trans.__('return_sequences=False: the Keras output is the last step, output[:, -1] (= h_n[0])'));
  if (directions === 2)
    notes.push(
      trans.__("the backward direction is PyTorch's output[..., %1:] / ONNX's Y[:, 1]; Keras flips it back to input order, as PyTorch does", u)
    );
  return notes;
}

function wrapperNotes(layer: Layer, cell: ICellInfo): string[] {
  const inner = layer.inner.get('layer')!;
  if (layer.className === 'TimeDistributed') {
    return [
      trans.__('TimeDistributed: run the module on (batch · steps, …) — x.reshape(-1, *x.shape[2:]) — and reshape the output back'),
      ...sequenceNotes(inner, cell, 1)
    ];
  }
  const mode = layer.args?.raw('merge_mode');
  const merge = mode?.kind === 'str' ? mode.value : mode?.kind === 'none' ? 'None' : 'concat';
  const u = cell.units;
  const seq = returnsSequences(inner);
  const [fw, bw] = seq ? [`output[..., :${u}]`, `output[..., ${u}:]`] : ['h_n[0]', 'h_n[1]'];
  const merged: Record<string, string> = nullPrototype({
    concat: seq ? trans.__('output as it is (both directions concatenated)') : 'concat(h_n[0], h_n[1])',
    sum: `${fw} + ${bw}`,
    mul: `${fw} * ${bw}`,
    ave: `(${fw} + ${bw}) / 2`,
    None: `[${fw}, ${bw}]`
  });
  const notes = [trans.__('merge_mode=%1: the Keras output is %2', merge === 'None' ? 'None' : `'${merge}'`, merged[merge] ?? '?')];
  if (!seq)
    notes.push(
      trans.__(
        "return_sequences=False: Keras keeps each direction's final state, h_n[0] and h_n[1] — not output[:, -1], whose backward half has seen one step"
      )
    );
  return notes;
}

// Getters: translated when read, in the language of the analysis.
const ACT_TORCH: Record<RnnKind, string> = {
  get LSTM() {
    return trans.__('nn.LSTM uses sigmoid gates and tanh');
  },
  get GRU() {
    return trans.__('nn.GRU uses sigmoid gates and tanh');
  },
  SimpleRNN: 'nn.RNN'
};
const ONNX_ACT: Record<string, string> = nullPrototype({
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'Relu'
});

function torchRefusal(c: ICellInfo): [string, string] | null {
  if (c.activation === null || (c.kind !== 'SimpleRNN' && c.recurrentActivation === null))
    return [trans.__('no exact conversion: the activation is not known statically'), trans.__('activation unknown')];
  if (c.kind === 'GRU' && !c.resetAfter) {
    return [
      trans.__(
        'no exact conversion: this GRU (reset_after=False) applies the reset gate before the recurrent kernel, h̃ = tanh(W_h x + U_h (r ⊙ h) + b_h); PyTorch and cuDNN compute the reset-after form, n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), which no choice of weights turns into it. ONNX GRU with linear_before_reset=0 is exact; or rebuild the layer with reset_after=True and retrain'
      ),
      trans.__('reset_after=False has no PyTorch/cuDNN form')
    ];
  }
  if (c.kind === 'SimpleRNN') {
    return c.activation === 'tanh' || c.activation === 'relu'
      ? null
      : [trans.__('no exact conversion: nn.RNN supports tanh and relu only, this layer uses %1', c.activation), `activation ${c.activation}`];
  }
  if (c.activation !== 'tanh' || c.recurrentActivation !== 'sigmoid') {
    return [
      trans.__(
        'no exact conversion: %1; this layer uses activation=%2, recurrent_activation=%3',
        ACT_TORCH[c.kind],
        c.activation,
        c.recurrentActivation
      ),
      trans.__('other activations')
    ];
  }
  return null;
}

function onnxActivations(c: ICellInfo, directions: number): string[] | string {
  const names =
    c.kind === 'SimpleRNN'
      ? [c.activation]
      : c.kind === 'LSTM'
        ? [c.recurrentActivation, c.activation, c.activation]
        : [c.recurrentActivation, c.activation];
  const mapped = names.map(n => (n === null ? null : (ONNX_ACT[n] ?? null)));
  const bad = names.find((_, i) => mapped[i] === null);
  if (bad !== undefined)
    return bad === null
      ? trans.__('the activation is not known statically')
      : trans.__("ONNX %1 has no activation exactly like Keras's %2", c.kind === 'SimpleRNN' ? 'RNN' : c.kind, bad);
  return Array(directions).fill(mapped).flat() as string[];
}

const ONNX_OP: Record<RnnKind, string> = { LSTM: 'LSTM', GRU: 'GRU', SimpleRNN: 'RNN' };
const TORCH_MODULE: Record<RnnKind, string> = { LSTM: 'torch.nn.LSTM', GRU: 'torch.nn.GRU', SimpleRNN: 'torch.nn.RNN' };

function build(
  cell: ICellInfo,
  layout: string,
  keras: ILayerConversion['keras'],
  directions: number,
  mismatch: string | null,
  notes: string[],
  sequence: ILayerConversion['sequence']
): ILayerConversion {
  const differ: [string, string] | null = mismatch ? [trans.__('no exact conversion: %1', mismatch), trans.__('directions differ')] : null;
  const torchWhy = differ ?? torchRefusal(cell);
  const acts = onnxActivations(cell, directions);
  const onnxWhy = differ ?? (typeof acts === 'string' ? [trans.__('no exact conversion: %1', acts), 'activation'] : null);
  return {
    kind: cell.kind,
    layout,
    kerasGates: KERAS_GATES[cell.kind],
    keras,
    directions,
    sequence,
    cell,
    pytorch: torchWhy ? { target: 'pytorch', refused: torchWhy[0], brief: torchWhy[1] } : target(cell, 'pytorch', keras, directions, notes, []),
    onnx: onnxWhy ? { target: 'onnx', refused: onnxWhy[0], brief: onnxWhy[1] } : target(cell, 'onnx', keras, directions, notes, acts as string[])
  };
}

const fmt = (n: bigint) => n.toString();

function target(
  cell: ICellInfo,
  t: Target,
  keras: ILayerConversion['keras'],
  directions: number,
  notes: string[],
  activations: string[]
): ITargetConversion {
  const { kind, units: u, inputDim: d } = cell;
  const g = BigInt(KERAS_GATES[kind].length);
  const order = GATE_SOURCE[t][kind];
  const targetGates = t === 'pytorch' ? TORCH_GATES[kind] : ONNX_GATES[kind];
  const perDirection = keras.length / directions;
  const pieces: IPiece[] = [];
  const tensors: ITargetTensor[] = [];
  const kernelOp: PieceOp = cell.cudnnKernels ? 'reshape' : 'transpose';
  const gateText = `gates ${KERAS_GATES[kind].join(',')} → ${targetGates.join(',')}`;
  const how = cell.cudnnKernels
    ? trans.__('each gate block is the raw cuDNN matrix: block.reshape(units, in)')
    : trans.__('each gate block transposed');
  // Keras GRU reset_after=True and the CuDNN layers keep both biases; the others keep b = b_i + b_r.
  const twoBiases = cell.cudnnKernels || (kind === 'GRU' && cell.resetAfter === true);
  const onnxDirections = BigInt(directions);
  for (let dir = 0; dir < directions; dir++) {
    const base = dir * perDirection;
    const suffix = t === 'pytorch' ? (dir === 1 ? '_l0_reverse' : '_l0') : '';
    const names =
      t === 'pytorch'
        ? { ih: `weight_ih${suffix}`, hh: `weight_hh${suffix}`, bi: `bias_ih${suffix}`, bh: `bias_hh${suffix}` }
        : { ih: 'W', hh: 'R', bi: 'B', bh: 'B' };
    const tdir = t === 'onnx' ? dir : null;
    const lead = (n: string) => (keras[base].name.includes('/') ? `${keras[base].name.split('/')[0]}/${n}` : n);
    for (let tg = 0; tg < order.length; tg++) {
      const kg = BigInt(order[tg]);
      const rows = (off: bigint) => ({ start: off + BigInt(tg) * u, end: off + BigInt(tg + 1) * u });
      const block = (weight: number, row: number | null, off = 0n): IKerasBlock => ({
        weight: base + weight,
        name: keras[base + weight].name,
        row,
        start: off + kg * u,
        end: off + (kg + 1n) * u
      });
      const gates = { kerasGate: KERAS_GATES[kind][order[tg]], targetGate: targetGates[tg] };
      pieces.push({ ...gates, keras: block(0, null), target: { tensor: names.ih, direction: tdir, ...rows(0n) }, op: kernelOp });
      pieces.push({ ...gates, keras: block(1, null), target: { tensor: names.hh, direction: tdir, ...rows(0n) }, op: kernelOp });
      if (!cell.useBias) continue;
      const bhOff = t === 'onnx' ? g * u : 0n;
      const flat = cell.cudnnKernels;
      pieces.push({
        ...gates,
        keras: block(2, flat || !twoBiases ? null : 0),
        target: { tensor: names.bi, direction: tdir, ...rows(0n) },
        op: 'copy'
      });
      pieces.push({
        ...gates,
        keras: twoBiases ? block(2, flat ? null : 1, flat ? g * u : 0n) : block(2, null),
        target: { tensor: names.bh, direction: tdir, ...rows(bhOff) },
        op: twoBiases ? 'copy' : 'zero'
      });
    }
    if (t === 'pytorch') {
      tensors.push({ name: names.ih, shape: [g * u, d], rule: `${lead('kernel')}, ${how}, ${gateText}` });
      tensors.push({ name: names.hh, shape: [g * u, u], rule: `${lead('recurrent_kernel')}, ${how}, ${gateText}` });
      if (cell.useBias) {
        tensors.push({
          name: names.bi,
          shape: [g * u],
          rule: twoBiases ? trans.__('%1 input half (b_i), %2', lead('bias'), gateText) : `${lead('bias')} (b_i = b), ${gateText}`
        });
        tensors.push({
          name: names.bh,
          shape: [g * u],
          rule: twoBiases ? trans.__('%1 recurrent half (b_r), %2', lead('bias'), gateText) : trans.__('zeros (b_r = 0)')
        });
      }
    }
  }
  if (t === 'onnx') {
    tensors.push({ name: 'W', shape: [onnxDirections, g * u, d], rule: trans.__('kernel per direction, %1, %2', how, gateText) });
    tensors.push({ name: 'R', shape: [onnxDirections, g * u, u], rule: trans.__('recurrent_kernel per direction, %1, %2', how, gateText) });
    if (cell.useBias)
      tensors.push({
        name: 'B',
        shape: [onnxDirections, 2n * g * u],
        rule: twoBiases ? trans.__('[Wb, Rb] = [b_i, b_r], %1', gateText) : trans.__('[Wb, Rb] = [b, 0], %1', gateText)
      });
  }
  const elements = tensors.reduce((n, x) => n + x.shape.reduce((a, b) => a * b, 1n), 0n);
  const bias = !cell.useBias
    ? null
    : twoBiases
      ? { toTarget: trans.__('b_i and b_r copied (input bias, recurrent bias)'), toKeras: trans.__('b_i and b_r copied back') }
      : { toTarget: 'b_i = b, b_r = 0', toKeras: 'b = b_i + b_r' };
  const options: ITargetConversion['options'] =
    t === 'pytorch'
      ? {
          input_size: Number(d),
          hidden_size: Number(u),
          num_layers: 1,
          bias: cell.useBias,
          batch_first: true,
          bidirectional: directions === 2,
          ...(kind === 'SimpleRNN' ? { nonlinearity: cell.activation! } : {})
        }
      : {
          hidden_size: Number(u),
          direction: directions === 2 ? 'bidirectional' : 'forward',
          activations,
          ...(kind === 'GRU' ? { linear_before_reset: cell.resetAfter ? 1 : 0 } : {})
        };
  const targetNotes =
    t === 'pytorch'
      ? [
          trans.__('batch_first=True: input (batch, steps, features), as Keras'),
          ...notes,
          trans.__('stacked layers: one module each, or one module with num_layers=N after renaming _l0 to _l1, _l2, … (stack_torch)')
        ]
      : [
          trans.__('layout 0: X (steps, batch, features), Y (steps, directions, batch, units); transpose Keras inputs and outputs'),
          ...(kind === 'GRU'
            ? [
                trans.__(
                  'linear_before_reset=%1: the %2 form, as this Keras GRU',
                  cell.resetAfter ? 1 : 0,
                  cell.resetAfter ? 'reset-after' : 'reset-before'
                )
              ]
            : []),
          ...notes
        ];
  return {
    target: t,
    module:
      t === 'pytorch'
        ? `${TORCH_MODULE[kind]}(${fmt(d)}, ${fmt(u)}${cell.useBias ? '' : ', bias=False'}, batch_first=True${directions === 2 ? ', bidirectional=True' : ''}${kind === 'SimpleRNN' && cell.activation === 'relu' ? ", nonlinearity='relu'" : ''})`
        : `ONNX ${ONNX_OP[kind]}`,
    options,
    gateOrder: targetGates,
    tensors,
    pieces,
    bias,
    notes: targetNotes,
    elements
  };
}
