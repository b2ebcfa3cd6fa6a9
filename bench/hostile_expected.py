"""The counts the hostile-input audit holds the CLI to, from real Keras.

Usage (through ``node bench/hostile.mjs --expected``, which writes the sources)::

    .venv/bin/python bench/hostile_expected.py SOURCES.json test/helpers/hostile-expected.json

SOURCES.json maps a case id to ``{"python": ..., "json": ..., "notebook": ...}``. Python is executed
(the cases' sources are the audit's own, not user files); where it raises, the models bound before the
error are kept, as the CLI is expected to summarize the rest of a file. Keras JSON is loaded with
``keras.models.model_from_json``; where Keras refuses it the model's entry is the error, and the CLI
must not state a count for it. Notebooks run their code cells as IPython would: the body of
``%%time``, ``%%capture`` and ``%%timeit`` (its setup line first), nothing of any other cell magic.
The output maps a case id to ``{variable or model name: keras count_params() | "error: ..."}``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402

PYTHON_MAGICS = {"time", "capture", "timeit", "prun"}


def models_in(namespace: dict) -> dict:
    return {name: int(v.count_params()) for name, v in namespace.items() if isinstance(v, keras.Model) and not name.startswith("_")}


def run_python(source: str) -> dict:
    keras.backend.clear_session()  # automatic names start again, as in a fresh process
    namespace: dict = {"__name__": "__main__"}
    try:
        exec(compile(source, "<case>", "exec"), namespace)
    except Exception as error:  # the rest of the file is not run; what was bound stays
        print(f"  (raised {type(error).__name__}: {error})"[:200])
    return models_in(namespace)


def cell_body(source: str) -> str | None:
    first, _, rest = source.partition("\n")
    m = re.match(r"\s*%%(\w+)(.*)", first)
    if not m:
        return source
    if m.group(1) not in PYTHON_MAGICS:
        return None
    if m.group(1) == "timeit":
        setup = re.sub(r"^(\s+-(?:[nrp]\s*\S+|[tcqo]))*\s*", "", m.group(2))
        return f"{setup}\n{rest}"
    return rest


def run_notebook(text: str) -> dict:
    cells = [c for c in json.loads(text)["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    bodies = [b for b in map(cell_body, sources) if b is not None]
    return run_python("\n".join(bodies))


def run_json(text: str) -> dict:
    keras.backend.clear_session()
    name = json.loads(text).get("config", {}).get("name", "?")
    try:
        model = keras.models.model_from_json(text)
    except Exception as error:
        return {name: f"error: {type(error).__name__}: {error}"[:300]}
    return {model.name: int(model.count_params())}


def main(sources_file: str, out_file: str) -> None:
    # Keras builds a deep Sequential recursively: 1,000 layers pass Python's default limit.
    sys.setrecursionlimit(200_000)
    sources = json.load(open(sources_file, encoding="utf-8"))
    expected = {}
    for case, src in sources.items():
        print(case)
        if src.get("python"):
            expected[case] = run_python(src["python"])
        elif src.get("json"):
            expected[case] = run_json(src["json"])
        elif src.get("notebook"):
            expected[case] = run_notebook(src["notebook"])
        print(f"  {expected[case]}")
    with open(out_file, "w", encoding="utf-8") as f:
        json.dump({"_": f"written by bench/hostile_expected.py with Keras {keras.__version__}; do not edit", **expected}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    threading.stack_size(1 << 30)  # and a stack deep enough for that recursion
    worker = threading.Thread(target=main, args=sys.argv[1:3])
    worker.start()
    worker.join()
