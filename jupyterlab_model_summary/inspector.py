"""The fixed inspection code: what the kernel tells about the Keras models and simple values it holds.

This file is shipped twice: the IPython extension imports it, and the JupyterLab extension sends its
text to the kernel (as a string literal, executed once in a private dict bound to the one name
``_jupyterlab_model_summary``). So it uses the standard library only and imports nothing else: it
looks at ``sys.modules`` for Keras and only reads objects whose classes come from modules the user's
code already loaded. It never builds, calls or changes a model; it never evaluates text: names come
in as data, checked against ``^[A-Za-z_]\\w*$``, and are looked up in the namespace.
"""

import json
import re
import sys
import time

VERSION = 1
NAME = re.compile(r"^[A-Za-z_]\w*$")
# Bounds of one reply: it must stay cheap for the kernel and small on the wire.
LIMITS = {"models": 50, "layers": 5000, "seconds": 2.0, "bytes": 4_000_000, "names": 2000, "items": 64, "chars": 256}
# Recurrent layers whose biases differ between the Keras and cuDNN layouts: gates and what counts them.
RECURRENT = {
    "SimpleRNN": (1, "units"), "LSTM": (4, "units"), "GRU": (3, "units"),
    "CuDNNLSTM": (4, "units"), "CuDNNGRU": (3, "units"),
    "ConvLSTM1D": (4, "filters"), "ConvLSTM2D": (4, "filters"), "ConvLSTM3D": (4, "filters"),
    # Cells under keras.layers.RNN (alone or in StackedRNNCells); a layer's own cell is counted with the layer.
    "SimpleRNNCell": (1, "units"), "LSTMCell": (4, "units"), "GRUCell": (3, "units"),
}
ARRAY_MODULES = ("numpy", "pandas", "tensorflow", "torch", "jax", "jaxlib", "keras", "tf_keras")
SKIPPED_NAMES = {"In", "Out", "exit", "quit", "get_ipython"}


def libraries():
    """The Keras libraries the user's code loaded: ``[(module, name, version, backend)]``."""
    found = []
    keras = sys.modules.get("keras")
    if keras is not None and hasattr(keras, "Model"):
        backend = None
        try:
            backend = keras.config.backend()
        except Exception:
            backend = getattr(getattr(keras, "backend", None), "backend", lambda: None)()
        found.append((keras, "keras", str(getattr(keras, "__version__", "?")), backend))
    tf_keras = sys.modules.get("tf_keras")
    if tf_keras is not None and hasattr(tf_keras, "Model"):
        found.append((tf_keras, "tf_keras", str(getattr(tf_keras, "__version__", "?")), "tensorflow"))
    return found


def _dims(shape):
    """A shape as a list of ints and Nones, or None when it is not one."""
    if shape is None:
        return None
    if hasattr(shape, "as_list"):
        try:
            shape = shape.as_list()
        except ValueError:  # unknown rank
            return None
    try:
        dims = list(shape)
    except TypeError:
        return None
    out = []
    for d in dims:
        if d is None:
            out.append(None)
        elif isinstance(d, int):
            out.append(int(d))
        elif hasattr(d, "value"):  # tf.compat.v1 Dimension
            out.append(None if d.value is None else int(d.value))
        else:
            return None
    return out


def _flat(value):
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _flat(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flat(v)]
    return [value]


def _dtype(value):
    dtype = getattr(value, "dtype", None)
    return str(getattr(dtype, "name", dtype))


def _node_keys(model):
    """The keys of the nodes that belong to a functional model (Keras 3 or tf_keras), or None."""
    graph = getattr(model, "_functional", None)
    if graph is None:
        graph = model
    for attr in ("_nodes", "_network_nodes"):
        keys = getattr(graph, attr, None)
        if keys:
            return keys
    return None


def _in_model(layer, index, keys):
    # Keras 3 keys nodes by the layer's id, tf_keras by its name.
    return keys is None or f"{id(layer)}_ib-{index}" in keys or f"{layer.name}_ib-{index}" in keys


def _output_shapes(layer, keys):
    """Output shape(s) of the layer's first call inside the model; None when it cannot be read cheaply."""
    nodes = list(getattr(layer, "_inbound_nodes", None) or [])
    for index, node in enumerate(nodes):
        if not _in_model(layer, index, keys):
            continue
        outputs = getattr(node, "outputs", None)
        if outputs is None:
            outputs = getattr(node, "output_tensors", None)
        tensors = _flat(outputs if outputs is not None else [])
        shapes = [_dims(getattr(t, "shape", None)) for t in tensors]
        if not shapes:
            return None
        return shapes[0] if len(shapes) == 1 else shapes
    return None


def _sublayers(layer):
    try:
        return list(layer._flatten_layers(include_self=False, recursive=True))
    except Exception:
        return []


def _recurrent(layer, weight_ids):
    """Per recurrent sublayer: its class, gates, units and the index of its bias among the row's weights."""
    out = []
    claimed = set()  # the cells of the recurrent layers already counted
    for sub in [layer] + _sublayers(layer):
        kind = type(sub).__name__
        if kind not in RECURRENT or id(sub) in claimed:
            continue
        gates, unit_name = RECURRENT[kind]
        cell = getattr(sub, "cell", None)
        if cell is not None:
            claimed.add(id(cell))
        bias = getattr(cell, "bias", None) if cell is not None else None
        if bias is None:
            bias = getattr(sub, "bias", None)
        units = getattr(cell, unit_name, None) if cell is not None else None
        if units is None:
            units = getattr(sub, unit_name, None)
        entry = {"class": kind, "gates": gates, "unitName": unit_name, "units": int(units) if isinstance(units, int) else None}
        entry["bias"] = weight_ids.get(id(bias)) if bias is not None else None
        reset_after = getattr(cell, "reset_after", getattr(sub, "reset_after", None))
        if isinstance(reset_after, bool):
            entry["resetAfter"] = reset_after
        out.append(entry)
    return out


class _Budget:
    def __init__(self, limits):
        self.limits = limits
        self.layers = 0
        self.deadline = time.perf_counter() + limits["seconds"]
        self.truncated = None

    def take_layer(self):
        self.layers += 1
        if self.layers > self.limits["layers"]:
            self.truncated = f"more than {self.limits['layers']} layers"
        elif time.perf_counter() > self.deadline:
            self.truncated = f"over {self.limits['seconds']} s"
        return self.truncated is None


def describe_layer(layer, keys, model_classes, budget):
    """One row: name, class, output shape, weights (live), trainable, recurrent configuration, nested rows."""
    trainable_ids = {id(w) for w in getattr(layer, "trainable_weights", [])}
    weights = list(getattr(layer, "weights", []))
    row = {
        "name": str(layer.name),
        "class": type(layer).__name__,
        "module": type(layer).__module__,
        "outputShape": _output_shapes(layer, keys),
        "trainable": bool(getattr(layer, "trainable", True)),
        # An unbuilt layer has no weights yet: its count is unknown, not zero.
        "built": bool(getattr(layer, "built", True)),
        "weights": [
            {
                "name": str(getattr(w, "path", None) or w.name).split(":")[0],
                "shape": _dims(w.shape),
                "dtype": _dtype(w),
                "trainable": id(w) in trainable_ids,
            }
            for w in weights
        ],
        "calls": 1,
    }
    if keys is not None:
        row["calls"] = max(1, sum(1 for i in range(len(getattr(layer, "_inbound_nodes", None) or [])) if _in_model(layer, i, keys)))
    if isinstance(layer, model_classes):
        row["layers"] = describe_layers(layer, model_classes, budget)
        return row
    recurrent = _recurrent(layer, {id(w): i for i, w in enumerate(weights)})
    if recurrent:
        row["recurrent"] = recurrent
    return row


def describe_layers(model, model_classes, budget):
    keys = _node_keys(model)
    rows = []
    for layer in list(getattr(model, "layers", [])):
        if not budget.take_layer():
            break
        rows.append(describe_layer(layer, keys, model_classes, budget))
    return rows


def _optimizer(model, library):
    """Keras 3's built optimizer, whose variables its summary prints as "Optimizer params" and counts in "Total
    params" (tf.keras 2 prints none): its class and its variables' sizes by dtype, scalars (``iteration``,
    ``learning_rate``) apart from the slot variables that have the shapes of the weights; None when not built."""
    if library != "keras" or getattr(model, "compiled", False) is not True:
        return None
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or getattr(optimizer, "built", False) is not True:
        return None
    def elements(v):
        shape = _dims(v.shape)
        if shape is None or any(d is None for d in shape):
            return None
        n = 1
        for d in shape:
            n *= d
        return n

    variables = {}
    for v in list(getattr(optimizer, "variables", None) or []):
        n = elements(v)
        if n is None:
            return {"class": type(optimizer).__name__, "variables": None, "builtOn": None}
        key = (_dtype(v), not _dims(v.shape))
        variables[key] = variables.get(key, 0) + n
    # The trainable weights it was built on (layers frozen later are still among them).
    sizes = [elements(v) for v in list(getattr(optimizer, "_trainable_variables", None) or [])]
    return {"class": type(optimizer).__name__,
            "variables": [{"dtype": dtype, "scalar": scalar, "elements": n} for (dtype, scalar), n in variables.items()],
            "builtOn": None if not sizes or None in sizes else sum(sizes)}


def describe_model(variable, model, library, model_classes, budget):
    """A model as the kernel holds it. Reading ``model.layers`` and weights builds nothing."""
    out = {"variable": variable, "name": str(model.name), "class": type(model).__name__, "library": library,
           "built": bool(getattr(model, "built", False))}
    try:
        out["layers"] = describe_layers(model, model_classes, budget)
        optimizer = _optimizer(model, library)
        if optimizer is not None:
            out["optimizer"] = optimizer
    except Exception as error:  # an unusual subclass: say so, keep the other models
        out["layers"] = out.get("layers", [])
        out["error"] = f"{type(error).__name__}: {error}"[:300]
    return out


def find_models(namespace, names=None):
    """``[(variable, model, library)]``: Keras models bound to public names, each once, in namespace order."""
    libs = libraries()
    if not libs:
        return [], libs
    classes = tuple(lib.Model for lib, *_ in libs)
    found, seen = [], set()
    for variable, value in list(namespace.items()):
        if names is not None and variable not in names:
            continue
        if variable.startswith("_") or variable in SKIPPED_NAMES or id(value) in seen:
            continue
        if isinstance(value, classes):
            seen.add(id(value))
            lib = next(name for module, name, *_ in libs if isinstance(value, module.Model))
            found.append((variable, value, lib))
    return found, libs


def simple_value(value, depth=0, limits=LIMITS):
    """A KernelValue: numbers, strings, booleans, None, tuples/lists of those, shapes and dtypes of arrays; else None."""
    kind = type(value)
    if value is None:
        return {"kind": "none", "value": None}
    if kind is bool:
        return {"kind": "bool", "value": value}
    if kind is int:
        return {"kind": "int", "value": str(value)} if abs(value) > 2**53 - 1 else {"kind": "int", "value": value}
    if kind is float:
        return {"kind": "float", "value": value} if value == value and abs(value) != float("inf") else None
    if kind is str:
        return {"kind": "str", "value": value} if len(value) <= limits["chars"] else None
    if kind in (tuple, list):
        if depth >= 3 or len(value) > limits["items"]:
            return None
        items = [simple_value(v, depth + 1, limits) for v in value]
        return None if any(i is None for i in items) else {"kind": kind.__name__, "items": items}
    module = kind.__module__.split(".")[0]
    if module == "numpy" and hasattr(value, "item") and getattr(value, "shape", None) == ():
        return simple_value(value.item(), depth, limits)  # a numpy scalar: its Python value
    if module in ARRAY_MODULES and "shape" in dir(kind):
        # numpy/pandas/tf/torch/jax arrays: their shape and dtype only, never their values.
        shape = _dims(getattr(value, "shape", None))
        if shape is None:
            return None
        dtype = "mixed" if hasattr(value, "dtypes") and not hasattr(value, "dtype") else _dtype(value)
        return {"kind": "array", "shape": shape, "dtype": dtype}
    return None


def reply(namespace, request=None):
    """The whole reply to one request: ``{"names": [...]}`` asks for those values (names as data only)."""
    started = time.perf_counter()
    request = request or {}
    limits = dict(LIMITS, **{k: v for k, v in (request.get("limits") or {}).items() if k in LIMITS})
    out = {"version": VERSION, "libraries": [], "models": [], "values": {}, "truncated": None}
    wanted = [n for n in (request.get("names") or [])[: limits["names"]] if isinstance(n, str) and NAME.match(n)]
    for name in wanted:
        if name in namespace and not name.startswith("_"):
            value = simple_value(namespace[name], 0, limits)
            if value is not None:
                out["values"][name] = value
    found, libs = find_models(namespace)
    out["libraries"] = [{"name": name, "version": version, "backend": backend} for _, name, version, backend in libs]
    budget = _Budget(limits)
    classes = tuple(lib.Model for lib, *_ in libs)
    for variable, model, library in found[: limits["models"]]:
        if budget.truncated:
            break
        out["models"].append(describe_model(variable, model, library, classes, budget))
    if len(found) > limits["models"]:
        budget.truncated = budget.truncated or f"more than {limits['models']} models"
    out["truncated"] = budget.truncated
    out["ms"] = round((time.perf_counter() - started) * 1000, 2)
    return out


LIVE_MIME = "application/vnd.jupyter.model-summary.live+json"


def publish(namespace, request_text):
    """What the panel calls (silently): the reply as one display message on the request's own channel."""
    from IPython.display import publish_display_data  # loaded in every IPython kernel

    publish_display_data({LIVE_MIME: json.loads(reply_json(namespace, request_text))})


def reply_json(namespace, request_text):
    """``reply`` as JSON text, bounded in size (models are dropped from the end, and said so)."""
    try:
        request = json.loads(request_text) if request_text else {}
    except ValueError:
        request = {}
    out = reply(namespace, request if isinstance(request, dict) else {})
    text = json.dumps(out)
    while len(text) > LIMITS["bytes"] and out["models"]:
        out["models"].pop()
        out["truncated"] = f"reply over {LIMITS['bytes']} bytes"
        text = json.dumps(out)
    return text
