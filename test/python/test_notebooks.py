"""Notebooks with %load_ext and magic cells run unchanged under `jupyter nbconvert --execute` and papermill."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from make_notebook import magic_notebook

ROOT = Path(__file__).resolve().parents[2]
MIME = "application/vnd.jupyter.model-summary+json"


def _env():
    # The kernel imports this checkout's package (no install needed).
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONPATH=path, TF_CPP_MIN_LOG_LEVEL="3")


def _check(nb):
    cells = [c for c in nb.cells if c.cell_type == "code"]
    assert "False" in "".join(o.get("text", "") for o in cells[1].outputs)  # no TensorFlow before the first magic cell
    bundles = [o for o in cells[2].outputs if o.output_type == "display_data" and MIME in o.data]
    assert len(bundles) == 1, cells[2].outputs  # one display, not two
    report = bundles[0].data[MIME]["report"]
    [model] = report["models"]
    assert model["variable"] == "model"
    assert (model["totals"]["keras"]["total"], model["totals"]["cudnn"]["total"]) == (1_634_400, 1_636_800)
    assert "+2,400" in bundles[0].data["text/plain"]
    assert cells[3].outputs[0]["text"].strip() == "1634400"  # the model exists in the next cell
    [legacy] = [o for o in cells[4].outputs if o.output_type == "display_data"]
    gru = legacy.data[MIME]["report"]["models"][0]["layers"][0]
    # GRU(16, reset_after=False) on 8 features: 3·16·(8+16+1) = 1,200 Keras; cuDNN's second bias adds 48.
    assert (gru["params"]["keras"], gru["params"]["cudnn"]) == (1_200, 1_248)
    assert cells[5].outputs[0]["text"].strip() == "1200"


def test_nbconvert_execute(tmp_path):
    source = tmp_path / "magic.ipynb"
    nbformat.write(magic_notebook(), source)
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--output", "out.ipynb", str(source)],
                   check=True, env=_env(), cwd=tmp_path, capture_output=True, timeout=300)
    _check(nbformat.read(tmp_path / "out.ipynb", as_version=4))


def test_papermill(tmp_path):
    papermill = pytest.importorskip("papermill")
    source, output = tmp_path / "magic.ipynb", tmp_path / "out.ipynb"
    nbformat.write(magic_notebook(parameters=True), source)
    os.environ.update(_env())
    papermill.execute_notebook(str(source), str(output), parameters={"units": 300}, kernel_name="python3", progress_bar=False)
    nb = nbformat.read(output, as_version=4)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    _check(nb)
