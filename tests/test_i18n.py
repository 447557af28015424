"""Every student-facing text exists in English and in Korean, and the Korean is Korean.

``grader.define.i18n.Text`` already refuses an empty translation; these tests go further: the
Korean side contains Hangul (not a copy of the English), and every stub's docstring
states its conventions in both languages.  (That each Korean template formats without
error is shown by rendering real feedback in Korean: ``tests/test_diagnosis.py``.)
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator

import pytest

from grader.define.i18n import Text
from grader.engine.running import FAILED, PASSED, Verdict
from grader.engine.suites import all_hidden, all_mistakes
from grader.frontends.board import function_statuses, render_board
from grader.topics import TOPICS, all_properties

from .conftest import ROOT

HANGUL = re.compile("[\uac00-\ud7a3]")
# Modules whose module-level Texts a student can see (messages, labels, report lines).
SHIPPED_TEXT_MODULES = (
    "grader.define.compare",
    "grader.engine.feedback",
    "grader.define.i18n",
    "grader.engine.running",
    "grader.nb",
    "grader.frontends.report",
    "grader.engine.grading",
    *(f"grader.topics.{t.name}.definition" for t in TOPICS),
)


def _texts_in(value: object) -> Iterator[Text]:
    if isinstance(value, Text):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts_in(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts_in(item)


def _needs_korean(text: Text) -> bool:
    """False only for pure formulas and symbols (e.g. "dx = dout * s * (1 - s)")."""
    words = re.sub(r"\{[^}]*\}", "", text.en)
    # A formula has identifiers but no run of three or more ordinary English words.
    return re.search(r"[A-Za-z]{2,}[ ,]+[a-z]{2,}[ ,]+[a-z]{2,}", words) is not None


def all_texts() -> list[tuple[str, Text]]:
    found: list[tuple[str, Text]] = []
    for mistake in all_mistakes():
        found += [
            (f"{mistake.id}.title", mistake.title),
            (f"{mistake.id}.why", mistake.explanation),
        ]
    props = [p for _, p in all_properties()] + [p for _, p in all_hidden()]
    for prop in props:
        found += [(f"{prop.id}.claim", prop.claim), (f"{prop.id}.hint", prop.hint)]
    for topic in TOPICS:
        found.append((f"{topic.name}.title", topic.title))
        found += [(f"{spec.name}.summary", spec.summary) for spec in topic.functions]
    for name in SHIPPED_TEXT_MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            found += [(f"{name}.{attr}", text) for text in _texts_in(value)]
    return found


TEXTS = [pytest.param(text, id=where) for where, text in all_texts()]


@pytest.mark.parametrize("text", TEXTS)
def test_korean_text_is_written_in_hangul(text: Text):
    if _needs_korean(text):
        assert HANGUL.search(text.ko), text.ko
        assert text.ko != text.en


def test_every_catalogue_entry_and_every_hint_has_korean():
    """The strict version for the texts that name and explain mistakes: no exemptions."""
    props = [p for _, p in all_properties()] + [p for _, p in all_hidden()]
    texts = [m.title for m in all_mistakes()] + [m.explanation for m in all_mistakes()]
    texts += [p.hint for p in props] + [p.claim for p in props]
    missing = [t.en for t in texts if not HANGUL.search(t.ko)]
    assert not missing


STUB_FUNCTIONS = [
    pytest.param(topic.name, spec.name, id=spec.name)
    for topic in TOPICS
    for spec in topic.functions
]


@pytest.mark.parametrize(("topic", "function"), STUB_FUNCTIONS)
def test_stub_docstring_states_its_conventions_in_both_languages(topic: str, function: str):
    tree = ast.parse((ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    doc = ast.get_docstring(node) or ""
    assert "PyTorch counterpart" in doc
    assert HANGUL.search(doc), f"{function}'s docstring has no Korean"


def test_progress_board_is_rendered_in_korean_on_request():
    topic = TOPICS[0]
    verdicts = [Verdict(topic.properties[0], FAILED), Verdict(topic.properties[-1], PASSED)]
    rows = function_statuses(verdicts)
    korean, english = render_board(rows, "ko"), render_board(rows, "en")
    assert "진행 상황" in korean and "실패" in korean and "통과" in korean
    assert not HANGUL.search(english)
