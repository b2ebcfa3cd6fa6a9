"""What a Keras recurrent layer returns, from what PyTorch / ONNX compute (numpy only; both interpreters import it).

`meta` describes the Keras layer: directions (1 or 2), return_sequences, merge_mode (Bidirectional),
time_distributed, units. `sequences[d]` is direction d's output per step, (batch, steps, units), in input
order (PyTorch and ONNX both put the backward direction back in input order, as Keras does);
`finals[d]` its final state (batch, units), after the whole sequence.
"""
import numpy as np


def keras_view(meta, sequences, finals):
    """A list of arrays: the Keras layer's outputs."""
    seq = meta["return_sequences"]
    if meta["directions"] == 1:
        return [sequences[0] if seq else finals[0]]
    forward, backward = (sequences if seq else finals)
    mode = meta["merge_mode"]
    if mode == "concat":
        return [np.concatenate([forward, backward], axis=-1)]
    if mode == "sum":
        return [forward + backward]
    if mode == "mul":
        return [forward * backward]
    if mode == "ave":
        return [(forward + backward) / 2]
    if mode is None:
        return [forward, backward]
    raise ValueError(f"merge_mode {mode!r}")


def steps_input(meta, x):
    """The input the recurrent module sees: TimeDistributed folds its axis into the batch."""
    return x.reshape((-1,) + x.shape[2:]) if meta["time_distributed"] else x


def unfold(meta, x, outputs):
    """TimeDistributed: (batch * outer, …) back to (batch, outer, …)."""
    if not meta["time_distributed"]:
        return outputs
    return [o.reshape(x.shape[:2] + o.shape[1:]) for o in outputs]


def max_diff(a, b):
    """Largest absolute difference between two lists of arrays (inf when the shapes differ)."""
    if len(a) != len(b) or any(np.shape(x) != np.shape(y) for x, y in zip(a, b)):
        return float("inf")
    return max(float(np.max(np.abs(np.asarray(x, np.float64) - np.asarray(y, np.float64)))) for x, y in zip(a, b))
