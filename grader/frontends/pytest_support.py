"""Turning topic properties into pytest tests, and what ``pytest exercises/`` prints.

Each property becomes one test named ``test_<property id>``, marked with its topic and
function names; its verdict is kept for the progress board.  ``exercises/conftest.py``
(the plugin) calls the helpers here, so that the student release and the repository
print the same thing:

* the board is the very last block of the output (printed at ``pytest_unconfigure``,
  after pytest's own closing line), because that is where a student looks;
* pytest's "short test summary" (one line per failed test, cut to the terminal's width)
  is left out unless asked for with ``-r``: each failure's full feedback is printed above
  it and the board says the same per function, so on the stubs it was 63 lines that
  pushed the board off the screen;
* a module that cannot be imported is reported once, by its first test; its other tests
  are skipped with a one-line reason instead of repeating the traceback;
* ``-m NAME`` with a name that is no function or topic stops with the valid names,
  instead of silently selecting nothing.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex

import pytest

from grader.define.i18n import Text, default_lang
from grader.define.spec import Property
from grader.engine.running import FAILED, Verdict, run_property
from grader.frontends.board import function_statuses, render_board
from grader.isolation.calls import FILE_MISSING, IMPORT_FAILED, StudentError
from grader.topics import BY_NAME, TOPICS

VERDICTS = pytest.StashKey[list[Verdict]]()
# Topics whose module could not be imported and has been reported already.
UNIMPORTABLE = pytest.StashKey[dict[str, str]]()
# The folder being checked, as the student names it: "exercises" (or "solutions").
FOLDER = pytest.StashKey[str]()


def lang_of(config: pytest.Config) -> str:
    return config.getoption("--lang", default=None) or default_lang()


MODULE_BROKEN = Text(
    "{path} could not be imported ({exc_type}), so none of its functions could be checked "
    "({functions}). Fix this error first, then run pytest again:",
    "{path} 파일을 import할 수 없어서 ({exc_type}) 이 파일의 함수를 하나도 검사하지 "
    "못했습니다 (검사하지 못한 함수: {functions}). 이 오류부터 고친 뒤 pytest를 다시 "
    "실행하세요:",
)
MODULE_BROKEN_AGAIN = Text(
    "{path} could not be imported: see the first failure of {topic}",
    "{path} 파일을 import할 수 없습니다: {topic}의 첫 번째 실패를 보세요",
)
BOARD_NOTE = Text("{path} could not be imported", "import할 수 없는 파일 ({path})")


def make_tests(topic_name: str) -> dict[str, object]:
    """One pytest test per property of the topic, marked with its function names."""
    tests: dict[str, object] = {}
    for prop in BY_NAME[topic_name].properties:

        def test(implementation_of, request: pytest.FixtureRequest, prop=prop) -> None:
            config = request.config
            impl = implementation_of(topic_name)
            error = getattr(impl, "load_error", None)
            if error is not None and error.kind in {IMPORT_FAILED, FILE_MISSING}:
                _module_broken(config, topic_name, prop, error)
            verdict = run_property(prop, impl, lang_of(config))
            config.stash[VERDICTS].append(verdict)
            if not verdict.passed:
                pytest.fail(verdict.feedback, pytrace=False)

        test.__name__ = f"test_{prop.id}"
        test.__doc__ = prop.claim.en
        for mark in (topic_name, *prop.functions):
            test = getattr(pytest.mark, mark)(test)
        tests[f"test_{prop.id}"] = test
    return tests


def _module_broken(
    config: pytest.Config, topic_name: str, prop: Property, error: StudentError
) -> None:
    """Fail the topic's first test with the module's error; skip the others with one line."""
    lang = lang_of(config)
    topic = BY_NAME[topic_name]
    path = f"{config.stash.get(FOLDER, 'exercises')}/{topic.filename}"
    config.stash[VERDICTS].append(Verdict(prop, FAILED, BOARD_NOTE.get(lang, path=path)))
    reported = config.stash.setdefault(UNIMPORTABLE, {})
    if topic_name in reported:
        pytest.skip(MODULE_BROKEN_AGAIN.get(lang, path=path, topic=topic_name))
    reported[topic_name] = path
    functions = ", ".join(spec.name for spec in topic.functions)
    text = MODULE_BROKEN.get(lang, path=path, exc_type=error.exc_type or "?", functions=functions)
    # Python's import machinery's own frames say nothing to a student.
    lines = [line for line in error.detail.splitlines() if "<frozen importlib" not in line]
    detail = "\n".join("    " + line for line in lines)
    pytest.fail(f"{text}\n{detail}", pytrace=False)


# -m NAME ------------------------------------------------------------------------------

UNKNOWN_MARKER = Text(
    "-m {expr}: no function or topic is called {names}.{close}\n"
    "Topics: {topics}\nFunctions: {functions}",
    "-m {expr}: {names} 이름의 함수나 주제가 없습니다.{close}\n주제: {topics}\n함수: {functions}",
)
DID_YOU_MEAN = Text(" Did you mean {names}?", " 혹시 {names} 아닌가요?")
# pytest's -m grammar: names, `and`, `or`, `not` and parentheses.
_NAME = re.compile(r"[\w:+\-.\[\]\\/]+")
_KEYWORDS = {"and", "or", "not", "True", "False", "None"}


def valid_markers() -> list[str]:
    """Every name ``-m`` accepts: the topics, then every function, in course order."""
    return [t.name for t in TOPICS] + [f.name for t in TOPICS for f in t.functions]


def check_marker_expression(expr: str, lang: str) -> None:
    """Refuse ``-m`` expressions that name something that is neither a function nor a topic
    (pytest would select nothing and say only "deselected")."""
    valid = valid_markers()
    unknown = [n for n in _NAME.findall(expr or "") if n not in _KEYWORDS and n not in valid]
    if not unknown:
        return
    close = sorted({m for n in unknown for m in difflib.get_close_matches(n, valid, n=3)})
    close += sorted(m for n in unknown for m in valid if n in m and m not in close)
    raise pytest.UsageError(
        UNKNOWN_MARKER.get(
            lang,
            expr=expr,
            names=", ".join(unknown),
            close=DID_YOU_MEAN.get(lang, names=", ".join(close)) if close else "",
            topics=", ".join(t.name for t in TOPICS),
            functions=", ".join(f.name for t in TOPICS for f in t.functions),
        )
    )


# the end of the output --------------------------------------------------------------


def _asked_for_report_chars(config: pytest.Config) -> bool:
    args = list(config.invocation_params.args) + shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))
    args += config.getini("addopts")
    return any(str(a).startswith("-r") or str(a).startswith("--report-chars") for a in args)


def drop_short_summary_of_failures(config: pytest.Config) -> None:
    """Leave failed tests out of pytest's short test summary unless ``-r`` was given (see
    the module docstring for why)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or _asked_for_report_chars(config):
        return
    reporter.reportchars = reporter.reportchars.replace("f", "")


BOARD_TITLE = Text("progress board", "진행 상황판")


def print_board(config: pytest.Config) -> None:
    """The board, as the last thing on the terminal."""
    verdicts = config.stash.get(VERDICTS, [])
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if not verdicts or reporter is None:
        return
    lang = lang_of(config)
    rows = function_statuses(verdicts)
    broken = config.stash.get(UNIMPORTABLE, {})
    for row in rows:
        if row.topic in broken and row.status == FAILED:
            row.note = BOARD_NOTE.get(lang, path=broken[row.topic])
    reporter.write_line("")
    reporter.write_sep("=", BOARD_TITLE.get(lang))
    reporter.write_line(render_board(rows, lang))
