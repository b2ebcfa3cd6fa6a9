"""The PyTorch half of the conversion check, run by Debian's /usr/bin/python3 (python3-torch), not the venv.

check.py (the venv, real Keras) writes each recurrent layer's input, its Keras output and the state dict
the generated module made; this script loads the state dicts into nn.LSTM / nn.GRU / nn.RNN, runs them on
the same input and reports the largest difference. Then, for the way back, it gives each module random
weights and writes them with its outputs, which check.py loads into Keras with torch_to_keras.
Arrays travel through .npz files; the cases through cases.json.
"""
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from views import keras_view, max_diff, steps_input, unfold  # noqa: E402

MODULES = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU, "SimpleRNN": torch.nn.RNN}


def module_for(spec, num_layers=1, input_size=None):
    options = dict(input_size=input_size or spec["input_dim"], hidden_size=spec["units"], num_layers=num_layers, bias=spec["use_bias"],
                   batch_first=True, bidirectional=spec["directions"] == 2)
    if spec["kind"] == "SimpleRNN" and "nonlinearity='relu'" in spec["torch"]:
        options["nonlinearity"] = "relu"
    return MODULES[spec["kind"]](**options)


def run(module, spec, meta, x):
    """The Keras layer's outputs, computed by PyTorch."""
    with torch.no_grad():
        out, h_n = module(torch.from_numpy(steps_input(meta, x)))
    h = (h_n[0] if isinstance(h_n, tuple) else h_n).numpy()
    out = out.numpy()
    u = spec["units"]
    directions = spec["directions"]
    sequences = [out[..., d * u:(d + 1) * u] for d in range(directions)]
    finals = [h[h.shape[0] - directions + d] for d in range(directions)]
    return unfold(meta, x, keras_view(meta, sequences, finals))


def main(work):
    work = Path(work)
    cases = json.loads((work / "cases.json").read_text())
    arrays = dict(np.load(work / "keras.npz"))
    results, back = [], {}
    torch.manual_seed(13)
    for case in cases["layers"]:
        cid, spec, meta = case["id"], case["spec"], case["meta"]
        if spec["torch_refused"]:
            continue
        x = arrays[f"{cid}|x"]
        expected = [arrays[f"{cid}|y{i}"] for i in range(case["outputs"])]
        module = module_for(spec)
        state = {k.split("|", 2)[2]: torch.from_numpy(v) for k, v in arrays.items() if k.startswith(f"{cid}|torch|")}
        module.load_state_dict(state, strict=True)
        results.append({"id": cid, "check": "keras -> torch", "diff": max_diff(run(module, spec, meta, x), expected)})
        # The way back: random PyTorch weights, and what PyTorch computes with them.
        with torch.no_grad():
            for p in module.parameters():
                p.uniform_(-0.5, 0.5)
        for k, v in module.state_dict().items():
            back[f"{cid}|torch|{k}"] = v.numpy()
        for i, y in enumerate(run(module, spec, meta, x)):
            back[f"{cid}|y{i}"] = y
    # Stacked layers as one module: nn.LSTM(num_layers=N) from stack_torch of the generated module.
    spec_module = importlib.util.spec_from_file_location("conversion", work / "conversion.py")
    conversion = importlib.util.module_from_spec(spec_module)
    spec_module.loader.exec_module(conversion)
    for stack in cases["stacks"]:
        first = next(c for c in cases["layers"] if c["id"] == stack["layers"][0])
        dicts = [{k.split("|", 2)[2]: v for k, v in arrays.items() if k.startswith(f"{cid}|torch|")} for cid in stack["layers"]]
        module = module_for(first["spec"], num_layers=len(dicts))
        module.load_state_dict({k: torch.from_numpy(v) for k, v in conversion.stack_torch(dicts).items()}, strict=True)
        last = next(c for c in cases["layers"] if c["id"] == stack["layers"][-1])
        got = run(module, last["spec"], last["meta"], arrays[f"{first['id']}|x"])
        results.append({"id": stack["id"], "check": f"keras -> torch, {len(dicts)} layers as one module (stack_torch)", "diff": max_diff(got, [arrays[f"{last['id']}|y0"]])})
    np.savez(work / "torch.npz", **back)
    (work / "torch_results.json").write_text(json.dumps({"torch": torch.__version__, "results": results}))


if __name__ == "__main__":
    main(sys.argv[1])
