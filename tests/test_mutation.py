"""The mutation runner makes real mutants, and its checker tells a wrong solution from a
right one (the full run is ``python -m grader.mutation run``; see docs/mutation.md)."""

from __future__ import annotations

import ast

import pytest

from grader.engine.suites import equivalent_mutants
from grader.frontends import mutation
from grader.topics import TOPIC_NAMES

from .conftest import ROOT


def test_every_mutant_differs_from_the_solution_and_still_parses():
    original = ast.dump(ast.parse((ROOT / "solutions" / "activations.py").read_text()))
    made = mutation.mutants("activations")
    assert len(made) > 10
    for mutant in made:
        assert ast.dump(ast.parse(mutant.source)) != original, mutant.description


def _fstrings(source: str) -> set[str]:
    return {ast.unparse(n) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.JoinedStr)}


def test_error_messages_in_f_strings_are_not_mutated():
    original = _fstrings((ROOT / "solutions" / "conv.py").read_text())
    assert original
    for mutant in mutation.mutants("conv"):
        assert _fstrings(mutant.source) <= original, mutant.description


def test_check_accepts_the_reference_solution():
    assert mutation.main(["check", "regularization"]) == 0


def test_check_rejects_a_mutant(tmp_path):
    source = (ROOT / "solutions" / "regularization.py").read_text()
    # lam / 2 -> lam * 2 in l2_penalty, one of the mutants the runner makes.
    mutant = next(
        m
        for m in mutation.mutants("regularization")
        if m.description == "'lam / 2': operator -> Mult"
    )
    path = tmp_path / "regularization.py"
    path.write_text(mutant.source)
    assert mutant.source != source
    assert mutation.main(["check", "regularization", "--path", str(path)]) == 1


def test_summary_counts_kill_rate_over_judged_mutants():
    outcomes = [
        mutation.Outcome("t", 0, 1, "a", "killed_public"),
        mutation.Outcome("t", 1, 1, "b", "killed_hidden"),
        mutation.Outcome("t", 2, 1, "c", "survived"),
        mutation.Outcome("t", 3, 1, "d", "not_loadable"),
    ]
    row = mutation.summarise(outcomes)["t"]
    assert row["mutants"] == 4 and row["survived"] == 1
    assert row["kill_rate"] == round(2 / 3, 4)


@pytest.mark.parametrize("topic", TOPIC_NAMES)
def test_only_the_documented_equivalent_mutants_survive_the_suites(topic):
    """The mutation run itself (about 10 s of CPU a topic): every mutant that changes
    behaviour fails a public or hidden property."""
    outcomes = mutation.run_topic(topic)
    survivors = {(o.topic, o.description) for o in outcomes if o.status == "survived"}
    assert survivors == {(topic, e) for e in equivalent_mutants(topic)}
    assert not [o for o in outcomes if o.status == "not_loadable"]
