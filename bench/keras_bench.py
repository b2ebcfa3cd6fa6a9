"""Time real Keras building the benchmark models and printing their summaries.

Usage: keras_bench.py FILE:REPS [FILE:REPS...]   (each FILE defines a model in the variable `model`)

Prints one JSON object on stdout. Every time is measured inside this process with
time.perf_counter; the one-off `import keras` is reported apart and excluded from the rest.
"""

import contextlib
import io
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

t0 = time.perf_counter()
import keras  # noqa: E402

import_s = time.perf_counter() - t0

# Keras walks a model's graph recursively: at Python's default limit (1,000 frames) building a
# 1,000-layer model raises RecursionError. Raise it, as a user with such a model has to.
DEFAULT_RECURSION_LIMIT = sys.getrecursionlimit()
sys.setrecursionlimit(100_000)


def run(path: str, reps: int) -> dict:
    with open(path, encoding="utf-8") as f:
        source = f.read()
    code = compile(source, path, "exec")
    build, summary, params = [], [], None
    for _ in range(reps):
        keras.backend.clear_session()  # fresh layer names, as in a new kernel; not timed
        namespace: dict = {}
        t = time.perf_counter()
        exec(code, namespace)
        t_built = time.perf_counter()
        model = namespace["model"]
        with contextlib.redirect_stdout(io.StringIO()):
            model.summary()
        t_done = time.perf_counter()
        build.append(t_built - t)
        summary.append(t_done - t_built)
        params = model.count_params()
    total = [b + s for b, s in zip(build, summary)]
    return {
        "file": path,
        "reps": reps,
        "build_ms": statistics.median(build) * 1e3,
        "summary_ms": statistics.median(summary) * 1e3,
        "total_ms": statistics.median(total) * 1e3,
        "params": params,
    }


def main() -> None:
    results = []
    for arg in sys.argv[1:]:
        path, _, reps = arg.rpartition(":")
        results.append(run(path, int(reps)))
    print(
        json.dumps(
            {
                "keras": keras.__version__,
                "python": sys.version.split()[0],
                "import_s": import_s,
                "default_recursion_limit": DEFAULT_RECURSION_LIMIT,
                "runs": results,
            }
        )
    )


if __name__ == "__main__":
    main()
