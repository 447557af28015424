"""Every catalogued mistake fails a public property of its own functions; every
alternative correct solution passes all of them."""

from __future__ import annotations

import pytest

from grader.engine.running import FAILED, run_property
from grader.engine.suites import all_alternatives, all_mistakes
from grader.topics import BY_NAME, TOPIC_NAMES

from .conftest import implementation_from_entry

MISTAKES = [pytest.param(m, id=m.id) for m in all_mistakes()]
ALTERNATIVES = [pytest.param(a, id=a.id) for a in all_alternatives()]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_mistake_is_caught_by_a_public_property_of_its_function(mistake, tmp_path):
    impl = implementation_from_entry(mistake, tmp_path)
    caught = [
        prop.id
        for prop in BY_NAME[mistake.topic].properties
        if set(prop.functions) & set(mistake.functions)
        and run_property(prop, impl).status == FAILED
    ]
    assert caught, f"{mistake.id} passes every public property of {mistake.functions}"


@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_alternative_correct_solution_passes_every_property(alternative, tmp_path):
    impl = implementation_from_entry(alternative, tmp_path)
    failures = [
        v.feedback
        for prop in BY_NAME[alternative.topic].properties
        if not (v := run_property(prop, impl)).passed
    ]
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("topic", TOPIC_NAMES)
def test_catalogue_has_at_least_eight_mistakes_per_topic(topic):
    assert sum(m.topic == topic for m in all_mistakes()) >= 8
