"""The inspector reads values and models, and changes nothing: no build, no import, no evaluation."""

import sys

from jupyterlab_model_summary import inspector, summary


def test_simple_values_only():
    import numpy as np

    class DataFrame:  # pandas is not in the venv: a stand-in with pandas's module, shape and dtypes
        __module__ = "pandas.core.frame"
        shape = (2, 2)
        dtypes = ("int64", "float64")

    ns = {
        "units": 300, "rate": 0.5, "name": "enc", "flag": True, "nothing": None, "big": 2**80,
        "shape": (None, 28, [1, 2]), "x_train": np.zeros((64, 28, 28), dtype="uint8"),
        "frame": DataFrame(), "scalar": np.int64(7),
        "long_text": "x" * 10_000, "huge_list": list(range(1000)), "fn": print, "obj": object(), "_private": 1,
    }
    names = list(ns) + ["missing", "__import__('os')", "a b"]
    out = inspector.reply(ns, {"names": names})["values"]
    assert out["units"] == {"kind": "int", "value": 300}
    assert out["big"] == {"kind": "int", "value": str(2**80)}
    assert out["rate"] == {"kind": "float", "value": 0.5}
    assert out["flag"] == {"kind": "bool", "value": True}
    assert out["nothing"] == {"kind": "none", "value": None}
    assert out["shape"]["kind"] == "tuple" and out["shape"]["items"][2]["kind"] == "list"
    assert out["x_train"] == {"kind": "array", "shape": [64, 28, 28], "dtype": "uint8"}
    assert out["frame"] == {"kind": "array", "shape": [2, 2], "dtype": "mixed"}
    assert out["scalar"] == {"kind": "int", "value": 7}
    for absent in ("long_text", "huge_list", "fn", "obj", "_private", "missing", "__import__('os')", "a b"):
        assert absent not in out


def test_never_builds_a_model_and_never_counts_an_unbuilt_layer_as_zero():
    import keras

    lazy = keras.Sequential([keras.layers.Dense(3), keras.layers.Dense(2)])
    reply = inspector.reply({"lazy": lazy})
    assert lazy.built is False
    [model] = summary.report_of(reply)["models"]
    assert [l["params"]["keras"] for l in model["layers"]] == [None, None]
    assert model["totals"]["keras"]["unknownLayers"] == 2


def test_bounded_reply():
    import keras

    big = keras.Sequential([keras.Input((4,))] + [keras.layers.Dense(4) for _ in range(30)])
    reply = inspector.reply({"big": big}, {"limits": {"layers": 10}})
    assert reply["truncated"] == "more than 10 layers"
    assert len(reply["models"][0]["layers"]) == 10


def test_without_keras_loaded_nothing_is_imported(monkeypatch):
    for name in ("keras", "tf_keras"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    reply = inspector.reply({"x": 1}, {"names": ["x"]})
    assert reply["libraries"] == [] and reply["models"] == [] and reply["values"] == {"x": {"kind": "int", "value": 1}}
    assert "keras" not in sys.modules
