"""The honesty check of the second stage of diagnosis: on the held-out mistakes
(benchmarks/heldout_mistakes/, never used to write or tune a detector's tests), no
failing property gets an explanation other than the ones written down as correct, and
none is named from the catalogue (it would not be held out).  How many are explained is
measured by benchmarks/bench_diagnosis.py, not asserted here."""

from __future__ import annotations

import sys

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
# A copy of the kit without benchmarks/ (tests/test_guide.py's) has no held-out set.
bench_diagnosis = pytest.importorskip("bench_diagnosis", reason="no benchmarks/ folder here")


def test_no_held_out_mistake_gets_a_wrong_explanation():
    results = bench_diagnosis.run()
    wrong = [
        (r["id"], p["property"], p["said"])
        for r in results
        for p in r["properties"]
        if p["kind"] in ("wrong", "catalogue")
    ]
    assert len(results) >= 30
    assert len({r["topic"] for r in results}) == 9
    assert wrong == []
