#!/usr/bin/env python3
"""Ground-truth oracle: build every fixture model with real Keras, write goldens.

The engine in ``src/`` reads Keras model definitions statically and counts
parameters under three conventions.  This script is the reference it is tested
against: it executes each fixture under real Keras (Keras 3, or tf_keras for
fixtures headed ``# keras-version: 2``), walks the resulting models and records
layer names, classes, output shapes, weights and parameter counts.

Usage::

    python scripts/oracle/oracle.py --write            # regenerate everything
    python scripts/oracle/oracle.py --check            # compare, exit 1 on drift
    python scripts/oracle/oracle.py --check seed_lstm  # restrict to fixtures

Conventions (see the project's conventions reference):

``declared``
    What the library itself reports: ``layer.count_params()`` and the sizes of
    ``layer.trainable_weights`` (exactly what ``model.summary()`` prints).
``keras``
    The Keras single-bias layout.  Equal to ``declared`` except that a
    CuDNNLSTM / CuDNNGRU counts as a tf_keras ``LSTM`` / ``GRU(reset_after=True)``
    built on the same input.
``cudnn``
    NVIDIA cuDNN's dual-bias layout (shared by PyTorch and ONNX).  LSTM-like
    layers count as a tf_keras ``CuDNNLSTM``, GRU-like layers as a ``CuDNNGRU``,
    both built on the same input.  SimpleRNN and ConvLSTM layers add a second
    bias of the size of their real bias weight (PyTorch's ``bias_hh``; torch is
    not installable here, so that is derived from the real layer's weights).
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import difflib
import io
import json
import math
import os
import re
import sys
import tempfile
import time
import types
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("MPLBACKEND", "Agg")  # scripts plot; nothing is shown

import script_env  # noqa: E402  (scripts/oracle/script_env.py, next to this file)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from applications import no_downloads  # noqa: E402  (weights="imagenet" without the network)
import legacy_names  # noqa: E402  (standalone Keras <= 2.3's one-based auto-names)

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES_DIR = REPO_ROOT / "test" / "fixtures"
MODELS_DIR = FIXTURES_DIR / "models"
SCRIPTS_DIR = FIXTURES_DIR / "scripts"  # whole realistic scripts; goldens golden/script__<stem>.json
JSON_DIR = FIXTURES_DIR / "json"
ARCHIVES_DIR = FIXTURES_DIR / "archives"
GOLDEN_DIR = FIXTURES_DIR / "golden"

VERSION_DIRECTIVE = re.compile(r"^\s*#\s*keras-version:\s*([23])(?:\.(\d+|x))?\s*$")
# Code only Keras 2 runs, read as Keras 2 without a directive (the engine's detectKerasVersion, same rules).
KERAS2_MARKERS = (
    re.compile(r"^[ \t]*(?:from|import)[ \t]+tensorflow\.compat\.v1\b|\bcompat\.v1\.keras\b", re.M),
    re.compile(r"\bdisable_v2_behavior\s*\("),
    re.compile(r"\bCuDNN(?:LSTM|GRU)\b"),
    re.compile(r"\btensorflow\.python\.keras\b"),
    re.compile(r"^[ \t]*(?:from|import)[ \t]+keras\.(?:layers\.(?:core|recurrent|embeddings|convolutional|normalization|wrappers|merge"
               r"|pooling|advanced_activations|cudnn_recurrent)|engine|wrappers|legacy)\b", re.M),
    re.compile(r"^[ \t]*(?:from[ \t]+keras\.preprocessing\.text[ \t]+import|import[ \t]+keras\.preprocessing\.text\b"
               r"|from[ \t]+keras\.preprocessing\.image[ \t]+import[^\n]*\bImageDataGenerator\b)", re.M),
)
# Code only standalone Keras <= 2.3 runs, read as 2.3 (the engine's STANDALONE_23_MARKERS, same rules).
STANDALONE_23_MARKERS = (
    re.compile(r"^[ \t]*(?:from|import)[ \t]+keras\.(?:engine\.topology|legacy)\b", re.M),
    re.compile(r"^[ \t]*from[ \t]+keras(?:\.layers)?[ \t]+import[^\n#]*\bCuDNN(?:LSTM|GRU)\b"
               r"|(?<![\w.])keras\.layers\.CuDNN(?:LSTM|GRU)\b", re.M),
)
DIRECTIVE_SCAN_LINES = 5
SKIPPED_CELL_PREFIXES = ("%%", "!", "%")
CONVENTIONS = ("keras", "cudnn", "declared")
MAX_ARCHIVE_BYTES = 50 * 1024


@dataclass(frozen=True)
class DerivedFixture:
    """A serialised model (Keras JSON or .keras archive) made from a source model."""

    kind: str  # "json" or "archive"
    name: str  # file stem under test/fixtures/json or test/fixtures/archives
    source: str  # fixture file name under test/fixtures/models
    variable: str  # module-level variable holding the model in that fixture

    @property
    def path(self) -> Path:
        if self.kind == "json":
            return JSON_DIR / f"{self.name}.json"
        return ARCHIVES_DIR / f"{self.name}.keras"

    @property
    def golden_name(self) -> str:
        return f"{self.kind}__{self.name}"


DERIVED_FIXTURES = (
    DerivedFixture("json", "seq_text_classifier", "conv1d_text_cnn.py", "model"),
    DerivedFixture("json", "functional_multi_io", "multi_io_functional.py", "model"),
    # Not CuDNNLSTM/CuDNNGRU: tf_keras 2.21 cannot read its own to_json() of them back
    # ("Could not locate class 'CuDNNLSTM'"), so no golden could be checked against it.
    DerivedFixture("json", "keras2_gru_v1", "rnn_compat_v1_gru_keras2.py", "v1_gru"),
    DerivedFixture("json", "keras_hub_classifier", "keras_hub_transformers.py", "classifier"),
    DerivedFixture("json", "rnn_cells", "more_layers.py", "rnn_model"),
    DerivedFixture("json", "structured_data_preprocessing", "preprocessing_structured_data.py", "tabular_model"),
    DerivedFixture("archive", "tiny_mlp", "archive_sources.py", "tiny_mlp"),
    DerivedFixture("archive", "tiny_cnn_functional", "archive_sources.py", "tiny_cnn"),
)


# --------------------------------------------------------------------------
# Runtimes: Keras 3 and Keras 2 (tf_keras) side by side in one process.
# --------------------------------------------------------------------------


class _Namespace(types.ModuleType):
    """A module stand-in that overrides some attributes and delegates the rest."""

    def __init__(self, name: str, real: Any, **overrides: Any):
        super().__init__(name)
        self.__dict__.update(overrides)
        object.__setattr__(self, "_real", real)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._real, attr)


#: Standalone Keras 2's modules of keras.layers (keras/layers/*.py up to 2.3) whose classes tf_keras.layers keeps.
LEGACY_LAYER_MODULES = frozenset({
    "advanced_activations", "convolutional", "convolutional_recurrent", "core", "embeddings", "local", "merge",
    "noise", "normalization", "pooling", "recurrent", "wrappers",
})


def _resolve(root: Any, dotted: str) -> Any:
    """Follow ``a.b.c`` attribute by attribute from ``root``."""
    target = root
    for part in filter(None, dotted.split(".")):
        target = getattr(target, part)
    return target


@dataclass
class Families:
    """Layer classes the conventions treat specially, per library."""

    lstm: tuple
    gru: tuple
    simple_rnn: tuple
    conv_lstm: tuple
    cudnn_lstm: tuple
    cudnn_gru: tuple
    bidirectional: tuple
    time_distributed: tuple
    model: tuple
    # The generic RNN layer and the cells it runs (RNN(LSTMCell(…)), StackedRNNCells).
    rnn: tuple = ()
    lstm_cell: tuple = ()
    gru_cell: tuple = ()
    simple_rnn_cell: tuple = ()
    stacked_cells: tuple = ()


class Runtime:
    """One Keras flavour: how to execute fixtures and read model graphs."""

    version: int
    library: str
    families: Families

    def clear_session(self) -> None:
        raise NotImplementedError

    def builtins_for_fixture(self) -> dict:
        """The ``__builtins__`` a fixture executes with."""
        return dict(builtins.__dict__)

    def model_node_keys(self, model) -> set:
        raise NotImplementedError

    def node_key(self, layer, index: int) -> str:
        raise NotImplementedError

    def node_output_shapes(self, node) -> list:
        raise NotImplementedError

    def model_from_json(self, text: str):
        raise NotImplementedError

    def load_archive(self, path: Path):
        raise NotImplementedError

    def weight_name(self, weight) -> str:
        raise NotImplementedError

    @staticmethod
    def weight_shape(weight) -> list[int]:
        return [int(d) for d in weight.shape]


class Keras3Runtime(Runtime):
    """Keras 3: ``import keras``, ``tf.keras`` and ``tensorflow.keras`` all resolve natively."""

    version = 3

    def __init__(self):
        import keras
        from keras.src.layers.rnn.conv_lstm import ConvLSTM
        from keras.src.ops.function import make_node_key

        self.keras = keras
        self._make_node_key = make_node_key
        self.model_classes = (keras.Model,)
        tf_keras_api = getattr(getattr(keras, "_tf_keras", None), "keras", None)  # tf.keras under Keras 3
        self.keras_roots = [root for root in (keras, tf_keras_api) if root is not None]
        self.library = f"keras {keras.__version__}"
        layers = keras.layers
        self.families = Families(
            lstm=(layers.LSTM,),
            gru=(layers.GRU,),
            simple_rnn=(layers.SimpleRNN,),
            conv_lstm=(ConvLSTM,),
            cudnn_lstm=(),
            cudnn_gru=(),
            bidirectional=(layers.Bidirectional,),
            time_distributed=(layers.TimeDistributed,),
            model=(keras.Model,),
            rnn=(layers.RNN,),
            lstm_cell=(layers.LSTMCell,),
            gru_cell=(layers.GRUCell,),
            simple_rnn_cell=(layers.SimpleRNNCell,),
            stacked_cells=(layers.StackedRNNCells,),
        )

    def clear_session(self) -> None:
        self.keras.backend.clear_session()

    def model_node_keys(self, model) -> set:
        graph = model._functional if isinstance(model, self.keras.Sequential) else model
        if graph is None:
            raise OracleError(f"model {model.name!r} is not built (no input shape)")
        if not hasattr(graph, "_nodes"):
            return None  # a subclassed keras.Model: no graph, shapes as summary() prints them
        return graph._nodes

    def node_key(self, layer, index: int) -> str:
        return self._make_node_key(layer, index)

    def node_output_shapes(self, node) -> list:
        return [_shape_list(t.shape) for t in node.outputs]

    def model_from_json(self, text: str):
        return self.keras.models.model_from_json(text)

    def load_archive(self, path: Path):
        return self.keras.models.load_model(path, compile=False)

    def weight_name(self, weight) -> str:
        return weight.name


class TfKerasRuntime(Runtime):
    """Keras 2 via tf_keras, substituted for ``keras`` and ``tf.keras`` in fixtures."""

    version = 2

    def __init__(self, legacy_standalone: bool = False):
        import tensorflow as tf
        import tf_keras
        import tf_keras.api._v1.keras as keras_v1
        from tf_keras.src.engine.functional import _make_node_key
        from tf_keras.src.layers.rnn import gru_v1, lstm_v1
        from tf_keras.src.layers.rnn.base_conv_lstm import ConvLSTM
        from tf_keras.src.layers.rnn.cudnn_gru import CuDNNGRU
        from tf_keras.src.layers.rnn.cudnn_lstm import CuDNNLSTM

        self.tf = tf
        self.tf_keras = tf_keras
        self.keras_v1 = keras_v1
        self._make_node_key = _make_node_key
        self.model_classes = (tf_keras.Model,)
        self.keras_roots = [tf_keras, keras_v1]
        self.library = f"tf_keras {tf_keras.__version__}"
        layers = tf_keras.layers
        self.families = Families(
            lstm=(layers.LSTM, lstm_v1.LSTM),
            gru=(layers.GRU, gru_v1.GRU),
            simple_rnn=(layers.SimpleRNN,),
            conv_lstm=(ConvLSTM,),
            cudnn_lstm=(CuDNNLSTM,),
            cudnn_gru=(CuDNNGRU,),
            bidirectional=(layers.Bidirectional,),
            time_distributed=(layers.TimeDistributed,),
            model=(tf_keras.Model,),
            rnn=(layers.RNN,),
            lstm_cell=(layers.LSTMCell,),
            gru_cell=(layers.GRUCell,),
            simple_rnn_cell=(layers.SimpleRNNCell,),
            stacked_cells=(layers.StackedRNNCells,),
        )
        self._tf_proxy = self._make_tf_proxy()
        self._keras = legacy_names.wrap(self._make_standalone(gru_v1.GRU), tf_keras) if legacy_standalone else tf_keras
        if legacy_standalone:
            self.library += (
                " as standalone Keras <= 2.3 (keras.layers.GRU is the v1 GRU, reset_after=False;"
                " auto-names one-based, see legacy_names.py)"
            )

    def _make_standalone(self, gru_v1) -> types.ModuleType:
        """``keras`` as standalone Keras <= 2.3 had it: tf_keras, but GRU defaults to ``reset_after=False``."""
        # Standalone Keras 2.0.9-2.3 had keras.layers.CuDNNLSTM / CuDNNGRU, which tf.keras keeps under compat.v1.
        layers = _Namespace("keras.layers", self.tf_keras.layers, GRU=gru_v1,
                            CuDNNLSTM=self.keras_v1.layers.CuDNNLSTM, CuDNNGRU=self.keras_v1.layers.CuDNNGRU)
        return _Namespace("keras", self.tf_keras, layers=layers)

    def _make_tf_proxy(self) -> types.ModuleType:
        """``tensorflow`` as a Keras 2 user sees it: ``tf.keras`` is tf_keras."""
        tf = self.tf
        # disable_v2_behavior() would switch this whole process to graph mode; shapes and counts are the
        # same either way, so fixtures that call it (the seed, as published) run it as a no-op.
        noop = lambda *args, **kwargs: None  # noqa: E731
        v1 = _Namespace("tensorflow.compat.v1", tf.compat.v1, keras=self.keras_v1,
                        disable_v2_behavior=noop, disable_eager_execution=noop)
        v2 = _Namespace("tensorflow.compat.v2", tf.compat.v2, keras=self.tf_keras)
        compat = _Namespace("tensorflow.compat", tf.compat, v1=v1, v2=v2)
        return _Namespace("tensorflow", tf, keras=self.tf_keras, compat=compat)

    def _import(self, name, globals=None, locals=None, fromlist=(), level=0):
        """``__import__`` that maps Keras imports onto tf_keras."""
        root, _, rest = name.partition(".")
        if level == 0 and root == "keras":
            # Standalone Keras 2's layer modules (`from keras.layers.advanced_activations import LeakyReLU`):
            # every class they held is in keras.layers, which tf_keras no longer splits into those modules.
            layers, _, module = rest.partition(".")
            if layers == "layers" and module in LEGACY_LAYER_MODULES:
                rest = "layers"
            top, target = self._keras, _resolve(self._keras, rest)
        elif level == 0 and root == "tensorflow":
            top, target = self._tf_proxy, _resolve(self._tf_proxy, rest)
        else:
            return builtins.__import__(name, globals, locals, fromlist, level)
        return target if fromlist else top

    def builtins_for_fixture(self) -> dict:
        namespace = dict(builtins.__dict__)
        namespace["__import__"] = self._import
        return namespace

    def clear_session(self) -> None:
        self.tf_keras.backend.clear_session()
        legacy_names.reset()

    def model_node_keys(self, model) -> set:
        if not getattr(model, "_is_graph_network", False):
            if not model.built:
                raise OracleError(f"model {model.name!r} is not a built graph network")
            return None  # a subclassed tf_keras Model: summary() prints `multiple` (no shape) for its layers
        return model._network_nodes

    def node_key(self, layer, index: int) -> str:
        return self._make_node_key(layer.name, index)

    def node_output_shapes(self, node) -> list:
        return [_shape_list(t.shape) for t in self.tf.nest.flatten(node.outputs)]

    def model_from_json(self, text: str):
        return self.tf_keras.models.model_from_json(text)

    def load_archive(self, path: Path):
        return self.tf_keras.models.load_model(path, compile=False)

    def weight_name(self, weight) -> str:
        # tf_keras names are full paths with a ":0" suffix: keep the last component.
        return weight.name.split("/")[-1].split(":")[0]


class OracleError(RuntimeError):
    """A fixture that cannot be turned into a golden."""


def _shape_list(shape) -> list | None:
    """A tensor shape as a JSON list, unknown dims as ``None``."""
    if getattr(shape, "rank", 0) is None:
        return None
    dims = shape.as_list() if hasattr(shape, "as_list") else list(shape)
    return [None if d is None else int(d) for d in dims]


# --------------------------------------------------------------------------
# Reference counts: real tf_keras layers built on the same input feature dim.
# --------------------------------------------------------------------------


class ReferenceCounts:
    """Counts of reference RNN layers (tf_keras), built once per (kind, units, dim)."""

    def __init__(self, runtime: TfKerasRuntime):
        self._tf_keras = runtime.tf_keras
        from tf_keras.src.layers.rnn.cudnn_gru import CuDNNGRU
        from tf_keras.src.layers.rnn.cudnn_lstm import CuDNNLSTM

        layers = self._tf_keras.layers
        self._counts: dict[tuple[str, int, int], int] = {}
        self._factories: dict[str, Callable[[int], Any]] = {
            "LSTM": lambda units: layers.LSTM(units, **self._cheap_init()),
            "GRU": lambda units: layers.GRU(units, reset_after=True, **self._cheap_init()),
            "CuDNNLSTM": lambda units: CuDNNLSTM(units, **self._cheap_init()),
            "CuDNNGRU": lambda units: CuDNNGRU(units, **self._cheap_init()),
        }

    @staticmethod
    def _cheap_init() -> dict:
        # Only shapes matter; skip the orthogonal initializer's QR decomposition.
        return {
            "kernel_initializer": "zeros",
            "recurrent_initializer": "zeros",
            "name": "oracle_reference",
        }

    def count(self, kind: str, units: int, input_dim: int) -> int:
        """Parameters of reference layer ``kind`` with ``units`` on ``input_dim`` features."""
        key = (kind, units, input_dim)
        if key not in self._counts:
            layer = self._factories[kind](units)
            layer.build((None, None, input_dim))
            self._counts[key] = int(layer.count_params())
        return self._counts[key]


# --------------------------------------------------------------------------
# Fixture loading and execution.
# --------------------------------------------------------------------------


def read_fixture_cells(path: Path) -> list[tuple[int | None, str]]:
    """``(cell index, code)``: a ``.py`` fixture whole (index None), or a notebook's runnable code cells.

    Cell indexes count every cell, as the engine's locations do. A cell whose source starts with ``%``,
    ``%%`` or ``!`` is skipped whole; inside other cells, IPython ``%`` / ``!`` lines are blanked (line
    numbers stay true), as the engine reads them.
    """
    if path.suffix == ".py":
        return [(None, path.read_text(encoding="utf-8"))]
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code":
            continue
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        if source.lstrip().startswith(SKIPPED_CELL_PREFIXES):
            continue
        lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
        cells.append((index, "\n".join(lines)))
    return cells


def read_fixture_code(path: Path) -> str:
    """All the runnable code of a fixture, for its version directive."""
    return "\n\n".join(code for _, code in read_fixture_cells(path)) + "\n"


@dataclass(frozen=True)
class Release:
    """A Keras version as fixtures name it: ``2``, ``2.3``, ``3``."""

    major: int
    minor: int | None = None

    @property
    def legacy_standalone(self) -> bool:
        """Standalone Keras up to 2.3: ``keras.layers.GRU`` defaults to ``reset_after=False``."""
        return self.major == 2 and self.minor is not None and self.minor <= 3

    def __str__(self) -> str:
        return str(self.major) if self.minor is None else f"{self.major}.{self.minor}"


def keras_version_of(code: str) -> Release:
    """The ``# keras-version: 2`` / ``2.3`` directive; without one, 2 for code only Keras 2 runs, else 3."""
    for line in code.splitlines()[:DIRECTIVE_SCAN_LINES]:
        match = VERSION_DIRECTIVE.match(line)
        if match:
            minor = match.group(2)
            return Release(int(match.group(1)), int(minor) if minor and minor != "x" else None)
    for markers, release in ((STANDALONE_23_MARKERS, Release(2, 3)), (KERAS2_MARKERS, Release(2))):
        for marker in markers:
            for match in marker.finditer(code):
                line_start = code.rfind("\n", 0, match.start()) + 1
                if "#" not in code[line_start:match.start()]:
                    return release
    return Release(3)


@contextlib.contextmanager
def _argv(argv: list[str]):
    """``sys.argv`` as the fixture's own command line (argparse reads it)."""
    saved = sys.argv
    sys.argv = argv
    try:
        yield
    finally:
        sys.argv = saved


def execute_fixture(path: Path, runtime: Runtime, describer: "ModelDescriber") -> tuple[list[tuple[str, Any]], list[dict]]:
    """Run a fixture in a fresh namespace (script_env.py: fake datasets, no training).

    Returns the ``(variable, model)`` pairs bound at the end, and every ``model.summary()`` call the
    fixture made, in order: ``{"cell", "line", "column", "model"}`` with the model as it was at the call.
    """
    runtime.clear_session()
    # Run as its author ran it: as the main module (`if __name__ == "__main__": main()` runs), with no
    # command-line arguments (argparse gives its defaults).
    namespace = {"__name__": "__main__", "__builtins__": runtime.builtins_for_fixture()}
    compiled, filenames = [], {}
    for index, code in read_fixture_cells(path):
        filename = str(path) if index is None else f"{path}#cell{index}"
        filenames[filename] = index
        compiled.append(compile(code, filename, "exec"))
    recorder = script_env.Recorder(filenames, describer.describe_model, namespace, keras2=runtime.version == 2)
    try:
        # weights="imagenet" (the transfer-learning example) builds the architecture without fetching weights.
        with _quiet(), _working_directory(path.parent), no_downloads(runtime.version), _argv([str(path)]), \
                script_env.script_environment(runtime.model_classes, runtime.keras_roots, recorder):
            for code in compiled:
                exec(code, namespace)
    except Exception as error:
        raise OracleError(f"{path.name} failed under {runtime.library}: "
                          f"{type(error).__name__}: {error}") from error
    models, seen = [], set()
    for variable, value in namespace.items():
        if isinstance(value, runtime.families.model) and id(value) not in seen:
            seen.add(id(value))
            models.append((variable, value))
    models = _with_held_models(namespace, models, seen, runtime)
    if not models and not recorder.calls:
        raise OracleError(f"{path.name}: no Keras model bound to a module-level variable")
    summaries = []
    for call in recorder.calls:
        model = call.model
        if call.unbuilt is not None:
            cls, config, variable = call.unbuilt
            with _quiet():
                model = describer.describe_unbuilt(cls.from_config(config), variable)
        summaries.append({"cell": call.cell, "line": call.line, "column": call.column, "model": model})
    return models, summaries


def _with_held_models(namespace: dict, models: list, seen: set, runtime: Runtime) -> list:
    """After each object of a fixture's class bound to a name, the models its attributes hold.

    ``self.encoder = get_encoder()`` (also in lists and dicts, and through the attributes of the fixture's
    objects they hold) is a model the user can call ``.summary()`` on as ``autoencoder.encoder``: listed with
    that expression as its variable, unless a module-level name holds it. Attributes starting with ``_`` are
    Keras's own (or private): not listed (the engine's ``PythonReader.boundModels``, same rules).
    """
    from collections.abc import Mapping, Sequence

    out, listed = [], set()
    mine = lambda obj: getattr(type(obj), "__module__", None) == "__main__"  # noqa: E731
    # keras.Model derives from the library's Layer: any Keras object.
    keras_object = tuple(c for c in runtime.families.model[0].__mro__ if c.__name__ == "Layer")[:1] or runtime.families.model

    def visit(value, path, depth):
        if depth > 16:
            return
        if isinstance(value, keras_object):
            if id(value) in seen:
                return
            seen.add(id(value))
            if isinstance(value, runtime.families.model):
                out.append((path, value))
            if mine(value):
                visit_object(value, path, depth)
        elif isinstance(value, Mapping):
            for key, item in list(value.items())[:1000]:
                if isinstance(key, (str, int)):
                    visit(item, f"{path}[{key!r}]", depth + 1)
        elif isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
            for index, item in enumerate(list(value)[:1000]):
                visit(item, f"{path}[{index}]", depth + 1)

    def visit_object(obj, path, depth):
        if depth > 8:
            return
        for name, value in vars(obj).items():
            if not name.startswith("_"):
                visit(value, f"{path}.{name}", depth + 1)

    for variable, value in namespace.items():
        if not isinstance(value, keras_object):
            continue
        if isinstance(value, runtime.families.model) and id(value) not in listed:
            listed.add(id(value))
            out.append((variable, value))
        if mine(value):
            visit_object(value, variable, 0)
    return out


@contextlib.contextmanager
def _working_directory(path: Path):
    """Scripts read their data files by relative paths (test/fixtures/scripts/data/...)."""
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@contextlib.contextmanager
def _native_stderr_silenced():
    """Point file descriptor 2 at /dev/null (TF logs from C++ before absl starts)."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@contextlib.contextmanager
def _quiet():
    """Silence Keras warnings and prints while fixtures run."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


# --------------------------------------------------------------------------
# Describing models.
# --------------------------------------------------------------------------


def _size(weight) -> int:
    return math.prod(int(d) for d in weight.shape)


def _find_weight(layer, runtime: Runtime, name: str):
    for weight in layer.weights:
        if runtime.weight_name(weight) == name:
            return weight
    return None


class ModelDescriber:
    """Turns built models into golden rows under the three conventions."""

    def __init__(self, runtime: Runtime, references: ReferenceCounts):
        self.runtime = runtime
        self.references = references

    # -- conventions ------------------------------------------------------

    def convention_totals(self, layer) -> dict[str, int]:
        """``{"keras": n, "cudnn": n}`` total params of a non-model layer."""
        fam = self.runtime.families
        declared = int(layer.count_params())
        if isinstance(layer, fam.bidirectional):
            parts = [self.convention_totals(layer.forward_layer),
                     self.convention_totals(layer.backward_layer)]
            return {c: sum(p[c] for p in parts) for c in ("keras", "cudnn")}
        if isinstance(layer, fam.time_distributed):
            return self.convention_totals(layer.layer)
        if isinstance(layer, fam.cudnn_lstm):
            return self._recurrent(layer, keras_kind="LSTM", cudnn_kind="CuDNNLSTM")
        if isinstance(layer, fam.cudnn_gru):
            return self._recurrent(layer, keras_kind="GRU", cudnn_kind="CuDNNGRU")
        if isinstance(layer, fam.lstm):
            return self._recurrent(layer, keras_kind=None, cudnn_kind="CuDNNLSTM")
        if isinstance(layer, fam.gru):
            return self._recurrent(layer, keras_kind=None, cudnn_kind="CuDNNGRU")
        if isinstance(layer, fam.simple_rnn + fam.conv_lstm):
            # cuDNN / PyTorch keep a second (recurrent) bias of the same shape.
            bias = _find_weight(layer, self.runtime, "bias")
            return {"keras": declared, "cudnn": declared + (_size(bias) if bias is not None else 0)}
        if isinstance(layer, fam.rnn):  # after LSTM/GRU/SimpleRNN, which are RNN subclasses
            return self._cell(layer.cell)
        return {"keras": declared, "cudnn": declared}

    def _cell(self, cell) -> dict[str, int]:
        """A cell run by the generic RNN: the layout of the layer of the same kind, cell by cell."""
        fam = self.runtime.families
        if isinstance(cell, fam.stacked_cells):
            parts = [self._cell(c) for c in cell.cells]
            return {c: sum(p[c] for p in parts) for c in ("keras", "cudnn")}
        if isinstance(cell, fam.lstm_cell):
            return self._recurrent(cell, keras_kind=None, cudnn_kind="CuDNNLSTM")
        if isinstance(cell, fam.gru_cell):
            return self._recurrent(cell, keras_kind=None, cudnn_kind="CuDNNGRU")
        declared = int(cell.count_params())
        if isinstance(cell, fam.simple_rnn_cell):
            bias = _find_weight(cell, self.runtime, "bias")
            return {"keras": declared, "cudnn": declared + (_size(bias) if bias is not None else 0)}
        return {"keras": declared, "cudnn": declared}

    def _recurrent(self, layer, keras_kind: str | None, cudnn_kind: str) -> dict[str, int]:
        """LSTM/GRU-like layer: counts of the reference layers on the same input dim."""
        declared = int(layer.count_params())
        kernel = _find_weight(layer, self.runtime, "kernel")
        units, input_dim = int(layer.units), int(kernel.shape[0])
        has_bias = _find_weight(layer, self.runtime, "bias") is not None
        if not has_bias:  # no biases in either layout
            return {"keras": declared, "cudnn": declared}
        keras = self.references.count(keras_kind, units, input_dim) if keras_kind else declared
        cudnn = self.references.count(cudnn_kind, units, input_dim)
        return {"keras": keras, "cudnn": cudnn}

    # -- rows -------------------------------------------------------------

    def describe_model(self, model, variable: str | None) -> dict:
        if not model.built:
            return self.describe_unbuilt(model, variable)
        rows = self.describe_layers(model)
        if any(r["params"]["declared"] is None for r in rows):
            # Keras 3's build() on a subclassed model without its own: built, its sublayers still `0 (unbuilt)`.
            return {"variable": variable, "name": model.name, "class": type(model).__name__,
                    "layers": rows, "totals": _partial_totals(rows)}
        totals = {c: _sum_rows(rows, c) for c in CONVENTIONS}
        self._assert_matches_library(model, totals["declared"])
        described = {
            "variable": variable,
            "name": model.name,
            "class": type(model).__name__,
            "layers": rows,
            "totals": totals,
        }
        optimizer = self.describe_optimizer(model, totals)
        if optimizer is not None:
            described["optimizer"] = optimizer
        return described

    def describe_optimizer(self, model, totals: dict) -> dict | None:
        """Keras 3 after a training step: the built optimizer's variables.

        Its summary prints them as "Optimizer params" and adds them to "Total params" (``totals`` here stay the
        weights). Under the other conventions: what the same optimizer holds on that convention's trainable
        weights, its slot variables per trainable weight (Adam: 2) times their size, plus its scalars.
        """
        optimizer = getattr(model, "optimizer", None)
        if self.runtime.version != 3 or not getattr(model, "compiled", False) or optimizer is None \
                or not getattr(optimizer, "built", False):
            return None
        size = lambda v: math.prod(int(d) for d in v.shape)  # noqa: E731
        declared = sum(size(v) for v in optimizer.variables)
        scalars = sum(size(v) for v in optimizer.variables if len(v.shape) == 0)
        built_on = sum(size(v) for v in optimizer._trainable_variables)
        if {id(v) for v in optimizer._trainable_variables} != {id(v) for v in model.trainable_variables}:
            # Layers frozen after the optimizer was built: it keeps its variables. Derived for the other conventions
            # only where they count every weight alike.
            if any(totals[c] != totals["declared"] for c in CONVENTIONS):
                raise OracleError(f"{model.name}: its trainable weights changed since its optimizer was built; "
                                  "the other conventions' optimizer params are not derived for that")
            return {"class": type(optimizer).__name__, "params": {c: declared for c in CONVENTIONS}}
        if built_on != totals["declared"]["trainable"] or (built_on and (declared - scalars) % built_on):
            raise OracleError(f"{model.name}: {type(optimizer).__name__}'s variables are not slots of its weights")
        slots = (declared - scalars) // built_on if built_on else 0
        params = {c: slots * totals[c]["trainable"] + scalars for c in CONVENTIONS}
        assert params["declared"] == declared
        return {"class": type(optimizer).__name__, "params": params}

    def describe_layers(self, model) -> list[dict]:
        node_keys = self.runtime.model_node_keys(model)
        return [self.describe_layer(layer, node_keys) for layer in model.layers]

    def describe_layer(self, layer, node_keys: set) -> dict:
        if not layer.built and not isinstance(layer, self.runtime.families.model) and self.runtime.version == 2:
            # tf_keras prints `0 (unused)`: a layer of a built subclassed model that its call() never reached.
            zero = {c: 0 for c in CONVENTIONS}
            return {"name": layer.name, "class": type(layer).__name__, "outputShape": None, "weights": [],
                    "params": zero, "trainableParams": dict(zero)}
        if not layer.built and not isinstance(layer, self.runtime.families.model):
            # summary() prints `0 (unbuilt)`: a count that depends on an input the layer has not seen.
            unknown = {c: None for c in CONVENTIONS}
            return {"name": layer.name, "class": type(layer).__name__, "outputShape": None, "weights": None,
                    "params": unknown, "trainableParams": dict(unknown)}
        declared_total = int(layer.count_params())
        declared_trainable = sum(_size(w) for w in layer.trainable_weights)
        row = {
            "name": layer.name,
            "class": type(layer).__name__,
            "outputShape": self.first_output_shape(layer, node_keys),
            "weights": [
                {"name": self.runtime.weight_name(w), "shape": self.runtime.weight_shape(w),
                 "trainable": bool(w.trainable)}
                for w in layer.weights
            ],
        }
        if isinstance(layer, self.runtime.families.model):
            children = self.describe_layers(layer)
            row["layers"] = children
            totals = {c: _sum_rows(children, c)["total"] for c in ("keras", "cudnn")}
            partial = {c: _sum_rows(children, c)["trainable"] for c in ("keras", "cudnn")}
        else:
            totals = self.convention_totals(layer)
            partial = None
        params = {"declared": declared_total, **totals}
        trainable = {"declared": declared_trainable}
        for convention in ("keras", "cudnn"):
            trainable[convention] = self._trainable(
                layer, declared_total, declared_trainable, totals[convention],
                partial[convention] if partial else None)
        row["params"] = params
        row["trainableParams"] = trainable
        return row

    @staticmethod
    def _trainable(layer, declared_total, declared_trainable, total, partial) -> int:
        """Trainable count under a convention, following the real layer's split."""
        if declared_trainable == 0:
            return 0
        if declared_trainable == declared_total:
            return total
        if partial is not None:  # nested model with some frozen sublayers
            return partial
        if total == declared_total:  # e.g. BatchNormalization: copy the declared split
            return declared_trainable
        raise OracleError(f"{layer.name}: partly trainable layer with a converted count")

    def first_output_shape(self, layer, node_keys: set):
        """Output shape(s) of the layer's first call that belongs to this model."""
        if node_keys is None and self.runtime.version == 2:
            # tf_keras's print_summary: `layer.output_shape`, "multiple" when the layer has no node (AttributeError).
            try:
                shape = layer.output_shape
            except (AttributeError, RuntimeError):
                return None
            return _shape_list(shape) if not isinstance(shape, list) else [_shape_list(x) for x in shape]
        if node_keys is None:
            # Inside a subclassed model there is no graph: take the shape summary() prints
            # (keras.src.utils.summary_utils.format_layer_shape), "?" being unknown.
            from keras.src.utils.summary_utils import format_layer_shape

            text = re.sub(r"\[/?[^\]]*\]", "", format_layer_shape(layer))  # drop rich markup
            if text == "?" or not text.startswith("("):
                return None
            dims = [d.strip() for d in text.strip("()").split(",") if d.strip()]
            return [None if d == "None" else int(d) for d in dims]
        for index, node in enumerate(layer._inbound_nodes):
            if self.runtime.node_key(layer, index) in node_keys:
                shapes = self.runtime.node_output_shapes(node)
                return shapes[0] if len(shapes) == 1 else shapes
        return None

    # -- unbuilt models -------------------------------------------------------

    # Probe inputs for an unbuilt model: every rank from 2 to 5, two different sizes per axis.
    PROBE_SIZES = ((6, 7, 8, 9), (10, 11, 12, 13))

    def describe_unbuilt(self, model, variable: str | None) -> dict:
        """An unbuilt Sequential: what every input it accepts agrees on.

        Keras prints ``0 (unbuilt)``. The figures that do not depend on the missing input are found by
        building copies (``from_config``) on probe inputs of every rank and two sizes per axis: a count or a
        dimension that is the same on every input the model accepts is recorded, one that differs is
        ``null``; an output shape whose rank differs is ``null`` whole.
        """
        if not self._is_graph_model(model):
            return self.describe_unbuilt_subclassed(model, variable)
        probes = []
        for rank in range(2, 6):
            for sizes in self.PROBE_SIZES:
                shape = (None, *sizes[: rank - 1])
                try:
                    with _quiet():
                        copy = type(model).from_config(model.get_config())
                        copy.build(shape)
                    probes.append(self.describe_layers(copy))
                except Exception:  # noqa: BLE001 - an input the model does not accept
                    continue
        if not probes:
            raise OracleError(f"{model.name}: unbuilt, and no probe input builds it")
        rows = [self._agreement([p[i] for p in probes]) for i in range(len(probes[0]))]
        if len(probes) < 2:  # one accepted input says nothing about what holds for every input
            for row in rows:
                row["outputShape"] = row["weights"] = None
                row["params"] = {c: None for c in CONVENTIONS}
                row["trainableParams"] = {c: None for c in CONVENTIONS}
        totals = {}
        for c in CONVENTIONS:
            known = [r for r in rows if r["params"][c] is not None]
            total = sum(r["params"][c] for r in known)
            trainable = sum(r["trainableParams"][c] for r in known)
            totals[c] = {"total": total, "trainable": trainable, "nonTrainable": total - trainable,
                         "unknownLayers": len(rows) - len(known)}
        return {"variable": variable, "name": model.name, "class": type(model).__name__, "unbuilt": True,
                "probes": len(probes), "layers": rows, "totals": totals}

    def _is_graph_model(self, model) -> bool:
        """A Sequential or functional model (from_config rebuilds it), not a subclassed one."""
        return any(c.__name__ in ("Sequential", "Functional") for c in type(model).__mro__)

    def describe_unbuilt_subclassed(self, model, variable: str | None) -> dict:
        """A subclassed model before its first call: the layers its attributes track, as summary() prints them.

        A sublayer that is not built prints ``0 (unbuilt)``: its count depends on the input it has not seen
        (``null``); one built in its constructor (Keras 3's weightless layers: Dropout, pooling, activations)
        prints its count and ``?`` for its shape.
        """
        rows = [self.describe_layer(layer, None) for layer in model.layers]
        return {"variable": variable, "name": model.name, "class": type(model).__name__, "unbuilt": True,
                "layers": rows, "totals": _partial_totals(rows)}

    @staticmethod
    def _agreement(rows: list[dict]) -> dict:
        """One layer over all probes: values they agree on, ``None`` where they differ."""
        first = rows[0]
        same = lambda key: first[key] if all(r[key] == first[key] for r in rows) else None  # noqa: E731

        def shape(shapes):
            if any(s is None or len(s) != len(shapes[0]) for s in shapes):
                return None
            return [dims[0] if all(d == dims[0] for d in dims) else None for dims in zip(*shapes)]

        out = {"name": first["name"], "class": first["class"], "outputShape": shape([r["outputShape"] for r in rows])}
        for key in ("params", "trainableParams"):
            out[key] = {c: first[key][c] if all(r[key][c] == first[key][c] for r in rows) else None for c in CONVENTIONS}
        out["weights"] = same("weights")
        return out

    def _assert_matches_library(self, model, declared: dict) -> None:
        expected_total = int(model.count_params())
        expected_trainable = sum(_size(w) for w in model.trainable_weights)
        if (declared["total"], declared["trainable"]) != (expected_total, expected_trainable):
            raise OracleError(
                f"{model.name}: rows sum to {declared['total']} params "
                f"({declared['trainable']} trainable) but Keras reports {expected_total} "
                f"({expected_trainable} trainable)")


def _partial_totals(rows: list[dict]) -> dict:
    """Totals over the rows whose counts are known, with how many are not."""
    totals = {}
    for c in CONVENTIONS:
        known = [r for r in rows if r["params"][c] is not None]
        total = sum(r["params"][c] for r in known)
        trainable = sum(r["trainableParams"][c] for r in known)
        totals[c] = {"total": total, "trainable": trainable, "nonTrainable": total - trainable,
                     "unknownLayers": len(rows) - len(known)}
    return totals


def _sum_rows(rows: list[dict], convention: str) -> dict[str, int]:
    total = sum(r["params"][convention] for r in rows)
    trainable = sum(r["trainableParams"][convention] for r in rows)
    return {"total": total, "trainable": trainable, "nonTrainable": total - trainable}


# --------------------------------------------------------------------------
# Goldens.
# --------------------------------------------------------------------------


def render_json(data: Any) -> str:
    """Deterministic JSON text: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def golden_document(fixture: str, runtime: Runtime, models: list[dict], release: Release | None = None) -> dict:
    document = {
        "fixture": fixture,
        "kerasVersion": runtime.version,
        "library": runtime.library,
        "models": models,
    }
    if release is not None and release.minor is not None:
        document["kerasRelease"] = str(release)
    return document


class Oracle:
    """Runs fixtures and produces the expected contents of every generated file."""

    def __init__(self):
        with _native_stderr_silenced():  # TensorFlow's C++ start-up chatter
            self.keras3 = Keras3Runtime()
            self.keras2 = TfKerasRuntime()
            self.keras2_standalone = TfKerasRuntime(legacy_standalone=True)
        self.references = ReferenceCounts(self.keras2)
        self.model_count = 0

    def runtime(self, release: Release) -> Runtime:
        if release.major not in (2, 3):
            raise OracleError(f"unsupported keras-version {release}")
        if release.major == 3:
            return self.keras3
        return self.keras2_standalone if release.legacy_standalone else self.keras2

    def describer(self, runtime: Runtime) -> ModelDescriber:
        return ModelDescriber(runtime, self.references)

    def run_source_fixture(self, path: Path) -> tuple[dict, list[tuple[str, Any]], Runtime]:
        """Golden document, the live models and their runtime for one source fixture."""
        code = read_fixture_code(path)
        release = keras_version_of(code)
        runtime = self.runtime(release)
        describer = self.describer(runtime)
        models, summaries = execute_fixture(path, runtime, describer)
        described = [describer.describe_model(model, variable) for variable, model in models]
        fixture = path.relative_to(FIXTURES_DIR).as_posix()
        document = golden_document(fixture, runtime, described, release)
        if summaries:
            document["summaries"] = summaries
        return document, models, runtime

    def derived_golden(self, derived: DerivedFixture, runtime: Runtime, path: Path) -> dict:
        """Golden for a serialised model, read back from ``path`` with real Keras."""
        with _quiet():
            if derived.kind == "json":
                model = runtime.model_from_json(path.read_text(encoding="utf-8"))
            else:
                model = runtime.load_archive(path)
        described = self.describer(runtime).describe_model(model, None)
        self.model_count += 1
        fixture = derived.path.relative_to(FIXTURES_DIR).as_posix()
        return golden_document(fixture, runtime, [described])


def serialise_json(model) -> str:
    return model.to_json(indent=2) + "\n"


def save_archive(model, path: Path) -> None:
    with _quiet():
        model.save(path)
    size = path.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise OracleError(f"{path.name} is {size} bytes; keep archives under {MAX_ARCHIVE_BYTES}")


def archive_config(path: Path) -> str:
    """The model config inside a .keras archive (the part that must not drift).

    Keras numbers shared objects by their ``id()``, so those numbers are
    replaced by their order of appearance before comparing.
    """
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    return render_json(_renumber_shared_objects(config, {}))


def _renumber_shared_objects(node: Any, numbers: dict) -> Any:
    if isinstance(node, list):
        return [_renumber_shared_objects(item, numbers) for item in node]
    if not isinstance(node, dict):
        return node
    renumbered = {}
    for key, value in node.items():
        if key == "shared_object_id":
            value = numbers.setdefault(value, len(numbers))
        renumbered[key] = _renumber_shared_objects(value, numbers)
    return renumbered


# --------------------------------------------------------------------------
# Write / check.
# --------------------------------------------------------------------------


class Sync:
    """Writes generated files (``write``) or compares them with the committed ones (``check``)."""

    MAX_DIFF_LINES = 40

    def __init__(self, mode: str):
        self.writing = mode == "write"
        self.problems: list[str] = []
        self.produced: set[Path] = set()

    def text(self, path: Path, content: str) -> bool:
        """Sync one text file; True when the committed file exists afterwards."""
        self.produced.add(path)
        if self.writing:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                path.write_text(content, encoding="utf-8")
            return True
        if not path.exists():
            self.problems.append(f"missing: {_rel(path)}")
            return False
        committed = path.read_text(encoding="utf-8")
        if committed != content:
            self.problems.append(f"differs: {_rel(path)}\n{self._diff(path, committed, content)}")
        return True

    def archive(self, path: Path, model) -> bool:
        """Sync one .keras archive; only its config.json is compared (zips embed timestamps)."""
        self.produced.add(path)
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / path.name
            save_archive(model, fresh)
            fresh_config = archive_config(fresh)
            if self.writing:
                if not path.exists() or archive_config(path) != fresh_config:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(fresh.read_bytes())
                return True
        if not path.exists():
            self.problems.append(f"missing: {_rel(path)}")
            return False
        if archive_config(path) != fresh_config:
            self.problems.append(f"differs: {_rel(path)} (config.json no longer matches its source model)")
        return True

    def sweep(self, folders: Iterable[tuple[Path, str]]) -> None:
        """Stale generated files: removed when writing, reported when checking."""
        for folder, pattern in folders:
            for path in sorted(folder.glob(pattern)):
                if path in self.produced:
                    continue
                if self.writing:
                    path.unlink()
                    print(f"removed stale {_rel(path)}")
                else:
                    self.problems.append(f"stale (no fixture produces it): {_rel(path)}")

    def _diff(self, path: Path, committed: str, expected: str) -> str:
        lines = list(difflib.unified_diff(
            committed.splitlines(), expected.splitlines(),
            f"committed/{_rel(path)}", f"real-keras/{_rel(path)}", lineterm="", n=2))
        shown = lines[: self.MAX_DIFF_LINES]
        if len(lines) > len(shown):
            shown.append(f"... ({len(lines) - len(shown)} more diff lines)")
        return "\n".join(shown)


def _rel(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def golden_path(source: Path) -> Path:
    prefix = "script__" if source.parent == SCRIPTS_DIR else ""
    return GOLDEN_DIR / f"{prefix}{source.stem}.json"


def select_fixtures(selected: set[str]) -> tuple[list[Path], list[DerivedFixture]]:
    """Source fixtures and derived fixtures named on the command line (all if none)."""
    sources = sorted(p for folder in (MODELS_DIR, SCRIPTS_DIR) if folder.is_dir()
                     for p in folder.iterdir() if p.suffix in (".py", ".ipynb"))
    if not selected:
        return sources, list(DERIVED_FIXTURES)
    chosen = [p for p in sources if p.stem in selected or p.name in selected]
    derived = [d for d in DERIVED_FIXTURES
               if d.golden_name in selected or d.name in selected or MODELS_DIR / d.source in chosen]
    known = {p.stem for p in sources} | {p.name for p in sources}
    known |= {d.golden_name for d in DERIVED_FIXTURES} | {d.name for d in DERIVED_FIXTURES}
    unknown = sorted(selected - known)
    if unknown:
        raise OracleError(f"unknown fixture(s): {', '.join(unknown)}")
    return chosen, derived


def run(mode: str, selected: set[str]) -> int:
    """Generate everything; write it or compare it. Returns the exit status."""
    started = time.monotonic()
    sources, derived = select_fixtures(selected)
    oracle = Oracle()
    sync = Sync(mode)

    to_execute = sorted(set(sources) | {MODELS_DIR / d.source for d in derived})
    for path in to_execute:
        if not path.exists():
            raise OracleError(f"derived fixtures need {_rel(path)}, which does not exist")
        document, models, runtime = oracle.run_source_fixture(path)
        if path in sources:
            sync.text(golden_path(path), render_json(document))
            oracle.model_count += len(document["models"])
        live = dict(models)
        for fixture in (d for d in derived if d.source == path.name):
            if fixture.variable not in live:
                raise OracleError(f"{path.name} has no model variable {fixture.variable!r}")
            sync_derived(sync, oracle, fixture, live[fixture.variable], runtime)

    if not selected:
        # Every class of keras.layers and the keras_hub layers (test/catalogue.test.ts checks the catalogue covers them).
        import layer_namespace
        sync.text(layer_namespace.NAMESPACE_FILE, layer_namespace.render(layer_namespace.namespace_document()))
        import signatures  # scripts/oracle/signatures.py: the real constructor signatures, for the catalogue test
        sync.text(signatures.OUT, signatures.generate())
        sync.sweep(((GOLDEN_DIR, "*.json"), (JSON_DIR, "*.json"), (ARCHIVES_DIR, "*.keras")))

    for problem in sync.problems:
        print(problem)
    summary = f"{oracle.model_count} models in {len(sources) + len(derived)} fixtures"
    elapsed = f"({time.monotonic() - started:.1f}s)"
    if sync.problems:
        print(f"oracle: {len(sync.problems)} file(s) differ from real Keras; {summary} {elapsed}")
        return 1
    verb = "written from" if sync.writing else "match"
    print(f"oracle: {summary} {verb} real Keras {elapsed}")
    return 0


def sync_derived(sync: Sync, oracle: Oracle, fixture: DerivedFixture, model, runtime: Runtime) -> None:
    """Sync one JSON/archive fixture, then its golden, read back from the committed file."""
    if fixture.kind == "json":
        present = sync.text(fixture.path, serialise_json(model))
    else:
        present = sync.archive(fixture.path, model)
    golden_path = GOLDEN_DIR / f"{fixture.golden_name}.json"
    if present:
        golden = oracle.derived_golden(fixture, runtime, fixture.path)
        sync.text(golden_path, render_json(golden))
    else:
        sync.produced.add(golden_path)


def parse_args(argv: Iterable[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate goldens and serialised fixtures")
    mode.add_argument("--check", action="store_true", help="compare with committed files; exit 1 on drift")
    parser.add_argument("fixtures", nargs="*",
                        help="fixture names to restrict to (e.g. seed_lstm, json__keras2_gru_v1)")
    return parser.parse_args(argv)


def main(argv: Iterable[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run("write" if args.write else "check", set(args.fixtures))
    except OracleError as error:
        print(f"oracle: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
