"""The public properties accept the reference solutions and reject the untouched stubs."""

from __future__ import annotations

import pytest

from grader.hidden import all_hidden
from grader.running import NOT_STARTED, run_property
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
