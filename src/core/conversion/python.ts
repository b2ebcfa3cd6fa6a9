/**
 * The conversion as code: a self-contained Python module (numpy only) for the recurrent layers of the
 * models read, with `keras_to_torch`, `torch_to_keras`, `keras_to_onnx` and `onnx_to_keras`. The rules
 * are the ones of plan.ts, written as readable numpy; the per-layer table comes from the same plan.
 */
import type { IAnalysisReport, ILayerRow } from '../summary/summary';
import { isRefusal, type ILayerConversion } from './plan';
import { displayName, stringifySafe } from '../format/safe-text';

/** Dicts keyed by user names are Maps: a layer named `__proto__` is a key like any other. */
type Py = string | number | boolean | null | Py[] | { [key: string]: Py } | Map<string, Py>;

/**
 * A Python string literal: JSON's escapes are Python's, and with stringifySafe no DEL, C1, bidi or
 * zero-width character is written raw, so a name can neither end the literal nor reorder the source.
 */
const pyString = (s: string) => stringifySafe(s);

/** A Python literal (dicts keep their order). */
function py(v: Py, indent = ''): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(x => py(x, indent)).join(', ')}]`;
  const inner = `${indent}    `;
  const entries = [...(v instanceof Map ? v : Object.entries(v))].map(([k, x]) => `${inner}${pyString(k)}: ${py(x, inner)},`);
  return entries.length ? `{\n${entries.join('\n')}\n${indent}}` : '{}';
}

/** A file name inside the module's docstring: visible escapes, then backslashes and quotes escaped (`"""` cannot close it). */
const docstringText = (s: string) => displayName(s).replace(/[\\"]/g, c => `\\${c}`);

function layerEntry(c: ILayerConversion): Py {
  const onnx = isRefusal(c.onnx) ? null : c.onnx;
  return {
    layout: c.layout,
    kind: c.kind,
    units: Number(c.cell.units),
    input_dim: Number(c.cell.inputDim),
    directions: c.directions,
    use_bias: c.cell.useBias,
    reset_after: c.cell.resetAfter,
    cudnn_kernels: c.cell.cudnnKernels,
    torch: isRefusal(c.pytorch) ? null : c.pytorch.module,
    torch_refused: isRefusal(c.pytorch) ? c.pytorch.refused : null,
    onnx: onnx ? ({ op_type: onnx.module.replace(/^ONNX /, ''), ...onnx.options } as Py) : null,
    onnx_refused: isRefusal(c.onnx) ? c.onnx.refused : null
  };
}

/** The recurrent layers of `rows` and their nested models; a nested model's rows (shared, not copied) are walked once. */
function collect(rows: ILayerRow[], into: Map<string, Py>, seen = new Set<ILayerRow[]>()): void {
  if (seen.has(rows)) return;
  seen.add(rows);
  for (const row of rows) {
    if (row.conversion && row.conversion.cell.units > 0n) into.set(row.name, layerEntry(row.conversion));
    else if (row.conversion)
      into.set(row.name, {
        layout: row.conversion.layout,
        kind: null,
        torch_refused: (row.conversion.pytorch as { refused: string }).refused,
        onnx_refused: (row.conversion.onnx as { refused: string }).refused
      });
    if (row.rows) collect(row.rows, into, seen);
  }
}

export function conversionCode(reports: Array<{ file: string; report: IAnalysisReport }>): string {
  const table = new Map<string, Py>();
  for (const { report } of reports) {
    for (const m of report.models) {
      const layers = new Map<string, Py>();
      collect(m.rows, layers);
      if (layers.size) table.set(m.name, layers);
    }
  }
  const files = reports.map(r => docstringText(r.file)).join(', ');
  // A function, not a string: `$&` or `$'` in a file name is not a replacement pattern.
  return `${HEAD.replace('{files}', () => files)}\n# Per model, per Keras layer: what model-summary read from the source (units, input size, options).\nLAYERS = ${py(table)}\n${BODY}`;
}

const HEAD = `"""Recurrent-layer weights between Keras and PyTorch / ONNX, for the models of {files}.

Written by \`model-summary --conversion-code\`. numpy only: nothing here imports TensorFlow, Keras or
PyTorch. Paste it, adapt it.

    import torch
    state = keras_to_torch(model)                       # {layer name: {"weight_ih_l0": ndarray, ...}}
    lstm = torch.nn.LSTM(300, 300, batch_first=True, bidirectional=True)
    lstm.load_state_dict({k: torch.from_numpy(v) for k, v in state["bidirectional"].items()})
    torch_to_keras({"bidirectional": lstm.state_dict()}, model)   # and back, exactly

The rules (the same as the JSON's \`conversion\` and the panel's):
- Keras stores kernels as (input, gates * units) and recurrent kernels as (units, gates * units);
  cuDNN, PyTorch and ONNX store (gates * units, input) and (gates * units, units): each gate block
  is transposed. CuDNNLSTM / CuDNNGRU are the exception: each of their gate blocks already holds
  cuDNN's raw row-major (units, input) matrix, so it is re-read with reshape, not transposed.
- Gate order. LSTM: Keras i, f, c, o; cuDNN / PyTorch i, f, g, o (the same); ONNX i, o, f, c.
  GRU: Keras z, r, h; cuDNN / PyTorch r, z, n; ONNX z, r, h. SimpleRNN: one gate.
- Biases. cuDNN computes W x + b_i + R h + b_r. Keras LSTM, SimpleRNN and GRU(reset_after=False) keep
  one b = b_i + b_r: Keras -> cuDNN writes b_i = b, b_r = 0; cuDNN -> Keras adds b = b_i + b_r. Keras
  GRU(reset_after=True) keeps both (bias[0] = b_i, bias[1] = b_r), CuDNNLSTM / CuDNNGRU both halves of
  one vector: copied as they are. ONNX B is [Wb, Rb] = [b_i, b_r] per direction.
- GRU(reset_after=False) applies the reset gate before the recurrent kernel; PyTorch and cuDNN only
  have the reset-after form, so there is no exact conversion (ConversionError). ONNX GRU has both:
  linear_before_reset=0 is this form, 1 the reset-after one.
- Bidirectional: the backward layer is PyTorch's *_l0_reverse and ONNX's direction 1. PyTorch modules
  are batch_first=True; ONNX tensors use layout 0 (steps, batch, features).
"""
import warnings

import numpy as np
`;

const BODY = `
KERAS_GATES = {"LSTM": "i f c o", "GRU": "z r h", "SimpleRNN": "h"}
# For each gate of the target, in its order, the index of the Keras gate it comes from.
TORCH_FROM_KERAS = {"LSTM": [0, 1, 2, 3], "GRU": [1, 0, 2], "SimpleRNN": [0]}  # i f g o | r z n | h
ONNX_FROM_KERAS = {"LSTM": [0, 3, 1, 2], "GRU": [0, 1, 2], "SimpleRNN": [0]}  # i o f c | z r h | h


class ConversionError(ValueError):
    """A layer without an exact conversion, or weights that do not fit the layer."""


def _gates(spec):
    return len(KERAS_GATES[spec["kind"]].split())


def _two_biases(spec):
    """Whether the Keras layer keeps b_i and b_r itself (GRU reset_after=True, CuDNNLSTM, CuDNNGRU)."""
    return spec["cudnn_kernels"] or (spec["kind"] == "GRU" and bool(spec["reset_after"]))


def _to_rows(kernel, spec, order):
    """Keras (in, G*u) -> target (G*u, in): gate blocks in the target's order, each transposed
    (W_gate = block.T), or re-read as cuDNN's raw (u, in) matrix for CuDNN layers (block.reshape(u, in))."""
    blocks = np.split(np.asarray(kernel, dtype=np.float32), _gates(spec), axis=1)
    u = spec["units"]
    rows = [blocks[k].reshape(u, -1) if spec["cudnn_kernels"] else blocks[k].T for k in order]
    return np.ascontiguousarray(np.concatenate(rows, axis=0))


def _from_rows(rows, spec, order):
    """The inverse of _to_rows: target (G*u, in) -> Keras (in, G*u)."""
    target_blocks = np.split(np.asarray(rows, dtype=np.float32), _gates(spec), axis=0)
    u = spec["units"]
    blocks = [None] * len(order)
    for t, k in enumerate(order):
        blocks[k] = target_blocks[t].reshape(-1, u) if spec["cudnn_kernels"] else target_blocks[t].T
    return np.ascontiguousarray(np.concatenate(blocks, axis=1))


def _reorder(vector, spec, order):
    """A (G*u,) bias in Keras gate order -> the target's order."""
    parts = np.split(np.asarray(vector, dtype=np.float32), _gates(spec))
    return np.concatenate([parts[k] for k in order])


def _unorder(vector, spec, order):
    """A (G*u,) bias in the target's gate order -> Keras order."""
    parts = np.split(np.asarray(vector, dtype=np.float32), _gates(spec))
    keras = [None] * len(order)
    for t, k in enumerate(order):
        keras[k] = parts[t]
    return np.concatenate(keras)


def _split_bias(bias, spec):
    """Keras bias -> (b_i, b_r) in Keras gate order. One Keras bias b: b_i = b, b_r = 0."""
    bias = np.asarray(bias, dtype=np.float32)
    if _two_biases(spec):
        both = bias.reshape(2, -1)
        return both[0], both[1]
    return bias, np.zeros_like(bias)


def _join_bias(b_i, b_r, spec, shape):
    """(b_i, b_r) in Keras gate order -> the Keras bias: both kept, or b = b_i + b_r."""
    if _two_biases(spec):
        return np.stack([b_i, b_r]).reshape(shape)
    return (b_i + b_r).reshape(shape)


def _numpy(value):
    """An ndarray from numpy, a torch tensor or anything array-like."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float32)


def _all_layers(model, into=None):
    """Every layer by name, the layers of nested models included."""
    into = {} if into is None else into
    for layer in model.layers:
        into.setdefault(layer.name, layer)
        if callable(getattr(layer, "summary", None)) and hasattr(layer, "layers"):
            _all_layers(layer, into)
    return into


def _cells(layer):
    """The layers holding the weights: forward and backward for Bidirectional, the wrapped one for TimeDistributed."""
    if hasattr(layer, "forward_layer"):
        return [layer.forward_layer, layer.backward_layer]
    if type(layer).__name__ == "TimeDistributed":
        return [layer.layer]
    return [layer]


def _plan(model):
    """This model's table in LAYERS: by name, else the first whose layers all exist in the model."""
    layers = _all_layers(model)
    candidates = ([LAYERS[model.name]] if model.name in LAYERS else []) + list(LAYERS.values())
    for plan in candidates:
        if all(name in layers for name in plan):
            return plan, layers
    raise ConversionError(f"model {model.name!r} does not have the layers of any model read by model-summary ({', '.join(LAYERS) or 'none'})")


def _weights(cell, spec, name):
    """The cell's weights, checked against what model-summary read."""
    weights = cell.get_weights()
    g, u, d = _gates(spec), spec["units"], spec["input_dim"]
    expected = [(d, g * u), (u, g * u)]
    got = [tuple(w.shape) for w in weights[:2]]
    if got != expected or len(weights) != (3 if spec["use_bias"] else 2):
        raise ConversionError(f"{name}: weights {[tuple(w.shape) for w in weights]} do not match {spec['layout']}({u}) on {d} features")
    return weights


def _selected(plan, names, refused_key):
    """The layers to convert: the ones asked for (an error if one has no exact conversion), else all that have one."""
    if names is not None:
        for name in names:
            if name not in plan:
                raise ConversionError(f"{name}: not a recurrent layer of this model ({', '.join(plan)})")
            if plan[name][refused_key]:
                raise ConversionError(f"{name}: {plan[name][refused_key]}")
        return list(names)
    chosen = []
    for name, spec in plan.items():
        if spec[refused_key]:
            warnings.warn(f"{name} is left out: {spec[refused_key]}")
        else:
            chosen.append(name)
    return chosen


def keras_to_torch(model, layers=None):
    """Keras -> PyTorch: {layer name: state dict of its nn.LSTM / nn.GRU / nn.RNN} (numpy arrays).

    The module is LAYERS[...][name]["torch"] (batch_first=True, bidirectional=True for Bidirectional).
    weight_ih_l0 = kernel and weight_hh_l0 = recurrent_kernel with each gate block transposed and the
    gates reordered (LSTM i,f,c,o -> i,f,g,o; GRU z,r,h -> r,z,n); bias_ih_l0 = b and bias_hh_l0 = 0
    for a single Keras bias (b = b_i + b_r), both copied for GRU(reset_after=True) and CuDNN layers.
    The backward layer of a Bidirectional goes to the *_l0_reverse tensors. Layers without an exact
    conversion are left out with a warning, or raise ConversionError when named in \`layers\`.
    """
    plan, found = _plan(model)
    out = {}
    for name in _selected(plan, layers, "torch_refused"):
        spec = plan[name]
        order = TORCH_FROM_KERAS[spec["kind"]]
        state = {}
        for suffix, cell in zip(["_l0", "_l0_reverse"], _cells(found[name])):
            weights = _weights(cell, spec, name)
            state["weight_ih" + suffix] = _to_rows(weights[0], spec, order)
            state["weight_hh" + suffix] = _to_rows(weights[1], spec, order)
            if spec["use_bias"]:
                b_i, b_r = _split_bias(weights[2], spec)
                state["bias_ih" + suffix] = _reorder(b_i, spec, order)
                state["bias_hh" + suffix] = _reorder(b_r, spec, order)
        out[name] = state
    return out


def torch_to_keras(state_dicts, model):
    """PyTorch -> Keras: sets each named layer's weights from its module's state dict, exactly.

    kernel = weight_ih_l0 and recurrent_kernel = weight_hh_l0 with each gate block transposed back and
    the gates put in Keras order; a single Keras bias gets b = bias_ih_l0 + bias_hh_l0 (the sum is what
    every gate sees), two-bias layers get both. Raises ConversionError for a layer without an exact
    conversion (a GRU with reset_after=False: PyTorch's GRU is the reset-after form).
    """
    plan, found = _plan(model)
    for name, state in state_dicts.items():
        if name not in plan:
            raise ConversionError(f"{name}: not a recurrent layer of this model ({', '.join(plan)})")
        spec = plan[name]
        if spec["torch_refused"]:
            raise ConversionError(f"{name}: {spec['torch_refused']}")
        order = TORCH_FROM_KERAS[spec["kind"]]
        for suffix, cell in zip(["_l0", "_l0_reverse"], _cells(found[name])):
            current = _weights(cell, spec, name)
            weights = [_from_rows(_numpy(state["weight_ih" + suffix]), spec, order), _from_rows(_numpy(state["weight_hh" + suffix]), spec, order)]
            if spec["use_bias"]:
                b_i = _unorder(_numpy(state["bias_ih" + suffix]), spec, order)
                b_r = _unorder(_numpy(state["bias_hh" + suffix]), spec, order)
                weights.append(_join_bias(b_i, b_r, spec, current[2].shape))
            cell.set_weights(weights)


def keras_to_onnx(model, layers=None):
    """Keras -> ONNX: {layer name: {"W", "R", "B"}} for one LSTM / GRU / RNN node each.

    W [directions, G*u, input], R [directions, G*u, units], B [directions, 2*G*u] = [Wb, Rb]; gate order
    LSTM i,o,f,c, GRU z,r,h. The node's attributes are LAYERS[...][name]["onnx"] (hidden_size, direction,
    activations, and for GRU linear_before_reset: 1 for reset_after=True, 0 for reset_after=False, which
    makes every Keras GRU exact in ONNX). Wb = b, Rb = 0 for a single Keras bias.
    """
    plan, found = _plan(model)
    out = {}
    for name in _selected(plan, layers, "onnx_refused"):
        spec = plan[name]
        order = ONNX_FROM_KERAS[spec["kind"]]
        w, r, b = [], [], []
        for cell in _cells(found[name]):
            weights = _weights(cell, spec, name)
            w.append(_to_rows(weights[0], spec, order))
            r.append(_to_rows(weights[1], spec, order))
            if spec["use_bias"]:
                b_i, b_r = _split_bias(weights[2], spec)
                b.append(np.concatenate([_reorder(b_i, spec, order), _reorder(b_r, spec, order)]))
        out[name] = {"W": np.stack(w), "R": np.stack(r), **({"B": np.stack(b)} if b else {})}
    return out


def onnx_to_keras(arrays, model):
    """ONNX -> Keras: sets each named layer's weights from its node's W, R and B, exactly.

    The inverse of keras_to_onnx: b = Wb + Rb for a single Keras bias. A node whose B is absent counts
    as zeros. Raises ConversionError for a layer without an exact conversion.
    """
    plan, found = _plan(model)
    for name, tensors in arrays.items():
        if name not in plan:
            raise ConversionError(f"{name}: not a recurrent layer of this model ({', '.join(plan)})")
        spec = plan[name]
        if spec["onnx_refused"]:
            raise ConversionError(f"{name}: {spec['onnx_refused']}")
        order = ONNX_FROM_KERAS[spec["kind"]]
        g, u = _gates(spec), spec["units"]
        for direction, cell in enumerate(_cells(found[name])):
            current = _weights(cell, spec, name)
            weights = [_from_rows(_numpy(tensors["W"])[direction], spec, order), _from_rows(_numpy(tensors["R"])[direction], spec, order)]
            if spec["use_bias"]:
                bias = _numpy(tensors["B"])[direction] if "B" in tensors else np.zeros(2 * g * u, np.float32)
                weights.append(_join_bias(_unorder(bias[: g * u], spec, order), _unorder(bias[g * u :], spec, order), spec, current[2].shape))
            cell.set_weights(weights)


def stack_torch(state_dicts):
    """One state dict for nn.LSTM(num_layers=N) from N single-layer ones (consecutive Keras layers): _l0 -> _l{k}."""
    out = {}
    for k, state in enumerate(state_dicts):
        for key, value in state.items():
            out[key.replace("_l0", f"_l{k}")] = value
    return out
`;
