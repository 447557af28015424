"""Turning topic properties into pytest tests (used by the ``exercises/test_*.py`` files).

Each property becomes one test named ``test_<property id>``, marked with its topic and
function names; its verdict is kept for the progress board printed by exercises/conftest.py.
"""

from __future__ import annotations

import pytest

from grader.define.i18n import default_lang
from grader.engine.running import Verdict, run_property
from grader.topics import BY_NAME

VERDICTS = pytest.StashKey[list[Verdict]]()


def lang_of(config: pytest.Config) -> str:
    return config.getoption("--lang", default=None) or default_lang()


def make_tests(topic_name: str) -> dict[str, object]:
    """One pytest test per property of the topic, marked with its function names."""
    tests: dict[str, object] = {}
    for prop in BY_NAME[topic_name].properties:

        def test(implementation_of, request: pytest.FixtureRequest, prop=prop) -> None:
            verdict = run_property(prop, implementation_of(topic_name), lang_of(request.config))
            request.config.stash[VERDICTS].append(verdict)
            if not verdict.passed:
                pytest.fail(verdict.feedback, pytrace=False)

        test.__name__ = f"test_{prop.id}"
        test.__doc__ = prop.claim.en
        for mark in (topic_name, *prop.functions):
            test = getattr(pytest.mark, mark)(test)
        tests[f"test_{prop.id}"] = test
    return tests
