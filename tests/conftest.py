"""Shared helpers for the kit's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.define.catalogue import Alternative, Mistake, materialize
from grader.isolation.calls import InProcess, load_module
from grader.topics import BY_NAME, params_of

ROOT = Path(__file__).resolve().parent.parent

# The guide's worked topic is copied into a kit by tests/test_guide.py, never collected here.
collect_ignore = ["guide_topic"]


def implementation_from_file(path: Path, topic: str) -> InProcess:
    module, error = load_module(path, f"_kit_test_{path.parent.name}_{path.stem}_{id(path)}")
    return InProcess(module, params_of(BY_NAME[topic]), error)


def implementation_from_entry(entry: Mistake | Alternative, tmp: Path) -> InProcess:
    path = tmp / f"{entry.id}" / f"{entry.topic}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(materialize(entry))
    return implementation_from_file(path, entry.topic)


@pytest.fixture(scope="session")
def solution_impl():
    cache: dict[str, InProcess] = {}

    def get(topic: str) -> InProcess:
        if topic not in cache:
            cache[topic] = implementation_from_file(ROOT / "solutions" / f"{topic}.py", topic)
        return cache[topic]

    return get


def pytest_configure(config: pytest.Config) -> None:
    # tests/test_nbgrader.py: the slow round trip through real nbgrader and kernels,
    # selectable alone with `-m nbgrader` (or skipped with `-m "not nbgrader"`).
    config.addinivalue_line("markers", "nbgrader: the nbgrader round trip (real kernels)")
