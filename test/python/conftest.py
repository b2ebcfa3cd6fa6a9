"""Shared fixtures: one in-process IPython shell with the extension loaded, its displays recorded."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


@pytest.fixture(scope="session")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.shown = []
    ip.display_pub.publish = lambda data, metadata=None, **kw: ip.shown.append(data)
    ip.run_line_magic("load_ext", "jupyterlab_model_summary")
    return ip


@pytest.fixture
def run(shell):
    """Runs a cell as a kernel would (history, execution count); returns (result, bundles displayed)."""

    def run_cell(code):
        shell.shown.clear()
        result = shell.run_cell(code, store_history=True)
        return result, list(shell.shown)

    return run_cell
