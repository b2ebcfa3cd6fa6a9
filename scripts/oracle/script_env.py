"""What a fixture script needs to run here for real, and what the oracle records while it runs.

Whole scripts (``test/fixtures/scripts/``) load data, train, plot and print summaries, as tutorials do.
There is no internet and no time to train, so while a fixture runs:

- ``keras.datasets.<name>.load_data()`` (Keras 3, ``tf.keras`` and tf_keras alike) returns fake arrays
  with the real counts, per-sample shapes and dtypes (mnist ``(60000, 28, 28)`` uint8, cifar10
  ``(50000, 32, 32, 3)`` and labels ``(50000, 1)``, imdb/reuters lists of word ids below ``num_words``,
  ...): zeros for pixels, labels cycling through every class.
- ``Model.fit`` / ``fit_generator`` return a ``History`` whose ``history`` gives a list of zeros for any
  metric, without training. Under Keras 3 they build the compiled optimizer, as the first step would. A model that is still unbuilt is first built as the real ``fit`` would build
  it: by one real ``fit`` step on the first batch (Keras builds an unbuilt Sequential from the data).
  ``evaluate`` returns zeros (a float that also unpacks as ``loss, accuracy``), ``predict`` zeros of the
  model's output shape, ``save`` / ``save_weights`` / ``plot_model`` nothing.
- ``Model.summary`` prints nothing and records the call: the fixture line and column it was made from
  (the innermost frame of the fixture's own code, so a call inside a helper function counts where it
  is written) and the model as it is at that moment. Keras 2 raises on an unbuilt model, as the real one.
- matplotlib draws on the Agg backend (``MPLBACKEND=Agg``): ``plt.show()`` shows nothing.

None of this changes a model: shapes and parameter counts are what the script builds.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

def _images(train, test, shape, classes, label_shape=()):
    def load_data(*args, **kwargs):
        # Zeros (lazily allocated) with the real counts: scripts write reshape(60000, 784).
        make = lambda n: (np.zeros((n, *shape), dtype=np.uint8),  # noqa: E731
                          (np.arange(n) % classes).astype(np.uint8).reshape((n, *label_shape)))
        return make(train), make(test)
    return load_data


def _sequences(train, test, classes, default_words):
    def load_data(*args, num_words=None, maxlen=None, **kwargs):
        top = num_words or default_words
        def make(n):
            x = np.empty(n, dtype=object)
            for i in range(n):
                length = 10 + i % min(maxlen or 190, 190)
                x[i] = [1] + [2 + (i * 7 + j) % (top - 2) for j in range(length - 1)]
            return x, np.arange(n) % classes
        return make(train), make(test)
    return load_data


def _table(train, test, features):
    def load_data(*args, **kwargs):
        make = lambda n: (np.zeros((n, features)), np.arange(n, dtype=float) % 50)  # noqa: E731
        return make(train), make(test)
    return load_data


# Real sample counts and per-sample shapes (keras.datasets' documentation); the values are not real.
FAKE_DATASETS: dict[str, Callable] = {
    "mnist": _images(60000, 10000, (28, 28), 10),
    "fashion_mnist": _images(60000, 10000, (28, 28), 10),
    "cifar10": _images(50000, 10000, (32, 32, 3), 10, (1,)),
    "cifar100": _images(50000, 10000, (32, 32, 3), 100, (1,)),
    "imdb": _sequences(25000, 25000, 2, 88584),
    "reuters": _sequences(8982, 2246, 46, 30979),
    "boston_housing": _table(404, 102, 13),
    "california_housing": _table(16512, 4128, 8),
}


class _Metrics(dict):
    """``history.history``: any metric asked for is a list of zeros, one per epoch."""

    def __init__(self, epochs: int):
        super().__init__()
        self.epochs = epochs

    def __missing__(self, key):
        return [0.0] * self.epochs


class FakeHistory:
    def __init__(self, model, epochs: int, params: dict):
        self.model = model
        self.epoch = list(range(epochs))
        self.history = _Metrics(epochs)
        self.params = params


class FakeScore(float):
    """What ``evaluate`` returns: 0.0, which also unpacks and indexes as ``[loss, accuracy]``."""

    def __new__(cls):
        return super().__new__(cls, 0.0)

    def __iter__(self):
        return iter([0.0, 0.0])

    def __getitem__(self, index):
        return 0.0

    def __len__(self):
        return 2


@dataclass
class SummaryCall:
    """One ``model.summary()`` call: where the fixture made it, and the model then."""

    cell: int | None
    line: int
    column: int
    model: dict | None = None
    #: for a model unbuilt at the call: its class and config, described (on copies) after the run
    unbuilt: tuple | None = None


@dataclass
class Recorder:
    """Records summary calls made from the fixture's own code."""

    filenames: dict[str, int | None]  # compiled filename -> notebook cell index (None for .py)
    describe: Callable[[Any, str | None], dict]
    namespace: dict
    keras2: bool
    calls: list[SummaryCall] = field(default_factory=list)

    def record(self, model) -> None:
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_filename not in self.filenames:
            frame = frame.f_back
        if frame is None:
            return  # a summary() inside Keras itself
        cell = self.filenames[frame.f_code.co_filename]
        line, column = frame.f_lineno, 1
        positions = _positions(frame)
        if positions is not None:
            line, column = positions
        call = SummaryCall(cell, line, column)
        if not model.built:
            if self.keras2:
                raise ValueError("This model has not yet been built. Build the model first by calling `build()` "
                                 "or by calling the model on a batch of data.")
            if any(c.__name__ in ("Sequential", "Functional") for c in type(model).__mro__):
                call.unbuilt = (type(model), model.get_config(), self._variable(model))
            else:  # a subclassed model: its rows as they are now (it has no config to copy it from)
                call.model = self.describe(model, self._variable(model))
        else:
            call.model = self.describe(model, self._variable(model))
        self.calls.append(call)

    def _variable(self, model) -> str | None:
        return next((k for k, v in self.namespace.items() if v is model), None)


def _positions(frame) -> tuple[int, int] | None:
    """Line and 1-based column of the call being executed in ``frame`` (Python 3.11 positions)."""
    code, index = frame.f_code, frame.f_lasti // 2
    try:
        start_line, _, start_col, _ = list(code.co_positions())[index]
    except (IndexError, ValueError):
        return None
    if start_line is None or start_col is None:
        return None
    return start_line, start_col + 1


def _patch(target, name: str, value, saved: list) -> None:
    if target is None or not hasattr(target, name):
        return
    saved.append((target, name, getattr(target, name)))
    setattr(target, name, value)


def _dataset_modules(keras_roots) -> list:
    modules = []
    for root in keras_roots:
        datasets = getattr(root, "datasets", None)
        for name in FAKE_DATASETS:
            module = getattr(datasets, name, None) if datasets is not None else None
            if module is not None:
                modules.append((module, name))
    return modules


@contextlib.contextmanager
def script_environment(model_classes, keras_roots, recorder: Recorder):
    """Fake datasets, no training, recorded summaries; everything restored afterwards."""
    saved: list = []
    for module, name in _dataset_modules(keras_roots):
        _patch(module, "load_data", FAKE_DATASETS[name], saved)
    for cls in model_classes:
        real_fit = cls.fit

        def fit(self, x=None, y=None, *args, _real_fit=real_fit, epochs=1, **kwargs):
            if not self.built and x is not None and hasattr(x, "shape"):
                # One real step on the first batch, of the script's batch size: Keras traces the model on it.
                n = kwargs.get("batch_size") or 32
                with contextlib.suppress(Exception):
                    _real_fit(self, x[:n], None if y is None else y[:n], epochs=1, batch_size=n, verbose=0)
            # Keras 3's first training step builds the compiled optimizer on the trainable weights (its summary
            # then prints "Optimizer params"); tf_keras prints none.
            optimizer = getattr(self, "optimizer", None)
            if not recorder.keras2 and getattr(self, "compiled", False) and optimizer is not None \
                    and not optimizer.built and self.built:
                optimizer.build(self.trainable_variables)
            return FakeHistory(self, int(epochs or 1), {"epochs": epochs})

        def evaluate(self, *args, **kwargs):
            return FakeScore()

        def predict(self, x=None, *args, **kwargs):
            # A multi-input model takes a list, tuple or dict of arrays: the batch is the first array's.
            first = next(iter(x.values())) if isinstance(x, dict) and x else x[0] if isinstance(x, (list, tuple)) and x else x
            n = len(first) if hasattr(first, "__len__") else 1
            shape = self.output_shape
            if isinstance(shape, list):
                return [np.zeros((n, *s[1:])) for s in shape]
            return np.zeros((n, *shape[1:]))

        def summary(self, *args, **kwargs):
            recorder.record(self)

        _patch(cls, "fit", fit, saved)
        _patch(cls, "fit_generator", fit, saved)
        _patch(cls, "evaluate", evaluate, saved)
        _patch(cls, "predict", predict, saved)
        _patch(cls, "summary", summary, saved)
        _patch(cls, "save", lambda self, *a, **k: None, saved)
        _patch(cls, "save_weights", lambda self, *a, **k: None, saved)
    for root in keras_roots:
        _patch(getattr(root, "utils", None), "plot_model", lambda *a, **k: None, saved)
    try:
        yield
    finally:
        for target, name, value in reversed(saved):
            setattr(target, name, value)
