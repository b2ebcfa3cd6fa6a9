"""Standalone Keras <= 2.3's auto-names, emulated on tf_keras for the ``# keras-version: 2.3`` fixtures.

Standalone Keras 2.2 / 2.3 cannot be installed next to TensorFlow 2.21, so the oracle runs those fixtures on
tf_keras. Shapes, weights and counts are the same; the names were not: Keras up to 2.3 counted from 1.

- ``keras/engine/base_layer.py`` (2.2, 2.3), ``Layer.__init__``::

      prefix = self.__class__.__name__
      name = _to_snake_case(prefix) + '_' + str(K.get_uid(prefix))

  and ``K.get_uid`` (``keras/backend/tensorflow_backend.py``) returns 1 for a prefix's first use: ``dense_1``.
- ``keras/engine/network.py``, ``Network._base_init`` (``Model``, ``Sequential`` and subclassed models)::

      prefix = self.__class__.__name__.lower()
      name = prefix + '_' + str(K.get_uid(prefix))

  ``sequential_1``, ``model_1``; a subclass ``MyModel`` is ``mymodel_1`` (lower-cased, not snake case).
- ``keras/engine/input_layer.py``: ``'input_' + str(K.get_uid('input'))``, as tf_keras still does.

tf.keras of the same years was zero-based already (``dense``, ``dense_1``), so only what the fixture reaches
through standalone ``keras`` is renamed: ``wrap(module)`` returns that namespace, whose classes and functions
build their objects with one-based names; ``tf.keras`` stays as tf_keras names it. The two libraries kept
their own counters (standalone Keras's ``K.get_uid`` dictionary, tf.keras's name map), and so do these.
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import functools
import types
from typing import Any

_ONE_BASED = contextvars.ContextVar("keras_legacy_one_based", default=False)
# Standalone Keras's own uid dictionary (K.get_uid), apart from tf.keras's; reset by clear_session().
_UIDS: collections.defaultdict = collections.defaultdict(int)


def reset() -> None:
    _UIDS.clear()


@contextlib.contextmanager
def one_based():
    token = _ONE_BASED.set(True)
    try:
        yield
    finally:
        _ONE_BASED.reset(token)


def install(tf_keras: Any) -> None:
    """Makes tf_keras's name counter one-based while an object reached through standalone ``keras`` is built."""
    from tf_keras.src import backend

    if getattr(backend.unique_object_name, "_legacy_names", False):
        return
    real = backend.unique_object_name

    @functools.wraps(real)
    def unique_object_name(name, *args, zero_based=False, **kwargs):
        if _ONE_BASED.get() and not args and kwargs.get("name_uid_map") is None:
            return real(name, **{**kwargs, "name_uid_map": _UIDS}, zero_based=False)
        return real(name, *args, zero_based=zero_based, **kwargs)

    real_uid = backend.get_uid

    @functools.wraps(real_uid)
    def get_uid(prefix=""):
        # keras.Input(): `'input_' + str(K.get_uid('input'))`, on standalone Keras's own dictionary.
        if _ONE_BASED.get():
            _UIDS[("", prefix)] += 1
            return _UIDS[("", prefix)]
        return real_uid(prefix)

    unique_object_name._legacy_names = True
    backend.unique_object_name = unique_object_name
    backend.get_uid = get_uid


class _LegacyClass:
    """A tf_keras class as standalone Keras <= 2.3 named its instances; subclassing it gives a real class."""

    def __init__(self, cls: type, model_class: type):
        object.__setattr__(self, "__wrapped__", cls)
        object.__setattr__(self, "_model_class", model_class)
        object.__setattr__(self, "_subclass", None)

    def __call__(self, *args, **kwargs):
        with one_based():
            return self.__wrapped__(*args, **kwargs)

    def __mro_entries__(self, bases):
        # `class Sampling(keras.layers.Layer)`: a real base, whose subclasses are named one-based too.
        if self._subclass is None:
            cls, model = self.__wrapped__, self._model_class

            def _init_set_name(layer, name, zero_based=True):
                if name or not issubclass(type(layer), model):
                    with one_based():
                        return cls._init_set_name(layer, name, zero_based)
                # Network._base_init: the lower-cased class name, not its snake case.
                from tf_keras.src import backend

                with one_based():
                    layer._name = backend.unique_object_name(type(layer).__name__.lower(), zero_based=False)

            sub = type(cls.__name__, (cls,), {"__module__": cls.__module__, "_init_set_name": _init_set_name})
            object.__setattr__(self, "_subclass", sub)
        return (self._subclass,)

    def __instancecheck__(self, obj):
        return isinstance(obj, self.__wrapped__)

    def __subclasscheck__(self, other):
        return issubclass(other, self.__wrapped__)

    def __getattr__(self, attr):
        return getattr(self.__wrapped__, attr)


class _LegacyModule(types.ModuleType):
    """A module stand-in whose Keras classes and functions name what they build one-based."""

    def __init__(self, real: Any, layer_class: type, model_class: type, overrides: dict[str, Any]):
        super().__init__(getattr(real, "__name__", "keras"))
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_layer", layer_class)
        object.__setattr__(self, "_model", model_class)
        object.__setattr__(self, "_overrides", overrides)
        object.__setattr__(self, "_cache", {})

    def __getattr__(self, attr: str) -> Any:
        if attr in self._cache:
            return self._cache[attr]
        value = self._overrides[attr] if attr in self._overrides else getattr(self._real, attr)
        wrapped = self._wrap(value)
        self._cache[attr] = wrapped
        return wrapped

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, _LegacyModule | _LegacyClass):
            return value
        if isinstance(value, types.ModuleType):
            return _LegacyModule(value, self._layer, self._model, {})
        if isinstance(value, type) and issubclass(value, self._layer):
            return _LegacyClass(value, self._model)
        if isinstance(value, types.FunctionType):
            # keras.layers.concatenate(), keras.Input(): the layers they make are named one-based.
            @functools.wraps(value)
            def call(*args, **kwargs):
                if value.__name__ == "clear_session":
                    reset()
                with one_based():
                    return value(*args, **kwargs)

            return call
        return value


def wrap(namespace: Any, tf_keras: Any) -> types.ModuleType:
    """``keras`` (a tf_keras namespace) as standalone Keras <= 2.3 named its layers and models."""
    install(tf_keras)
    own = vars(namespace) if isinstance(namespace, types.ModuleType) else {}
    overrides = {k: v for k, v in own.items() if not k.startswith("_")}
    real = getattr(namespace, "_real", namespace)
    return _LegacyModule(real, tf_keras.layers.Layer, tf_keras.Model, overrides)
