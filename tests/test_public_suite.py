"""The public properties accept the reference solutions and reject the untouched stubs."""

from __future__ import annotations

import pytest

from grader.engine.running import NOT_STARTED, run_property
from grader.engine.suites import all_hidden
from grader.topics import all_properties

from .conftest import ROOT, implementation_from_file

PUBLIC = [pytest.param(t.name, p, id=p.id) for t, p in all_properties()]
HIDDEN = [pytest.param(t, p, id=p.id) for t, p in all_hidden()]


@pytest.mark.parametrize(("topic", "prop"), PUBLIC + HIDDEN)
def test_reference_solution_satisfies_property(topic, prop, solution_impl):
    verdict = run_property(prop, solution_impl(topic))
    assert verdict.passed, verdict.feedback


@pytest.mark.parametrize(("topic", "prop"), PUBLIC)
def test_untouched_stub_is_reported_not_started(topic, prop):
    impl = implementation_from_file(ROOT / "exercises" / f"{topic}.py", topic)
    verdict = run_property(prop, impl)
    assert verdict.status == NOT_STARTED, verdict.feedback


def _same_cases(a, b) -> bool:
    import numpy as np

    return len(a) == len(b) and all(
        x.keys() == y.keys()
        and all(
            np.array_equal(x[k], y[k]) if isinstance(x[k], np.ndarray) else x[k] == y[k]
            for k in x
        )
        for x, y in zip(a, b)
    )


def test_drawn_inputs_do_not_depend_on_modules_the_process_imported(tmp_path):
    # Hypothesis mixes constants from imported local source into its draws; a student's
    # file must not change the inputs everyone is graded on.
    from grader.engine.examples import _drawn_examples
    from grader.isolation.calls import load_module
    from grader.topics import BY_NAME

    prop = BY_NAME["activations"].prop("sigmoid_forward_matches_torch")
    before = _drawn_examples.__wrapped__(prop)
    noisy = tmp_path / "noisy_constants.py"
    noisy.write_text("A = 123456.789\nB = -0.000321\nC = 98765\nD = 7.25e-300\n")
    module, error = load_module(noisy, "_noisy_constants_for_test")
    assert error is None and module is not None
    after = _drawn_examples.__wrapped__(prop)
    assert _same_cases(before, after)
