"""The kit's pytest plugin for ``pytest exercises/``.

* ``--solutions`` runs the same public tests against the reference ``solutions/``.
* ``--lang ko`` (or ``DLKIT_LANG=ko``) shows feedback in Korean.
* ``-m relu_backward`` (any function or topic name) runs the tests of one exercise.
* Every run ends with a progress board: each function passed / failing / not started,
  printed after everything else (see grader/frontends/pytest_support.py).

The tests themselves are generated from the one definition of each topic in
``grader/topics/``: the ``test_*.py`` files here only collect them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.define.i18n import LANGUAGES, Text
from grader.engine import disk_cache
from grader.engine.examples import drawn_here
from grader.frontends.pytest_support import (
    FOLDER,
    VERDICTS,
    check_marker_expression,
    drop_short_summary_of_failures,
    lang_of,
    print_board,
)
from grader.isolation.calls import InProcess, load_module
from grader.topics import BY_NAME, TOPICS, params_of

HERE = Path(__file__).resolve().parent


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dlkit", "deep-learning exercise kit")
    group.addoption(
        "--solutions",
        action="store_true",
        help="check the reference solutions/ instead of your exercises/",
    )
    group.addoption(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of feedback and the progress board (default: $DLKIT_LANG or en)",
    )


# trylast: after pytest's terminal reporter exists (drop_short_summary_of_failures changes it).
@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    for topic in TOPICS:
        config.addinivalue_line("markers", f"{topic.name}: tests of {topic.filename}")
        for spec in topic.functions:
            config.addinivalue_line("markers", f"{spec.name}: tests of {spec.name}")
    config.stash[VERDICTS] = []
    solutions = config.getoption("--solutions")
    config.stash[FOLDER] = "solutions" if solutions else HERE.name
    if solutions and not (HERE.parent / "solutions").is_dir():
        raise pytest.UsageError(NO_SOLUTIONS.get(lang_of(config)))
    check_marker_expression(config.getoption("markexpr", default=""), lang_of(config))
    drop_short_summary_of_failures(config)


# The student release (python -m grader release) ships no solutions/.
NO_SOLUTIONS = Text(
    "--solutions checks the reference solutions, which are not part of the student "
    "release: there is no solutions/ folder here. Run `pytest exercises/` to check your work.",
    "--solutions는 참고 답안(solutions/)을 검사하는 옵션인데, 학생용 배포본에는 답안이 들어 있지 "
    "않습니다. 내 코드를 검사하려면 `pytest exercises/`를 실행하세요.",
)


@pytest.fixture(scope="session")
def implementation_of(request: pytest.FixtureRequest):
    """topic name -> the implementation under test (exercises/ or, with --solutions, solutions/)."""
    root = HERE.parent / "solutions" if request.config.getoption("--solutions") else HERE
    loaded: dict[str, InProcess] = {}

    def get(topic_name: str) -> InProcess:
        if topic_name not in loaded:
            topic = BY_NAME[topic_name]
            module, error = load_module(root / topic.filename, f"_checked_{root.name}_{topic.name}")
            loaded[topic_name] = InProcess(module, params_of(topic), error)
        return loaded[topic_name]

    return get


def pytest_sessionstart(session: pytest.Session) -> None:
    # The inputs and PyTorch's answers from the disk cache the grader keeps as well
    # (grader/engine/disk_cache.py): a second run draws nothing and, once every answer is
    # known, does not even import PyTorch.  Verdicts are the same either way.
    disk_cache.load([p for topic in TOPICS for p in topic.properties], draw_missing=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    disk_cache.save_examples(drawn_here())
    disk_cache.save_references()


def pytest_unconfigure(config: pytest.Config) -> None:
    # After pytest's closing line: the board is the last thing a student sees.
    print_board(config)
