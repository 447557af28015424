"""Shrinking a failure: a smaller input that still fails, the same one every run, found
within a counted budget (grader/engine/running.py: SHRINK_CHECKS, SHRINK_DRAWS)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from grader.engine import running
from grader.engine.suites import all_mistakes
from grader.topics import BY_NAME

from .conftest import implementation_from_entry

CASES = [
    ("activations", "sigmoid_backward_missing_one_minus_s", "sigmoid_backward_matches_autograd"),
    (
        "batchnorm",
        "batchnorm_dgamma_summed_over_everything",
        "batchnorm_backward_dgamma_matches_autograd",
    ),
]


def _mistake(mistake_id: str):
    return next(m for m in all_mistakes() if m.id == mistake_id)


def _same_case(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        np.array_equal(a[k], b[k]) if isinstance(a[k], np.ndarray) else a[k] == b[k] for k in a
    )


@pytest.mark.parametrize(("topic", "mistake_id", "prop_id"), CASES)
def test_the_shrunk_input_still_fails_is_no_larger_and_is_the_same_every_run(
    topic, mistake_id, prop_id, tmp_path
):
    prop = BY_NAME[topic].prop(prop_id)
    impl = implementation_from_entry(_mistake(mistake_id), tmp_path)
    [(_, first)] = running.failing_inputs(prop, impl, 1)
    case, failure = running._shrink(prop, impl)
    assert failure is not None
    with pytest.raises(type(failure)):
        prop.check(impl, case)
    assert running._elements(case) <= running._elements(first)
    again, _ = running._shrink(prop, impl)
    assert _same_case(case, again)


def test_shrinking_makes_a_failing_array_smaller(tmp_path):
    topic, mistake_id, prop_id = CASES[0]
    prop = BY_NAME[topic].prop(prop_id)
    impl = implementation_from_entry(_mistake(mistake_id), tmp_path)
    [(_, first)] = running.failing_inputs(prop, impl, 1)
    case, _ = running._shrink(prop, impl)
    assert running._elements(case) < running._elements(first)


def test_shrinking_stops_after_its_budget_of_checks(tmp_path, monkeypatch):
    topic, mistake_id, prop_id = CASES[0]
    impl = implementation_from_entry(_mistake(mistake_id), tmp_path)
    checked: list[bool] = []  # per check: did it fail?

    def counting(impl_, case):
        try:
            BY_NAME[topic].prop(prop_id).check(impl_, case)
        except Exception:
            checked.append(True)
            raise
        checked.append(False)

    prop = dataclasses.replace(BY_NAME[topic].prop(prop_id), check=counting)
    monkeypatch.setattr(running, "SHRINK_CHECKS", 3)
    case, failure = running._shrink(prop, impl)
    assert failure is not None and case is not None
    assert len(checked) - checked.index(True) - 1 <= 3
    # With the real budget the search goes further.
    monkeypatch.undo()
    checked.clear()
    running._shrink(prop, impl)
    assert len(checked) - checked.index(True) - 1 > 3


@pytest.mark.parametrize(
    ("topic", "mistake_id", "prop_id", "searched"),
    [
        # First fails on the property's explicit example (10 elements): shown as it is.
        (
            "activations",
            "sigmoid_backward_missing_one_minus_s",
            "sigmoid_backward_matches_autograd",
            False,
        ),
        # First fails on a drawn input: Hypothesis searches for a smaller one.
        ("activations", "relu_backward_multiplies_by_x", "relu_backward_matches_autograd", True),
    ],
    ids=["explicit-example", "drawn-input"],
)
def test_only_failures_on_drawn_or_large_inputs_are_shrunk(
    topic, mistake_id, prop_id, searched, tmp_path, monkeypatch
):
    prop = BY_NAME[topic].prop(prop_id)
    impl = implementation_from_entry(_mistake(mistake_id), tmp_path)
    [(index, first)] = running.failing_inputs(prop, impl, 1)
    assert (index >= len(prop.examples)) is searched
    calls = []
    real_shrink = running._shrink
    monkeypatch.setattr(running, "_shrink", lambda *a: calls.append(a) or real_shrink(*a))
    verdict = running.run_property(prop, impl)
    assert not verdict.passed
    assert bool(calls) is searched
    # The feedback says which: the smallest input found, or the input as it was found.
    label = "Smallest failing input:" if searched else "Failing input:"
    assert label in verdict.feedback.splitlines()
    if not searched:
        assert running._elements(first) <= running.SMALL_EXAMPLE
