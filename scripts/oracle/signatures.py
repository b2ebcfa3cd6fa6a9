#!/usr/bin/env python3
"""Real constructor signatures of every Keras layer class, for the catalogue's signature test.

``test/signatures.test.ts`` checks each catalogue entry's ``params(...)`` against these: the
parameters bound by position, and every argument a layer takes for itself whose name is also a
base-layer keyword (``Embedding(input_dim=...)`` is the vocabulary, not the input shape).

    python scripts/oracle/signatures.py --write   # regenerate test/fixtures/signatures.json
                                                  # (oracle.py --write / --check do it too)
    python scripts/oracle/signatures.py --check   # exit 1 when it differs from the installed Keras
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

OUT = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "signatures.json"


def describe(cls) -> list[list]:
    """``[name, positional, required]`` per parameter after ``self``, ``*args``/``**kwargs`` left out."""
    params = []
    for p in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        params.append([p.name, int(p.kind == p.POSITIONAL_OR_KEYWORD), int(p.default is p.empty)])
    return params


def layer_classes(*namespaces) -> dict[str, list[list]]:
    out = {}
    for namespace in namespaces:
        for name in sorted(dir(namespace)):
            cls = getattr(namespace, name)
            if name[0].isupper() and inspect.isclass(cls) and name not in out:
                out[name] = describe(cls)
    return out


def generate() -> str:
    import keras
    import tf_keras
    import tf_keras.api._v1.keras as keras_v1

    document = {
        "libraries": {"keras": keras.__version__, "tf_keras": tf_keras.__version__},
        "keras3": layer_classes(keras.layers),
        "keras2": layer_classes(tf_keras.layers, keras_v1.layers),
    }
    # One line per class: small, and a diff names the class that changed.
    lines = [f'  "libraries": {json.dumps(document["libraries"], sort_keys=True)}']
    for lib in ("keras2", "keras3"):
        classes = [f'    "{name}": {json.dumps(params, separators=(",", ":"))}' for name, params in sorted(document[lib].items())]
        lines.append(f'  "{lib}": {{\n' + ",\n".join(classes) + "\n  }")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: list[str]) -> int:
    if argv not in (["--write"], ["--check"]):
        print(__doc__)
        return 2
    text = generate()
    if argv == ["--write"]:
        OUT.write_text(text, encoding="utf-8")
        return 0
    if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
        print(f"signatures: {OUT.name} differs from the installed Keras; run signatures.py --write")
        return 1
    print("signatures: match the installed Keras")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
