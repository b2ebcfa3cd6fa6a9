/**
 * The conversion proven by the forward pass: TensorFlow.js runs each recurrent layer with random weights
 * in the Keras layout, and the cuDNN equations — separate b_i and b_r, written here with TensorFlow.js
 * ops on the same backend — run on the weights the conversion (conversion/apply.ts) produces, on the same
 * input. Outputs within 1e-5 prove the mapping (transposes, gate order, bias rule) for that layer.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { ILayerRow, IModelSummary } from '../summary/summary';
import { toTarget, type ITensor } from '../conversion/apply';
import { isRefusal, type ICellInfo, type ILayerConversion, type ITargetConversion } from '../conversion/plan';
import type { TF } from './validate';
import { trans } from '../i18n/current';

export const CONVERSION_TOLERANCE = 1e-5;

export interface IConversionCheck {
  layer: string;
  status: 'ok' | 'mismatch' | 'not checked';
  /** What was proven, e.g. "b = b_i + b_r, verified numerically". */
  statement: string;
  /** Largest absolute difference between the two forward passes. */
  maxDiff: number | null;
  /** The target whose equations ran: `pytorch` (cuDNN / PyTorch) or `onnx`. */
  target: 'pytorch' | 'onnx' | null;
  /** How the Keras side ran: a TensorFlow.js layer, or the Keras equations (TensorFlow.js lacks the layer). */
  kerasSide: string | null;
  reason?: string;
}

/** A deterministic uniform(-scale, scale) stream: the same weights on every backend. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number, scale: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
    }
    return out;
  };
}

interface IWrapping {
  directions: number;
  returnSequences: boolean;
  mergeMode: string | null;
  timeDistributed: boolean;
  goBackwards: boolean;
}

export async function checkConversions(tf: TF, summary: IModelSummary, sequenceLength = 8): Promise<IConversionCheck[]> {
  const out: IConversionCheck[] = [];
  const visit = (rows: ILayerRow[]) => {
    for (const row of rows) {
      if (row.conversion) out.push(checkLayer(tf, row, row.conversion, Math.min(sequenceLength, 8), out.length));
      if (row.rows) visit(row.rows);
    }
  };
  visit(summary.rows);
  return out;
}

function notChecked(row: ILayerRow, reason: string): IConversionCheck {
  return { layer: row.name, status: 'not checked', statement: '', maxDiff: null, target: null, kerasSide: null, reason };
}

function statementOf(cell: ICellInfo, target: 'pytorch' | 'onnx'): string {
  if (target === 'onnx' && cell.kind === 'GRU')
    return trans.__('ONNX GRU linear_before_reset=0 with Wb = b, Rb = 0, verified numerically (PyTorch/cuDNN have no such GRU)');
  if (target === 'onnx')
    return trans.__(
      "ONNX %1 with Wb = b, Rb = 0 and this layer's activations, verified numerically (PyTorch has no such layer)",
      cell.kind === 'LSTM' ? 'LSTM' : 'RNN'
    );
  if (cell.kind === 'GRU') return trans.__('b_i = bias[0], b_r = bias[1], gates z,r,h → r,z,n, verified numerically');
  return trans.__('b = b_i + b_r, verified numerically');
}

function checkLayer(tf: TF, row: ILayerRow, conv: ILayerConversion, steps: number, index: number): IConversionCheck {
  const cell = conv.cell;
  if (cell.units === 0n) return notChecked(row, isRefusal(conv.pytorch) ? conv.pytorch.refused : trans.__('no conversion'));
  if (cell.cudnnKernels)
    return notChecked(row, trans.__("TensorFlow.js has no %1; make conversion-check runs it against tf_keras's own conversion", cell.className));
  const useOnnx = isRefusal(conv.pytorch) && !isRefusal(conv.onnx);
  const target = useOnnx ? conv.onnx : conv.pytorch;
  if (isRefusal(target)) return notChecked(row, target.refused);
  const w = wrapping(row, conv);
  const rand = random(0x13 + index * 7919);
  const d = Number(cell.inputDim);
  const u = Number(cell.units);
  const scale = 1 / Math.sqrt(Math.max(d, u));
  const keras: ITensor[] = conv.keras.map(k => {
    const shape = k.shape.map(Number);
    return {
      shape,
      data: rand(
        shape.reduce((a, b) => a * b, 1),
        k.name.endsWith('bias') ? 0.5 : scale
      )
    };
  });
  const inputShape = w.timeDistributed ? [2, 3, steps, d] : [2, steps, d];
  const x = rand(
    inputShape.reduce((a, b) => a * b, 1),
    1
  );
  const converted = toTarget(target, keras);
  const kerasSide =
    cell.kind === 'GRU' && cell.resetAfter
      ? trans.__('the Keras GRU equations in TensorFlow.js ops (TensorFlow.js has no reset_after=True GRU)')
      : `TensorFlow.js ${tfjsName(cell)}`;
  tf.engine().startScope();
  try {
    const input = tf.tensor(x, inputShape);
    const expected = kerasForward(tf, cell, w, keras, input);
    const actual = targetForward(tf, cell, w, target, converted, input, useOnnx);
    if (expected.length !== actual.length || expected.some((e, i) => e.shape.join() !== actual[i].shape.join())) {
      return {
        layer: row.name,
        status: 'mismatch',
        statement: '',
        maxDiff: null,
        target: target.target,
        kerasSide,
        reason: trans.__(
          'output shapes differ: %1 vs %2',
          expected.map(e => e.shape.join('×')).join(', '),
          actual.map(a => a.shape.join('×')).join(', ')
        )
      };
    }
    const diff = Math.max(...expected.map((e, i) => tf.max(tf.abs(tf.sub(e, actual[i]))).dataSync()[0]));
    const ok = diff <= CONVERSION_TOLERANCE;
    return {
      layer: row.name,
      status: ok ? 'ok' : 'mismatch',
      statement: ok ? statementOf(cell, target.target) : trans.__('the converted weights disagree: largest difference %1', diff.toExponential(2)),
      maxDiff: diff,
      target: target.target,
      kerasSide
    };
  } catch (e) {
    return notChecked(row, trans.__('TensorFlow.js failed: %1', (e as Error).message.slice(0, 200)));
  } finally {
    tf.engine().endScope();
  }
}

function wrapping(row: ILayerRow, conv: ILayerConversion): IWrapping {
  return { directions: conv.directions, ...conv.sequence, timeDistributed: row.className === 'TimeDistributed' };
}

function tfjsName(cell: ICellInfo): string {
  return cell.kind === 'LSTM' ? 'LSTM' : cell.kind === 'GRU' ? 'GRU' : 'SimpleRNN';
}

type T = tfjs.Tensor;

/** The Keras layer: TensorFlow.js's own, or the Keras GRU(reset_after=True) equations where it has none. */
function kerasForward(tf: TF, cell: ICellInfo, w: IWrapping, keras: ITensor[], input: T): T[] {
  const x = w.timeDistributed ? tf.reshape(input, [-1, ...input.shape.slice(2)]) : input;
  const perDirection = keras.length / w.directions;
  let outputs: T[];
  if (cell.kind === 'GRU' && cell.resetAfter) {
    const runs = [0, 1].slice(0, w.directions).map(dir => {
      const [k, r, b] = keras.slice(dir * perDirection, (dir + 1) * perDirection).map(t => tf.tensor(t.data, t.shape));
      return scan(tf, x, (dir === 1) !== w.goBackwards, cell, (xt, h) => kerasGruResetAfter(tf, cell, xt, h, k, r, b));
    });
    outputs = merge(tf, w, runs);
  } else {
    const config = {
      units: Number(cell.units),
      returnSequences: w.returnSequences,
      goBackwards: w.goBackwards,
      useBias: cell.useBias,
      activation: cell.activation as 'tanh',
      // The weights are set below; the default orthogonal initializer costs minutes for 300 units.
      kernelInitializer: 'zeros' as const,
      recurrentInitializer: 'zeros' as const,
      ...(cell.kind === 'SimpleRNN' ? {} : { recurrentActivation: cell.recurrentActivation as 'sigmoid' })
    };
    const make = () => (cell.kind === 'LSTM' ? tf.layers.lstm(config) : cell.kind === 'GRU' ? tf.layers.gru(config) : tf.layers.simpleRNN(config));
    const layer = w.directions === 2 ? tf.layers.bidirectional({ layer: make() as never, mergeMode: (w.mergeMode ?? undefined) as never }) : make();
    layer.apply(x);
    layer.setWeights(keras.map(t => tf.tensor(t.data, t.shape)));
    const y = layer.apply(x) as T | T[];
    outputs = Array.isArray(y) ? y : [y];
    // A merge_mode=None Bidirectional returns both directions; tfjs concatenates unless told otherwise.
    if (w.directions === 2 && w.mergeMode === null && outputs.length === 1) outputs = tf.split(outputs[0], 2, -1);
    layer.dispose();
  }
  return w.timeDistributed ? outputs.map(o => tf.reshape(o, [input.shape[0]!, input.shape[1]!, ...o.shape.slice(1)])) : outputs;
}

/** z, r, h in Keras order; bias[0] the input bias, bias[1] the recurrent one (keras/src/layers/rnn/gru.py). */
function kerasGruResetAfter(tf: TF, cell: ICellInfo, xt: T, h: T, kernel: T, recurrent: T, bias: T | undefined): T {
  const u = Number(cell.units);
  let xw = tf.matMul(xt, kernel);
  let hu = tf.matMul(h, recurrent);
  if (bias) {
    xw = tf.add(xw, tf.reshape(tf.slice(bias, [0, 0], [1, -1]), [-1]));
    hu = tf.add(hu, tf.reshape(tf.slice(bias, [1, 0], [1, -1]), [-1]));
  }
  const [xz, xr, xh] = tf.split(xw, [u, u, u], -1);
  const [hz, hr, hh] = tf.split(hu, [u, u, u], -1);
  const z = tf.sigmoid(tf.add(xz, hz));
  const r = tf.sigmoid(tf.add(xr, hr));
  const candidate = tf.tanh(tf.add(xh, tf.mul(r, hh)));
  return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
}

/** Runs a step function over the steps (backwards when asked); returns every state (in input order) and the last. */
function scan(tf: TF, x: T, backwards: boolean, cell: ICellInfo, step: (xt: T, h: T) => T | [T, T]): { sequence: T; last: T } {
  const steps = x.shape[1]!;
  const batch = x.shape[0]!;
  const u = Number(cell.units);
  let h: T = tf.zeros([batch, u]);
  let c: T = tf.zeros([batch, u]);
  const states: T[] = [];
  for (let i = 0; i < steps; i++) {
    const t = backwards ? steps - 1 - i : i;
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [-1, 1, -1]), [batch, -1]);
    const next = cell.kind === 'LSTM' ? (step(xt, tf.concat([h, c], -1)) as [T, T]) : (step(xt, h) as T);
    if (Array.isArray(next)) [h, c] = next;
    else h = next;
    states.push(h);
  }
  if (backwards) states.reverse();
  return { sequence: tf.stack(states, 1), last: h };
}

function merge(tf: TF, w: IWrapping, runs: Array<{ sequence: T; last: T }>): T[] {
  const pick = (r: { sequence: T; last: T }) => (w.returnSequences ? r.sequence : r.last);
  if (runs.length === 1) return [pick(runs[0])];
  const [f, b] = runs.map(pick);
  switch (w.mergeMode) {
    case 'concat':
      return [tf.concat([f, b], -1)];
    case 'sum':
      return [tf.add(f, b)];
    case 'mul':
      return [tf.mul(f, b)];
    case 'ave':
      return [tf.div(tf.add(f, b), 2)];
    default:
      return [f, b];
  }
}

const sigmoidOr = (tf: TF, name: string | null, v: T) => (name === 'relu' ? tf.relu(v) : name === 'sigmoid' ? tf.sigmoid(v) : tf.tanh(v));

/**
 * The target's equations on the converted tensors. cuDNN / PyTorch: gates = W_ih x + b_ih + W_hh h + b_hh,
 * LSTM i,f,g,o; GRU r,z,n with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)); RNN h = act(…).
 * ONNX GRU with linear_before_reset=0: z,r,h with h̃ = tanh(W_h x + R_h (r ⊙ h) + Wb_h + Rb_h).
 */
function targetForward(tf: TF, cell: ICellInfo, w: IWrapping, conv: ITargetConversion, tensors: Map<string, ITensor>, input: T, onnx: boolean): T[] {
  const x = w.timeDistributed ? tf.reshape(input, [-1, ...input.shape.slice(2)]) : input;
  const u = Number(cell.units);
  const g = cell.kind === 'LSTM' ? 4 : cell.kind === 'GRU' ? 3 : 1;
  const get = (name: string, dir: number, part?: 'i' | 'r'): T | null => {
    const t = tensors.get(name);
    if (!t) return null;
    const full = tf.tensor(t.data, t.shape);
    if (!onnx) return full;
    const one = tf.reshape(tf.slice(full, [dir, ...t.shape.slice(1).map(() => 0)], [1, ...t.shape.slice(1)]), t.shape.slice(1));
    if (name !== 'B') return one;
    return tf.slice(one, [part === 'r' ? g * u : 0], [g * u]);
  };
  const runs = [0, 1].slice(0, w.directions).map(dir => {
    const sfx = dir === 1 ? '_l0_reverse' : '_l0';
    const wih = onnx ? get('W', dir)! : get(`weight_ih${sfx}`, dir)!;
    const whh = onnx ? get('R', dir)! : get(`weight_hh${sfx}`, dir)!;
    const bi = onnx ? get('B', dir, 'i') : get(`bias_ih${sfx}`, dir);
    const br = onnx ? get('B', dir, 'r') : get(`bias_hh${sfx}`, dir);
    const affine = (v: T, m: T, b: T | null) => (b ? tf.add(tf.matMul(v, m, false, true), b) : tf.matMul(v, m, false, true));
    return scan(tf, x, (dir === 1) !== w.goBackwards, cell, (xt, state) => {
      if (cell.kind === 'LSTM') {
        const [h, c] = tf.split(state, 2, -1);
        const gates = tf.add(affine(xt, wih, bi), affine(h, whh, br));
        // cuDNN / PyTorch: i, f, g, o; ONNX: i, o, f, c.
        const parts = tf.split(gates, 4, -1);
        const [i, f, gg, o] = onnx ? [parts[0], parts[2], parts[3], parts[1]] : parts;
        const gate = (v: T) => sigmoidOr(tf, cell.recurrentActivation, v);
        const act = (v: T) => sigmoidOr(tf, cell.activation, v);
        const c2 = tf.add(tf.mul(gate(f), c), tf.mul(gate(i), act(gg)));
        return [tf.mul(gate(o), act(c2)), c2];
      }
      if (cell.kind === 'SimpleRNN') return sigmoidOr(tf, cell.activation, tf.add(affine(xt, wih, bi), affine(state, whh, br)));
      const xi = affine(xt, wih, bi);
      if (!onnx) {
        const [xr, xz, xn] = tf.split(xi, 3, -1);
        const [hr, hz, hn] = tf.split(affine(state, whh, br), 3, -1);
        const r = tf.sigmoid(tf.add(xr, hr));
        const z = tf.sigmoid(tf.add(xz, hz));
        const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
        return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, state));
      }
      // ONNX, linear_before_reset = 0: the reset gate multiplies h before R_h.
      const [xz, xr, xh] = tf.split(xi, 3, -1);
      const [rz, rr, rh] = tf.split(whh, 3, 0);
      const [bz, brr, bh] = br ? tf.split(br, 3, -1) : [null, null, null];
      const z = tf.sigmoid(tf.add(xz, affine(state, rz, bz)));
      const r = tf.sigmoid(tf.add(xr, affine(state, rr, brr)));
      const candidate = tf.tanh(tf.add(xh, affine(tf.mul(r, state), rh, bh)));
      return tf.add(tf.mul(tf.sub(1, z), candidate), tf.mul(z, state));
    });
  });
  void conv;
  const outputs = merge(tf, w, runs);
  return w.timeDistributed ? outputs.map(o => tf.reshape(o, [input.shape[0]!, input.shape[1]!, ...o.shape.slice(1)])) : outputs;
}
