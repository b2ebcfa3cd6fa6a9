"""The kernel side's summary holds to the goldens: same counts per convention, layer by layer.

The inputs are the inspector's replies for the oracle's fixtures under real Keras
(test/fixtures/live/*.json, from scripts/oracle/live_replies.py); test/live.test.ts holds the
engine's live reader to the same goldens from the same replies.
"""

import json
from pathlib import Path

import pytest

from jupyterlab_model_summary import summary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPLIES = sorted((FIXTURES / "live").glob("*.json"))


def _unknown(counts):
    """A count the kernel does not have (an unbuilt model's layers): unknown, not wrong."""
    return not counts or all(v is None for v in counts.values())


def _compare_rows(ours, golden, where):
    assert [r["name"] for r in ours] == [r["name"] for r in golden], where
    for o, g in zip(ours, golden):
        at = f"{where}/{g['name']}"
        assert o["class"] == g["class"], at
        # A shape the kernel cannot read cheaply (inside a subclassed or unbuilt model) is unknown, not wrong.
        if o["outputShape"] is not None:
            assert o["outputShape"] == g["outputShape"], at
        for c in summary.CONVENTIONS:
            if not _unknown(o["params"]):
                assert o["params"][c] == g["params"][c], f"{at} params[{c}]"
            if not _unknown(o["trainableParams"]):
                assert o["trainableParams"][c] == g["trainableParams"][c], f"{at} trainableParams[{c}]"
        if "layers" in g:
            _compare_rows(o["layers"], g["layers"], at)


@pytest.mark.parametrize("path", REPLIES, ids=[p.stem for p in REPLIES])
def test_live_summary_matches_golden(path):
    reply = json.loads(path.read_text(encoding="utf-8"))
    golden = json.loads((FIXTURES / "golden" / path.name).read_text(encoding="utf-8"))
    report = summary.report_of(reply)
    # The kernel lists the models bound to names; those held by objects of Python classes (`autoencoder.encoder`)
    # are the static reader's entries.
    bound = [m for m in golden["models"] if not any(c in m["variable"] for c in ".[")]
    assert [m["variable"] for m in report["models"]] == [m["variable"] for m in bound]
    for ours, theirs in zip(report["models"], bound):
        assert ours["name"] == theirs["name"]
        _compare_rows(ours["layers"], theirs["layers"], f"{path.stem}:{ours['variable']}")
        partial = theirs["totals"]["keras"].get("unknownLayers", 0) > 0  # a built model with unbuilt layers
        if (theirs.get("unbuilt") or partial) and ours["totals"]["keras"]["unknownLayers"]:
            continue  # Keras prints `0 (unbuilt)`: the kernel has no totals to compare
        # Keras 3 counts a built optimizer's variables ("Optimizer params") in "Total params"; the goldens keep them apart.
        golden_optimizer = theirs.get("optimizer") or {}
        assert (ours.get("optimizer") or {}).get("class") == golden_optimizer.get("class"), f"{path.stem}:{ours['variable']} optimizer"
        for c in summary.CONVENTIONS:
            where = f"{path.stem}:{ours['variable']} totals[{c}]"
            optimizer = (golden_optimizer.get("params") or {}).get(c)
            if golden_optimizer:
                assert ours["totals"][c]["optimizer"] == optimizer, f"{where}[optimizer]"
            assert ours["totals"][c]["total"] == theirs["totals"][c]["total"] + (optimizer or 0), f"{where}[total]"
            for key in ("trainable", "nonTrainable"):
                assert ours["totals"][c][key] == theirs["totals"][c][key], f"{where}[{key}]"
            assert ours["totals"][c]["unknownLayers"] == 0


def test_every_golden_source_fixture_has_a_reply():
    sources = {p.stem for p in (FIXTURES / "models").iterdir() if p.suffix in (".py", ".ipynb")}
    assert sources == {p.stem for p in REPLIES}


def test_seed_delta_and_its_reason():
    reply = json.loads((FIXTURES / "live" / "seed_lstm.json").read_text(encoding="utf-8"))
    model = summary.report_of(reply)["models"][0]
    bi = model["layers"][1]
    assert (bi["params"]["keras"], bi["params"]["cudnn"]) == (1_442_400, 1_444_800)
    assert bi["note"] == "cuDNN keeps input and recurrent biases: +2 directions × 4 gates × 300 units = 2,400"
