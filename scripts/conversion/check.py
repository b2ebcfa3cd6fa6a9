"""The weight conversion against the real libraries (issue 13), run by `make conversion-check`.

    .venv/bin/python scripts/conversion/check.py test/conversion/cases_keras3.py [--work DIR]

1. The CLI writes the conversion module for the cases file (`model-summary FILE --conversion-code`) and
   its JSON (`--format json`).
2. Real Keras (Keras 3, or tf_keras for files headed `# keras-version: 2`) runs every recurrent layer
   with random weights on a random input; the module converts the weights (keras_to_torch, keras_to_onnx).
3. Debian's PyTorch (/usr/bin/python3, another interpreter: arrays travel as .npz) runs nn.LSTM / nn.GRU /
   nn.RNN with them; onnxruntime runs single-node LSTM / GRU / RNN graphs. Outputs must agree within 1e-5.
4. The way back: random PyTorch weights and random ONNX W, R, B go into Keras through torch_to_keras and
   onnx_to_keras, and Keras must compute what PyTorch and onnxruntime computed.
5. Layers without an exact conversion must refuse with the reason; every converted layer must produce as
   many elements as the engine's cuDNN count.

The CuDNN layers of tf_keras cannot run on a CPU: their Keras output is that of the LSTM / GRU tf_keras's
own legacy weight loader (`_convert_rnn_weights`) converts them into, so the reference is still the library.
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOLERANCE = 1e-5
TORCH_PYTHON = os.environ.get("TORCH_PYTHON", "/usr/bin/python3")

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("cases", type=Path)
parser.add_argument("--work", type=Path, default=None, help="keep the exchanged files here")
ARGS = parser.parse_args()
SOURCE = ARGS.cases.read_text()
KERAS2 = re.search(r"^#\s*keras-version:\s*2\s*$", SOURCE, re.M) is not None
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if KERAS2:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.keras is tf_keras, as for a Keras 2 user

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

if KERAS2:
    import tf_keras as keras
    from tf_keras.src.saving.legacy.hdf5_format import _convert_rnn_weights
else:
    import keras

sys.path.insert(0, str(Path(__file__).parent))
from views import keras_view, max_diff, steps_input, unfold  # noqa: E402

FAILURES = []
LINES = []


def report(case, check, diff=None, ok=None, detail=""):
    ok = (diff is not None and diff <= TOLERANCE) if ok is None else ok
    LINES.append(f"{'ok  ' if ok else 'FAIL'} {case:<34} {check:<52} {'' if diff is None else f'max |Δ| {diff:.2e}'} {detail}".rstrip())
    if not ok:
        FAILURES.append(f"{case}: {check} {detail}")


def cli(*args):
    return subprocess.run(["node", str(ROOT / "dist/model-summary.cjs"), str(ARGS.cases), *args], check=True, capture_output=True, text=True).stdout


def load_module(path):
    spec = importlib.util.spec_from_file_location("conversion", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cells(layer):
    if hasattr(layer, "forward_layer"):
        return [layer.forward_layer, layer.backward_layer]
    if type(layer).__name__ == "TimeDistributed":
        return [layer.layer]
    return [layer]


def meta_of(layer, units):
    cell = cells(layer)[0]
    return {
        "directions": 2 if hasattr(layer, "forward_layer") else 1,
        "return_sequences": bool(cell.return_sequences),
        "merge_mode": getattr(layer, "merge_mode", None),
        "time_distributed": type(layer).__name__ == "TimeDistributed",
        "units": units,
    }


def twin(layer, x):
    """tf_keras: the LSTM / GRU(reset_after=True) a CuDNN layer converts into, by tf_keras's own loader."""
    def one(cell):
        if type(cell).__name__ == "CuDNNLSTM":
            return keras.layers.LSTM(cell.units, return_sequences=cell.return_sequences, go_backwards=cell.go_backwards)
        return keras.layers.GRU(cell.units, return_sequences=cell.return_sequences, go_backwards=cell.go_backwards, reset_after=True)
    if hasattr(layer, "forward_layer"):
        made = keras.layers.Bidirectional(one(layer.forward_layer), merge_mode=layer.merge_mode, backward_layer=one(layer.backward_layer))
    else:
        made = one(layer)
    made(x)
    for target, source in zip(cells(made), cells(layer)):
        target.set_weights(_convert_rnn_weights(target, source.get_weights()))
    return made


def is_cudnn(layer):
    return any(type(c).__name__.startswith("CuDNN") for c in cells(layer))


def forward(layer, x):
    """The Keras layer's outputs on x, as a list of arrays."""
    run = twin(layer, x) if is_cudnn(layer) else layer
    y = run(x)
    return [np.asarray(t) for t in (y if isinstance(y, (list, tuple)) else [y])]


def run_onnx(spec, tensors, meta, x):
    """onnxruntime's LSTM / GRU / RNN operator on x, as the Keras layer's outputs."""
    attributes = {k: v for k, v in spec["onnx"].items() if k != "op_type"}
    op = spec["onnx"]["op_type"]
    xs = np.ascontiguousarray(steps_input(meta, x).transpose(1, 0, 2))  # layout 0: (steps, batch, features)
    steps, batch, _ = xs.shape
    dirs, units = spec["directions"], spec["units"]
    names = ["W", "R"] + (["B"] if "B" in tensors else [])
    outputs = ["Y", "Y_h"] + (["Y_c"] if op == "LSTM" else [])
    node = helper.make_node(op, ["X", *names], outputs, **attributes)
    graph = helper.make_graph(
        [node], "conversion", [helper.make_tensor_value_info("X", TensorProto.FLOAT, list(xs.shape))],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, shape) for o, shape in zip(outputs, [[steps, dirs, batch, units], *[[dirs, batch, units]] * 2])],
        initializer=[numpy_helper.from_array(np.asarray(tensors[n], np.float32), n) for n in names],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    y, y_h = session.run(None, {"X": xs})[:2]
    directions = spec["directions"]
    sequences = [y[:, d].transpose(1, 0, 2) for d in range(directions)]
    finals = [y_h[d] for d in range(directions)]
    return unfold(meta, x, keras_view(meta, sequences, finals))


def expect_refusal(case, what, call, phrase):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call()
    except Exception as e:  # noqa: BLE001 - the type is checked below
        ok = type(e).__name__ == "ConversionError" and phrase in str(e)
        report(case, f"refuses {what}", ok=ok, detail="" if ok else f"raised {type(e).__name__}: {e}")
        return
    report(case, f"refuses {what}", ok=False, detail="no error raised")


def elements(tensors):
    return sum(int(np.asarray(v).size) for v in tensors.values())


def main():
    if ARGS.work is None:
        with tempfile.TemporaryDirectory(prefix="conversion-") as tmp:
            return run(Path(tmp))
    ARGS.work.mkdir(parents=True, exist_ok=True)
    return run(ARGS.work)


def run(work):
    version = ["--keras-version", "2"] if KERAS2 else []
    (work / "conversion.py").write_text(cli("--conversion-code", *version))
    report_json = json.loads(cli("--format", "json", *version))
    cudnn_counts = {}
    for m in report_json["models"]:
        for layer in m["layers"]:
            cudnn_counts[(m["name"], layer["name"])] = layer["params"]["cudnn"]
    conversion = load_module(work / "conversion.py")
    namespace = {"__name__": "cases"}
    exec(compile(SOURCE, str(ARGS.cases), "exec"), namespace)
    models = [v for v in namespace.values() if isinstance(v, keras.Model)]
    rng = np.random.default_rng(13)
    cases, stacks, arrays, layers_of = [], [], {}, {}
    for model in models:
        if model.name not in conversion.LAYERS:
            report(model.name, "model read by the engine under its Keras name", ok=False, detail=f"not in {sorted(conversion.LAYERS)}")
            continue
        plan = conversion.LAYERS[model.name]
        model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
        shape = tuple(3 if d is None else d for d in model.input_shape)
        x = rng.uniform(-1, 1, shape).astype(np.float32)
        chain = []
        for layer in model.layers:
            spec = plan.get(layer.name)
            y = forward(layer, x)
            if spec is not None:
                cid = f"{model.name}/{layer.name}"
                layers_of[cid] = (model, layer, spec, x, y)
                if spec["kind"] is None:  # ConvLSTM: no equivalent anywhere
                    expect_refusal(cid, "keras_to_torch", lambda: conversion.keras_to_torch(model, layers=[layer.name]), "no exact conversion")
                    expect_refusal(cid, "torch_to_keras", lambda: conversion.torch_to_keras({layer.name: {}}, model), "no exact conversion")
                    expect_refusal(cid, "keras_to_onnx", lambda: conversion.keras_to_onnx(model, layers=[layer.name]), "no exact conversion")
                    expect_refusal(cid, "onnx_to_keras", lambda: conversion.onnx_to_keras({layer.name: {}}, model), "no exact conversion")
                else:
                    meta = meta_of(layer, spec["units"])
                    cases.append({"id": cid, "spec": spec, "meta": meta, "outputs": len(y)})
                    arrays[f"{cid}|x"] = x
                    for i, out in enumerate(y):
                        arrays[f"{cid}|y{i}"] = out
                    chain.append((cid, spec, meta))
                    check_onnx(conversion, cid, model, layer, spec, meta, x, y, cudnn_counts[(model.name, layer.name)], rng)
                    if spec["torch_refused"]:
                        phrase = "reset_after=False" if spec["kind"] == "GRU" else "no exact conversion"
                        expect_refusal(cid, "keras_to_torch", lambda: conversion.keras_to_torch(model, layers=[layer.name]), phrase)
                        expect_refusal(cid, "torch_to_keras", lambda: conversion.torch_to_keras({layer.name: {}}, model), phrase)
                    else:
                        state = conversion.keras_to_torch(model, layers=[layer.name])[layer.name]
                        count = cudnn_counts[(model.name, layer.name)]
                        report(cid, "PyTorch elements = engine's cuDNN count", ok=elements(state) == count, detail=f"{elements(state):,} vs {count:,}")
                        for k, v in state.items():
                            arrays[f"{cid}|torch|{k}"] = v
            x = y[0]
        stackable = (
            len(chain) > 1 and len({(c[1]["kind"], c[1]["units"], c[1]["directions"]) for c in chain}) == 1 and not any(c[1]["torch_refused"] for c in chain)
            and all(c[2]["return_sequences"] and c[2]["merge_mode"] in (None, "concat") and not c[2]["time_distributed"] for c in chain)
            and all(c[2]["merge_mode"] == "concat" for c in chain if c[2]["directions"] == 2)
        )
        if stackable:
            stacks.append({"id": model.name, "layers": [c[0] for c in chain]})
        # Layers left out with a warning when not named.
        refused = [n for n, s in plan.items() if s["torch_refused"]]
        if refused:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                got = conversion.keras_to_torch(model)
            ok = not set(refused) & set(got) and len(caught) == len(refused)
            report(model.name, "keras_to_torch(model) leaves refused layers out, warns", ok=ok)
    (work / "cases.json").write_text(json.dumps({"layers": cases, "stacks": stacks}))
    np.savez(work / "keras.npz", **arrays)
    subprocess.run([TORCH_PYTHON, str(Path(__file__).parent / "torch_side.py"), str(work)], check=True)
    torch_results = json.loads((work / "torch_results.json").read_text())
    for r in torch_results["results"]:
        report(r["id"], f"{r['check']} (torch {torch_results['torch']})", r["diff"])
    back = dict(np.load(work / "torch.npz"))
    for case in cases:
        if case["spec"]["torch_refused"]:
            continue
        cid = case["id"]
        model, layer, spec, x, _ = layers_of[cid]
        state = {k.split("|", 2)[2]: v for k, v in back.items() if k.startswith(f"{cid}|torch|")}
        conversion.torch_to_keras({layer.name: state}, model)
        expected = [back[f"{cid}|y{i}"] for i in range(case["outputs"])]
        report(cid, "torch -> keras (random PyTorch weights)", max_diff(forward(layer, x), expected))
    print(f"Conversion check: {ARGS.cases} ({'tf_keras' if KERAS2 else 'Keras'} {keras.__version__}, onnxruntime {ort.__version__}; files in {work if ARGS.work else 'a temporary folder'})")
    print("\n".join(LINES))
    print(f"{len(LINES) - len(FAILURES)} of {len(LINES)} checks passed")
    return 1 if FAILURES else 0


def check_onnx(conversion, cid, model, layer, spec, meta, x, y, count, rng):
    if spec["onnx_refused"]:
        expect_refusal(cid, "keras_to_onnx", lambda: conversion.keras_to_onnx(model, layers=[layer.name]), "no exact conversion")
        return
    tensors = conversion.keras_to_onnx(model, layers=[layer.name])[layer.name]
    report(cid, "ONNX elements = engine's cuDNN count", ok=elements(tensors) == count, detail=f"{elements(tensors):,} vs {count:,}")
    report(cid, "keras -> onnx (onnxruntime)", max_diff(run_onnx(spec, tensors, meta, x), y))
    # The way back: random W, R, B through onnxruntime, then into Keras.
    saved = [c.get_weights() for c in cells(layer)]
    random = {k: rng.uniform(-0.5, 0.5, v.shape).astype(np.float32) for k, v in tensors.items()}
    expected = run_onnx(spec, random, meta, x)
    conversion.onnx_to_keras({layer.name: random}, model)
    report(cid, "onnx -> keras (random W, R, B)", max_diff(forward(layer, x), expected))
    for c, w in zip(cells(layer), saved):
        c.set_weights(w)


if __name__ == "__main__":
    sys.exit(main())
