/** A layer's conversion in the JSON document (`layers[i].conversion`), and its one-line note for the text formats. */
import type { JsonCount } from '../format/json';
import { isRefusal, type ILayerConversion, type IPiece, type IRefusal, type Target, type ITargetConversion } from './plan';
import { trans } from '../i18n/current';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const count = (n: bigint): JsonCount => (n <= MAX_SAFE ? Number(n) : n.toString());

export interface IJsonPiece {
  kerasGate: string;
  targetGate: string;
  keras: { weight: number; name: string; row: number | null; start: JsonCount; end: JsonCount };
  target: { tensor: string; direction: number | null; start: JsonCount; end: JsonCount };
  op: IPiece['op'];
}

export interface IJsonTargetConversion {
  target: Target;
  module: string;
  options: ITargetConversion['options'];
  gateOrder: string[];
  tensors: Array<{ name: string; shape: JsonCount[]; rule: string }>;
  pieces: IJsonPiece[];
  bias: { toTarget: string; toKeras: string } | null;
  notes: string[];
  elements: JsonCount;
}

export interface IJsonConversion {
  kind: ILayerConversion['kind'];
  layout: string;
  kerasGates: string[];
  keras: Array<{ name: string; shape: JsonCount[] }>;
  directions: number;
  sequence: ILayerConversion['sequence'];
  pytorch: IJsonTargetConversion | IRefusal;
  onnx: IJsonTargetConversion | IRefusal;
}

function jsonTarget(t: ITargetConversion | IRefusal): IJsonTargetConversion | IRefusal {
  if (isRefusal(t)) return t;
  return {
    target: t.target,
    module: t.module,
    options: t.options,
    gateOrder: t.gateOrder,
    tensors: t.tensors.map(x => ({ name: x.name, shape: x.shape.map(count), rule: x.rule })),
    pieces: t.pieces.map(p => ({
      kerasGate: p.kerasGate,
      targetGate: p.targetGate,
      keras: { ...p.keras, start: count(p.keras.start), end: count(p.keras.end) },
      target: { ...p.target, start: count(p.target.start), end: count(p.target.end) },
      op: p.op
    })),
    bias: t.bias,
    notes: t.notes,
    elements: count(t.elements)
  };
}

export function jsonConversion(c: ILayerConversion): IJsonConversion {
  return {
    kind: c.kind,
    layout: c.layout,
    kerasGates: c.kerasGates,
    keras: c.keras.map(k => ({ name: k.name, shape: k.shape.map(count) })),
    directions: c.directions,
    sequence: c.sequence,
    pytorch: jsonTarget(c.pytorch),
    onnx: jsonTarget(c.onnx)
  };
}

type AnyTarget = IJsonTargetConversion | IRefusal | ITargetConversion;

/** One short line for the text formats: the target modules, the gate orders and the bias rule, or why not. */
export function conversionNote(c: { pytorch: AnyTarget; onnx: AnyTarget; kerasGates: string[] }): string {
  const part = (t: AnyTarget) =>
    'refused' in t
      ? trans.__('%1: no exact conversion (%2)', t.target === 'pytorch' ? 'PyTorch/cuDNN' : 'ONNX', t.brief)
      : trans.__('%1 gates %2', t.module, t.gateOrder.join(','));
  const bias = [c.pytorch, c.onnx].map(t => ('bias' in t && t.bias ? t.bias.toTarget : null)).find(b => b);
  return trans.__('Keras gates %1 → %2; %3%4', c.kerasGates.join(','), part(c.pytorch), part(c.onnx), bias ? `; ${bias}` : '');
}
