"""%%model_summary in the kernel: the cell runs as itself, then one display of its live models."""

import subprocess
import sys
from pathlib import Path

from jupyterlab_model_summary.magic import MIME_TYPE, magic_line, parse_options

ROOT = Path(__file__).resolve().parents[2]
SEED = """%%model_summary
import keras
from keras import layers
units = 300
model = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(640, units),
                          layers.Bidirectional(layers.LSTM(units, return_sequences=True))])
model.count_params()
"""


def _payload(bundles):
    found = [b for b in bundles if MIME_TYPE in b]
    assert len(found) == 1, f"expected one summary display, got {len(found)}"
    return found[0]


def test_the_cell_runs_and_its_model_exists_afterwards(shell, run):
    count = shell.execution_count
    result, bundles = run(SEED)
    assert result.success and result.result == 1_634_400  # Out[n]: the cell's last expression, as for any cell
    assert shell.execution_count == count + 1
    bundle = _payload(bundles)
    payload = bundle[MIME_TYPE]
    assert payload["version"] == 1 and payload["live"]["label"].startswith("live (Keras 3.")
    [model] = payload["report"]["models"]
    assert model["variable"] == "model"
    assert model["totals"]["keras"]["total"] == 1_634_400 and model["totals"]["cudnn"]["total"] == 1_636_800
    assert "1,442,400" in bundle["text/plain"] and "1,444,800" in bundle["text/plain"] and "+2,400" in bundle["text/plain"]
    assert "+2,400" in bundle["text/html"] and "<script" not in bundle["text/html"]
    later, _ = run("model.count_params()")
    assert later.result == 1_634_400


def test_only_the_models_the_cell_bound(run):
    run("import keras\nother = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])")
    _, bundles = run("%%model_summary\nsmall = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5)])")
    assert [m["variable"] for m in _payload(bundles)[MIME_TYPE]["report"]["models"]] == ["small"]


def test_a_trained_keras3_model_counts_its_optimizer_as_keras3_prints_it(run):
    # Keras 3's summary after fit(): "Optimizer params" (Adam: m and v per weight, iteration, learning_rate) in the total.
    _, bundles = run("%%model_summary\nimport numpy as np\nimport keras\n"
                     "fitted = keras.Sequential([keras.Input((None, 3)), keras.layers.LSTM(4), keras.layers.Dense(1)])\n"
                     "fitted.compile(optimizer='adam', loss='mse')\n"
                     "fitted.fit(np.zeros((8, 5, 3)), np.zeros((8, 1)), verbose=0)\n")
    bundle = _payload(bundles)
    [model] = bundle[MIME_TYPE]["report"]["models"]
    weights = 4 * 4 * (3 + 4 + 1) + 5  # LSTM(4) on 3 features, Dense(1)
    assert model["totals"]["keras"]["optimizer"] == 2 * weights + 2
    assert model["totals"]["keras"]["total"] == weights + 2 * weights + 2
    # cuDNN keeps 16 more biases, and Adam two slot variables for each.
    assert model["totals"]["cudnn"]["optimizer"] == 2 * (weights + 16) + 2
    assert model["optimizer"] == {"class": "Adam", "why": None}
    assert f"Optimizer params: {2 * weights + 2} (Keras)" in bundle["text/plain"]


def test_errors_fail_the_cell_like_any_other(run):
    result, bundles = run("%%model_summary\nimport keras\nbroken = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n1 / 0")
    assert not result.success and isinstance(result.error_in_exec, ZeroDivisionError)
    assert [m["variable"] for m in _payload(bundles)[MIME_TYPE]["report"]["models"]] == ["broken"]


def test_usage_error_and_no_run(run):
    result, bundles = run("%%model_summary --bogus\nx = 1")
    assert not result.success and "unknown or incomplete option `--bogus`" in str(result.error_in_exec)
    assert not bundles
    result, _ = run("%%model_summary --no-run\nnever_defined = 1")
    assert result.success
    missing, _ = run("never_defined")
    assert not missing.success


def test_no_keras_loaded_says_so(run):
    # In this shell Keras may be loaded by earlier tests; without a model in the cell it says there is none.
    _, bundles = run("%%model_summary\nplain = 42")
    bundle = _payload(bundles)
    assert bundle[MIME_TYPE]["report"]["models"] == []
    assert "No Keras model" in bundle["text/plain"]


def test_keras2_tf_keras_cudnn_lstm(run):
    code = """%%model_summary
import tf_keras
from tf_keras.src.layers.rnn.cudnn_lstm import CuDNNLSTM
cudnn = tf_keras.Sequential([tf_keras.Input((50,)), tf_keras.layers.Embedding(640, 300),
    tf_keras.layers.Bidirectional(CuDNNLSTM(300, return_sequences=True))])
"""
    result, bundles = run(code)
    assert result.success, result.error_in_exec
    payload = _payload(bundles)[MIME_TYPE]
    assert payload["report"]["kerasVersion"] == 2 and "tf_keras 2." in payload["live"]["label"]
    bi = payload["report"]["models"][0]["layers"][1]
    assert bi["params"] == {"keras": 1_442_400, "cudnn": 1_444_800, "declared": 1_444_800}


def test_magic_line_parsing():
    assert magic_line("\n  %%model_summary --convention keras\nx=1") == "--convention keras"
    assert magic_line("x = 1\n%%model_summary") is None
    assert parse_options("--convention=cudnn --validate --backend wasm --keras-version 2") == {"convention": "cudnn", "run": True}
    assert isinstance(parse_options("--convention"), str)


def _python(code, **env):
    import os

    full = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3", **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full, timeout=120)


def test_load_ext_imports_no_tensorflow():
    out = _python(
        "import sys\nfrom IPython.core.interactiveshell import InteractiveShell\nip = InteractiveShell.instance()\n"
        "ip.run_line_magic('load_ext', 'jupyterlab_model_summary')\n"
        "ip.run_cell('%%model_summary\\nx = 1')\n"
        "heavy = [m for m in ('tensorflow', 'keras', 'tf_keras', 'torch', 'jax') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr
    assert "Keras is not loaded in this kernel" in out.stdout


def test_load_ext_without_keras_installed_says_what_is_missing():
    out = _python(
        "import importlib.util\nreal = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name in ('keras', 'tf_keras') else real(name, *a)\n"
        "from IPython.core.interactiveshell import InteractiveShell\nip = InteractiveShell.instance()\n"
        "ip.run_line_magic('load_ext', 'jupyterlab_model_summary')\n"
    )
    assert "neither keras nor tf_keras is installed in this kernel" in out.stdout, out.stdout + out.stderr
