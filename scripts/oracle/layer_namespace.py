#!/usr/bin/env python3
"""Every class Keras 3 exports in ``keras.layers`` (and the keras_hub layers the catalogue models), from the real libraries.

Writes ``test/fixtures/layer-namespace.json``: each class name with the class it is
(``type(layer).__name__``; aliases such as ``AvgPool2D`` differ) and its constructor's
parameters. ``test/catalogue.test.ts`` asserts that the engine's catalogue covers every
one of them (as a layer, or as a class only the running kernel can size) and that the
signatures of the newer catalogue files match these parameters.

Usage::

    python scripts/oracle/layer_namespace.py            # list what the catalogue lacks
    python scripts/oracle/layer_namespace.py --write    # regenerate the committed list
    python scripts/oracle/layer_namespace.py --check    # exit 1 when it differs from real Keras
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

REPO_ROOT = Path(__file__).resolve().parents[2]
NAMESPACE_FILE = REPO_ROOT / "test" / "fixtures" / "layer-namespace.json"
VITE_NODE = REPO_ROOT / "node_modules" / ".bin" / "vite-node"
CATALOGUE_SCRIPT = REPO_ROOT / "scripts" / "oracle" / "catalogue-names.ts"

# The keras_hub / keras_nlp layers tutorials build with (issue 9 §2).
HUB_LAYERS = ("TokenAndPositionEmbedding", "PositionEmbedding", "SinePositionEncoding", "RotaryEmbedding",
              "TransformerEncoder", "TransformerDecoder", "MaskedLMHead", "FNetEncoder")


def parameters(cls) -> list[str]:
    """Constructor parameters as Python binds them, without self, *args and **kwargs."""
    signature = inspect.signature(cls.__init__)
    return [p.name for p in list(signature.parameters.values())[1:]
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def describe(namespace, names, legacy=None) -> dict:
    """Class name and parameters per exported name; with ``legacy``, whether tf_keras 2 exports it too."""
    out = {name: {"class": getattr(namespace, name).__name__, "params": parameters(getattr(namespace, name))}
           for name in names}
    if legacy is not None:
        for name, entry in out.items():
            entry["inTfKeras2"] = hasattr(legacy, name)
    return out


def namespace_document() -> dict:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import keras
        import keras_hub
        import keras_nlp
        import tf_keras

    layer_names = sorted(n for n in dir(keras.layers) if inspect.isclass(getattr(keras.layers, n)))
    for name in HUB_LAYERS:
        if getattr(keras_nlp.layers, name) is not getattr(keras_hub.layers, name):
            raise SystemExit(f"keras_nlp.layers.{name} is no longer keras_hub.layers.{name}: model it separately")
    return {
        "keras": keras.__version__,
        "keras_hub": keras_hub.__version__,
        "keras_nlp": keras_nlp.__version__,
        "tf_keras": tf_keras.__version__,
        "layers": describe(keras.layers, layer_names, tf_keras.layers),
        "keras_hub_layers": describe(keras_hub.layers, HUB_LAYERS),
    }


def render(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def catalogue() -> dict:
    """What the engine's catalogue covers, read from the TypeScript registry itself."""
    out = subprocess.run([str(VITE_NODE), str(CATALOGUE_SCRIPT)], cwd=REPO_ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def missing(document: dict, covered: dict) -> list[str]:
    known = set(covered["layers"]) | set(covered["kernelOnly"]) | set(covered["notLayers"])
    return sorted(n for n in document["layers"] if n not in known) + sorted(
        f"keras_hub.layers.{n}" for n in document["keras_hub_layers"] if covered["layers"].get(n, {}).get("library") != "keras_hub")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"write {NAMESPACE_FILE.relative_to(REPO_ROOT)}")
    mode.add_argument("--check", action="store_true", help="exit 1 when the committed list differs from real Keras")
    args = parser.parse_args(argv)
    document = namespace_document()
    text = render(document)
    if args.write:
        NAMESPACE_FILE.write_text(text, encoding="utf-8")
        print(f"layer namespace: {len(document['layers'])} keras.layers classes, "
              f"{len(document['keras_hub_layers'])} keras_hub layers written")
        return 0
    if args.check:
        if not NAMESPACE_FILE.exists() or NAMESPACE_FILE.read_text(encoding="utf-8") != text:
            print(f"layer namespace: {NAMESPACE_FILE.relative_to(REPO_ROOT)} differs from real Keras "
                  f"{document['keras']}; run layer_namespace.py --write")
            return 1
        print(f"layer namespace: {len(document['layers'])} keras.layers classes match real Keras {document['keras']}")
        return 0
    lacking = missing(document, catalogue())
    print(f"{len(document['layers'])} classes in keras.layers ({document['keras']}); "
          f"{len(lacking)} not in the catalogue{': ' if lacking else ''}{' '.join(lacking)}")
    return 1 if lacking else 0


if __name__ == "__main__":
    sys.exit(main())
