#!/usr/bin/env python3
"""What the kernel inspector says about every fixture model, under real Keras: test/fixtures/live/*.json.

The oracle executes each source fixture (Keras 3, or tf_keras for ``# keras-version: 2``); the
inspector (jupyterlab_model_summary/inspector.py, the code the panel sends to the kernel) then
describes the live models. These replies are the input of two tests that hold the kernel side to
the goldens: test/python/test_parity.py (the Python summary) and test/live.test.ts (the engine's
src/core/readers/live.ts).

    python scripts/oracle/live_replies.py --write    # regenerate
    python scripts/oracle/live_replies.py --check    # compare with real Keras, exit 1 on drift
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import oracle  # noqa: E402
from jupyterlab_model_summary import inspector  # noqa: E402

LIVE_DIR = oracle.FIXTURES_DIR / "live"


def replies(paths):
    keeper = oracle.Oracle()
    for path in paths:
        _, models, runtime = keeper.run_source_fixture(path)
        # The kernel lists the models bound to names in the user's namespace; the models the oracle also lists as held
        # by objects of Python classes (`autoencoder.encoder`) are the static reader's entries.
        models = [(variable, model) for variable, model in models if not any(c in variable for c in ".[")]
        library = "keras" if runtime.version == 3 else "tf_keras"
        classes = (runtime.families.model[0],)
        budget = inspector._Budget(inspector.LIMITS)
        described = [inspector.describe_model(variable, model, library, classes, budget) for variable, model in models]
        version = runtime.library.split(" ")[1]
        yield path, {"version": inspector.VERSION, "libraries": [{"name": library, "version": version, "backend": "tensorflow"}],
                     "models": described, "values": {}, "truncated": budget.truncated}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("fixtures", nargs="*")
    args = parser.parse_args(argv)
    started = time.monotonic()
    sources, _ = oracle.select_fixtures(set(args.fixtures))
    # The fixture models (test/live.test.ts compares each reply with its golden); the whole scripts are the reader's test.
    sources = [p for p in sources if p.parent == oracle.MODELS_DIR]
    LIVE_DIR.mkdir(exist_ok=True)
    problems = []
    for path, reply in replies(sources):
        target = LIVE_DIR / f"{path.stem}.json"
        text = oracle.render_json(reply)
        if args.write:
            target.write_text(text, encoding="utf-8")
        elif not target.exists() or target.read_text(encoding="utf-8") != text:
            problems.append(f"{target.relative_to(oracle.REPO_ROOT)} differs from what the inspector says under real Keras")
    for problem in problems:
        print(problem)
    elapsed = time.monotonic() - started
    print(f"live replies: {len(sources)} fixtures {'written' if args.write else 'differ' if problems else 'match'} ({elapsed:.1f}s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
