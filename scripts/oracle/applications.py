"""Goldens for keras.applications: every application built by real Keras on a grid of arguments.

Each case is a few lines of user code that bind an application model to `base`. Most use weights=None;
cases with weights='imagenet' (which adds a layer to EfficientNet and changes Keras's checks) run with
the download and the weight loading replaced by no-ops (`no_downloads`): the architecture is built by
Keras's own code, only the pretrained values are not fetched. The code runs under Keras 3 (`keras` is Keras
3.15) or, for cases marked version 2, under tf_keras (`keras` is tf_keras); the golden records the
code, and `base`'s layers as Keras reports them: name, class, output shape, parameters, trainable
parameters. test/applications.test.ts runs the engine on the same code and compares row by row.

    .venv/bin/python scripts/oracle/applications.py --write           # the representative grid
    .venv/bin/python scripts/oracle/applications.py --write --full    # every case
    .venv/bin/python scripts/oracle/applications.py --check [--full] [case ...]
    .venv/bin/python scripts/oracle/applications.py --list [--full]

The representative grid (`make test`, 21 cases) covers each family once with arguments that exercise
its options, weights='imagenet', input_tensor and tf.keras 2; the full grid (`make oracle-full`, 88
cases) builds every application with its defaults and more.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "fixtures" / "applications"

A = "keras.applications."

# (case id, keras version, code, representative?) — the code binds `base`.
def _cases() -> list[tuple[str, int, str, bool]]:
    cases: list[tuple[str, int, str, bool]] = []

    def add(case: str, code: str, rep: bool = False, version: int = 3) -> None:
        cases.append((case, version, code, rep))

    def app(name: str, args: str = "") -> str:
        return f"base = {A}{name}(weights=None{', ' + args if args else ''})"

    small = "include_top=False, input_shape=(96, 96, 3)"
    # Defaults (include_top=True, 1000 classes) for every application.
    for name in [
        "MobileNetV2", "ResNet50", "VGG16", "EfficientNetB0", "InceptionV3", "Xception", "DenseNet121",
        "MobileNet", "ResNet50V2", "MobileNetV3Small", "MobileNetV3Large", "ConvNeXtTiny", "EfficientNetV2B0",
        "InceptionResNetV2", "NASNetMobile", "ResNet101", "ResNet152", "ResNet101V2", "ResNet152V2", "VGG19",
        "DenseNet169", "DenseNet201", "EfficientNetB1", "EfficientNetB2", "EfficientNetB3", "EfficientNetB4",
        "EfficientNetB5", "EfficientNetB6", "EfficientNetB7", "EfficientNetV2B1", "EfficientNetV2B2",
        "EfficientNetV2B3", "EfficientNetV2S", "EfficientNetV2M", "EfficientNetV2L", "ConvNeXtSmall",
        "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtXLarge", "NASNetLarge",
    ]:
        add(f"{name.lower()}_default", app(name))

    # Headless bases on small inputs, with each pooling.
    add("mobilenetv2_notop_160_avg", app("MobileNetV2", "include_top=False, input_shape=(160, 160, 3), pooling='avg'"), rep=True)
    add("mobilenetv2_alpha035_96", app("MobileNetV2", "alpha=0.35, " + small))
    add("mobilenetv2_alpha13_classes10", app("MobileNetV2", "alpha=1.3, input_shape=(128, 128, 3), classes=10, classifier_activation=None"), rep=True)
    add("resnet50_notop_max", app("ResNet50", small + ", pooling='max'"), rep=True)
    add("resnet50_classes5", app("ResNet50", "input_shape=(64, 64, 3), classes=5"))
    add("vgg16_notop_avg", app("VGG16", "include_top=False, input_shape=(64, 64, 1), pooling='avg'"), rep=True)
    add("vgg19_classes3", app("VGG19", "input_shape=(32, 32, 3), classes=3, classifier_activation='sigmoid'"))
    add("efficientnetb0_notop_avg", app("EfficientNetB0", "include_top=False, input_shape=(128, 128, 3), pooling='avg'"))
    add("efficientnetb3_classes7", app("EfficientNetB3", "input_shape=(100, 100, 3), classes=7"))
    add("inceptionv3_notop", app("InceptionV3", "include_top=False, input_shape=(139, 139, 3)"), rep=True)
    add("xception_notop_avg", app("Xception", "include_top=False, input_shape=(71, 71, 3), pooling='avg'"), rep=True)
    add("densenet121_notop_max", app("DenseNet121", small + ", pooling='max'"), rep=True)
    add("densenet201_classes2", app("DenseNet201", "input_shape=(64, 64, 3), classes=2"))
    add("mobilenet_alpha05_notop", app("MobileNet", "alpha=0.5, depth_multiplier=1, " + small), rep=True)
    add("mobilenet_classes10_dropout", app("MobileNet", "input_shape=(128, 128, 3), classes=10, dropout=0.2"))
    add("resnet50v2_notop_avg", app("ResNet50V2", small + ", pooling='avg'"), rep=True)
    add("resnet152v2_classes4", app("ResNet152V2", "input_shape=(64, 64, 3), classes=4"))
    add("mobilenetv3small_minimal", app("MobileNetV3Small", "minimalistic=True, include_top=False, input_shape=(96, 96, 3), pooling='avg'"), rep=True)
    add("mobilenetv3large_alpha075_nopre", app("MobileNetV3Large", "alpha=0.75, include_preprocessing=False, input_shape=(128, 128, 3), classes=10"), rep=True)
    add("mobilenetv3small_dropout", app("MobileNetV3Small", "input_shape=(64, 64, 3), dropout_rate=0.0, classes=3"))
    add("convnexttiny_notop_avg", app("ConvNeXtTiny", "include_top=False, input_shape=(64, 64, 3), pooling='avg'"), rep=True)
    add("convnextbase_nopre", app("ConvNeXtBase", "include_preprocessing=False, input_shape=(64, 64, 3), classes=10"))
    add("efficientnetv2b0_notop", app("EfficientNetV2B0", "include_top=False, input_shape=(96, 96, 3), pooling='avg'"), rep=True)
    add("efficientnetv2s_nopre", app("EfficientNetV2S", "include_preprocessing=False, input_shape=(96, 96, 3), classes=10"))
    add("inceptionresnetv2_notop", app("InceptionResNetV2", "include_top=False, input_shape=(75, 75, 3), pooling='avg'"), rep=True)
    add("nasnetmobile_notop", app("NASNetMobile", "include_top=False, input_shape=(96, 96, 3), pooling='avg'"), rep=True)
    add("nasnetlarge_notop", app("NASNetLarge", "include_top=False, input_shape=(96, 96, 3)"))
    # input_tensor: the application is built on the user's tensor.
    add("mobilenetv2_input_tensor",
        "inputs = keras.Input(shape=(128, 128, 3))\n" + app("MobileNetV2", "include_top=False, input_tensor=inputs"), rep=True)
    add("resnet50_input_tensor",
        "inputs = keras.Input(shape=(64, 64, 3), name='image')\n" + app("ResNet50", "include_top=False, input_tensor=inputs, pooling='avg'"))
    # weights='imagenet', as users write it (nothing is downloaded: see no_downloads).
    add("mobilenetv2_imagenet_notop", app("MobileNetV2", "input_shape=(160, 160, 3), include_top=False").replace("weights=None", "weights='imagenet'"), rep=True)
    add("efficientnetb0_imagenet_notop", app("EfficientNetB0", "include_top=False, input_shape=(224, 224, 3)").replace("weights=None", "weights='imagenet'"), rep=True)
    add("resnet50_imagenet", app("ResNet50").replace("weights=None", "weights='imagenet'"))
    add("efficientnetv2b0_imagenet_notop", app("EfficientNetV2B0", "include_top=False, input_shape=(128, 128, 3)").replace("weights=None", "weights='imagenet'"))
    add("k2_efficientnetb0_imagenet_notop", app("EfficientNetB0", "include_top=False, input_shape=(96, 96, 3)").replace("weights=None", "weights='imagenet'"), version=2)
    # tf.keras 2 (tf_keras): its own namings (input_1, …).
    add("k2_mobilenetv2_notop", app("MobileNetV2", "include_top=False, input_shape=(96, 96, 3), pooling='avg'"), rep=True, version=2)
    add("k2_resnet50_default", app("ResNet50"), version=2)
    add("k2_vgg16_notop", app("VGG16", "include_top=False, input_shape=(64, 64, 3)"), version=2)
    add("k2_efficientnetb0_notop", app("EfficientNetB0", "include_top=False, input_shape=(96, 96, 3)"), version=2)
    add("k2_inceptionv3_notop", app("InceptionV3", "include_top=False, input_shape=(96, 96, 3)"), version=2)
    add("k2_xception_default", app("Xception"), version=2)
    add("k2_densenet121_notop", app("DenseNet121", small), version=2)
    add("k2_mobilenet_notop", app("MobileNet", small), version=2)
    add("k2_resnet50v2_notop", app("ResNet50V2", small), version=2)
    add("k2_mobilenetv3small_default", app("MobileNetV3Small"), rep=True, version=2)
    add("k2_convnexttiny_notop", app("ConvNeXtTiny", "include_top=False, input_shape=(64, 64, 3)"), rep=True, version=2)
    add("k2_efficientnetv2b0_notop", app("EfficientNetV2B0", "include_top=False, input_shape=(96, 96, 3)"), version=2)
    add("k2_inceptionresnetv2_notop", app("InceptionResNetV2", "include_top=False, input_shape=(75, 75, 3)"), version=2)
    add("k2_nasnetmobile_notop", app("NASNetMobile", "include_top=False, input_shape=(96, 96, 3)"), version=2)
    return cases


CASES = _cases()


@contextlib.contextmanager
def _quiet():
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


@contextlib.contextmanager
def no_downloads(version: int):
    """weights='imagenet' without the network: get_file returns a dummy path, load_weights does nothing."""
    if version == 3:
        from keras.src.models.model import Model
        from keras.src.utils import file_utils as files
    else:
        from tf_keras.src.engine.training import Model
        from tf_keras.src.utils import data_utils as files
    saved = files.get_file, Model.load_weights
    files.get_file = lambda *args, **kwargs: "/nonexistent/weights.h5"
    Model.load_weights = lambda self, *args, **kwargs: None
    try:
        yield
    finally:
        files.get_file, Model.load_weights = saved


def _shape(shape) -> list | None:
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return [None if d is None else int(d) for d in shape]


def _count(weights) -> int:
    return sum(math.prod(int(d) for d in w.shape) for w in weights)


def describe(model) -> dict:
    rows = []
    for layer in model.layers:
        out = layer.output
        shape = [_shape(t.shape) for t in out] if isinstance(out, (list, tuple)) else _shape(out.shape)
        rows.append([layer.name, type(layer).__name__, shape, _count(layer.weights), _count(layer.trainable_weights)])
    total = model.count_params()
    trainable = _count(model.trainable_weights)
    assert sum(r[3] for r in rows) == total, f"{model.name}: rows do not add up to count_params()"
    return {"name": model.name, "class": type(model).__name__, "layers": rows,
            "totals": {"total": total, "trainable": trainable, "nonTrainable": total - trainable}}


class Runner:
    def __init__(self):
        self._modules: dict[int, object] = {}

    def keras(self, version: int):
        if version not in self._modules:
            if version == 3:
                import keras
                self._modules[3] = keras
            else:
                import tf_keras
                self._modules[2] = tf_keras
        return self._modules[version]

    def golden(self, case: str, version: int, code: str) -> dict:
        keras = self.keras(version)
        keras.backend.clear_session()
        namespace = {"keras": keras}
        with _quiet(), no_downloads(version):
            exec(compile(code, f"<{case}>", "exec"), namespace)
        return {"case": case, "kerasVersion": version, "library": f"{keras.__name__} {keras.__version__}",
                "code": code, "model": describe(namespace["base"])}


def render(doc: dict) -> str:
    """One layer per line: the goldens stay readable and their diffs small."""
    model = doc["model"]
    head = {k: v for k, v in doc.items() if k != "model"}
    lines = [json.dumps(head, sort_keys=True)[:-1] + ', "model": {',
             f'  "class": {json.dumps(model["class"])}, "name": {json.dumps(model["name"])},',
             f'  "totals": {json.dumps(model["totals"], sort_keys=True)},',
             '  "layers": [']
    rows = [f"    {json.dumps(r)}" for r in model["layers"]]
    lines.append(",\n".join(rows))
    lines.append("  ]}}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--list", action="store_true")
    parser.add_argument("--full", action="store_true", help="every case, not only the representative grid")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args()
    chosen = [c for c in CASES if (args.cases and c[0] in args.cases) or (not args.cases and (args.full or c[3]))]
    unknown = set(args.cases) - {c[0] for c in CASES}
    if unknown:
        print(f"unknown cases: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    if args.list:
        for case, version, code, rep in chosen:
            print(f"{case}\tkeras {version}\t{'rep' if rep else 'full'}\t{code.splitlines()[-1]}")
        return 0
    runner = Runner()
    OUT.mkdir(parents=True, exist_ok=True)
    failures = 0
    started = time.monotonic()
    for case, version, code, _ in chosen:
        t0 = time.monotonic()
        text = render(runner.golden(case, version, code))
        path = OUT / f"{case}.json"
        if args.write:
            path.write_text(text)
            status = "written"
        elif not path.exists():
            status, failures = "MISSING", failures + 1
        elif path.read_text() != text:
            status, failures = "DIFFERS", failures + 1
        else:
            status = "ok"
        print(f"{case}: {status} ({time.monotonic() - t0:.1f} s)", flush=True)
    print(f"{len(chosen)} cases in {time.monotonic() - started:.1f} s; {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
