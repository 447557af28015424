"""Korean as a person writes it: every Korean message the kit can produce is scanned for
template particles (``이(가)``, ``을(를)``, ``은(는)``, ``와(과)``, ``(으)로``) and for English
sentences or fragments.

What is scanned, derived from what is on disk (so a topic added later is scanned too):

* every :class:`Text` reachable from every module of ``grader`` (messages, labels, claims,
  hints, the catalogue's titles and explanations, CLI and report lines, pytest plugin
  messages), found by walking the modules' globals, dicts, tuples and dataclasses;
* the board in Korean with every kind of row;
* the Korean feedback on every catalogued mistake (``all_mistakes``) for every public
  property of the functions it overrides;
* every student-error message and error hint, rendered;
* ``pytest exercises/ --lang ko`` on the stubs of the first topic (the plugin's lines).

Names of functions and code stay as they are: backtick spans, identifiers, numbers and
the values and tracebacks shown verbatim (indented lines without Hangul) are not prose.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Iterator

import pytest

import grader
from grader.define.i18n import Text
from grader.define.spec import Property
from grader.engine.feedback import ERROR_HINTS, STUDENT_ERRORS, format_student_error
from grader.engine.running import FAILED, NOT_STARTED, PASSED, Verdict, run_property
from grader.engine.suites import all_mistakes
from grader.frontends.board import FunctionStatus, render_board
from grader.isolation.calls import RAISED, StudentError
from grader.topics import BY_NAME, TOPICS

from .conftest import implementation_from_entry
from .test_student_output import run_pytest

TEMPLATE_PARTICLE = re.compile(
    r"이\(가\)|가\(이\)|을\(를\)|를\(을\)|은\(는\)|는\(은\)|와\(과\)|과\(와\)|\(으\)로|\(이\)"
)
HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}\b){2,}")
# English words that only prose uses (never a name in the kit's code or its terms).
ENGLISH_PROSE = {
    "the",
    "is",
    "are",
    "was",
    "of",
    "and",
    "but",
    "should",
    "expected",
    "got",
    "returned",
    "your",
    "yours",
    "index",
    "passing",
    "failing",
    "passed",
    "started",
    "waiting",
    "with",
    "from",
    "this",
    "that",
    "could",
    "not",
    "there",
    "here",
    "see",
    "largest",
    "difference",
    "progress",
    "board",
    "hint",
    "likely",
    "mistake",
    "smallest",
    "input",
    "output",
}


def _prose(message: str) -> str:
    """The message without what is shown verbatim: indented lines without Hangul (values,
    tracebacks), backtick spans, identifiers with _ . ( or digits, and {fields}."""
    lines = [
        line
        for line in message.splitlines()
        if HANGUL.search(line) or not line.startswith((" ", "\t"))
    ]
    text = "\n".join(lines)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"[\w.]*[_.(\[\d][\w.()\[\]]*", " ", text)
    return text


def problems(message: str) -> list[str]:
    """What a Korean reader would stumble on in `message` (empty when it reads well)."""
    found = [f"template particle {m!r}" for m in TEMPLATE_PARTICLE.findall(message)]
    prose = _prose(message)
    for segment in re.split(r"[.!?:;\n]", prose):
        words = re.findall(r"\b[A-Za-z]{2,}\b", segment)
        # Three words in a row with only spaces or commas between them: prose, not a formula.
        if not HANGUL.search(segment) and ENGLISH_RUN.search(segment):
            found.append(f"English sentence {segment.strip()!r}")
        english = [w for w in words if w.lower() in ENGLISH_PROSE]
        if english:
            found.append(f"English words {english} in {segment.strip()!r}")
    return found


# -- every Text in the kit ---------------------------------------------------------------


def _texts_in(value: object, depth: int = 0) -> Iterator[Text]:
    if depth > 5:
        return
    if isinstance(value, Text):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts_in(item, depth + 1)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts_in(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts_in(getattr(value, f.name), depth + 1)


def all_kit_texts() -> dict[int, tuple[str, Text]]:
    found: dict[int, tuple[str, Text]] = {}
    for info in pkgutil.walk_packages(grader.__path__, "grader."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            for text in _texts_in(value):
                found.setdefault(id(text), (f"{info.name}.{attr}", text))
    for mistake in all_mistakes():
        for text in (mistake.title, mistake.explanation):
            found.setdefault(id(text), (f"mistake {mistake.id}", text))
    return found


KIT_TEXTS = list(all_kit_texts().values())


def test_the_scan_finds_the_texts_of_every_topic():
    where = {w for w, _ in KIT_TEXTS}
    for topic in TOPICS:
        assert any(w.startswith(f"grader.topics.{topic.name}.") for w in where), topic.name
    assert len(KIT_TEXTS) > 100


@pytest.mark.parametrize("text", [pytest.param(t, id=w) for w, t in KIT_TEXTS])
def test_korean_text_has_no_template_particles_or_english_prose(text: Text):
    assert problems(text.ko) == []


# -- rendered messages ---------------------------------------------------------------------


def test_korean_board_reads_as_korean():
    rows = [
        FunctionStatus("t", "f_passed", PASSED, 0, 2),
        FunctionStatus("t", "f_failing", FAILED, 2, 3),
        FunctionStatus("t", "f_broken", FAILED, 3, 3, note="import할 수 없는 파일 (t.py)"),
        FunctionStatus("t", "f_waiting", NOT_STARTED, 2, 2, waiting_for="f_passed"),
        FunctionStatus("u", "g", "not_run"),
    ]
    board = render_board(rows, "ko")
    assert problems(board) == [], board


def test_korean_student_error_messages_and_error_hints_read_as_korean():
    prop = TOPICS[0].properties[0]
    for kind in STUDENT_ERRORS:
        err = StudentError(
            kind, prop.functions[0], "Traceback ...\n  ValueError: bad", "ValueError"
        )
        message = format_student_error(prop, err, None, "ko")
        assert problems(message) == [], message
    message = format_student_error(prop, StudentError(RAISED, "f"), None, "ko")
    assert problems(message) == [], message
    for hint in ERROR_HINTS.values():
        assert problems(hint.ko) == [], hint.ko


MISTAKES = [pytest.param(m, id=m.id) for m in all_mistakes()]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_korean_feedback_on_every_catalogued_mistake_reads_as_korean(mistake, tmp_path):
    impl = implementation_from_entry(mistake, tmp_path)
    props: list[Property] = [
        p for p in BY_NAME[mistake.topic].properties if set(p.functions) & set(mistake.functions)
    ]
    failed = 0
    for prop in props:
        verdict: Verdict = run_property(prop, impl, "ko")
        if verdict.status == FAILED:
            failed += 1
            assert problems(verdict.feedback) == [], verdict.feedback
    assert failed, "the mistake fails none of its own properties"


def test_korean_pytest_output_of_the_kit_reads_as_korean(tmp_path):
    import shutil

    from .conftest import ROOT

    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    result = run_pytest(tmp_path, "-m", TOPICS[0].name, "--lang", "ko")
    # pytest's own lines (session header, FAILURES, counts) are pytest's; the kit's are
    # the failure texts and the board.
    ours = [
        line
        for line in result.stdout.splitlines()
        if not re.match(
            r"^(=+|_+|platform |rootdir|configfile|plugins|collected|benchmark|exercises/)", line
        )
    ]
    assert problems("\n".join(ours)) == [], result.stdout[-3000:]
    assert "진행 상황판" in result.stdout


def test_the_scan_catches_what_it_must():
    assert problems("{function}이(가) 실패했습니다")
    assert problems("값을 (으)로 바꾸세요")
    assert problems("가장 크게 다른 곳: index (1,): expected 0.0, got 2.0")
    assert problems("This sentence is in English.")
    assert not problems("relu_backward 함수가 x > 0이면 dout을 돌려준다 (`x >= 0`이 아님)")
    assert not problems("실패하는 입력:\n    x = array([ 0., -0.,  1., -1.])")


def _notebook_content(topic_name: str):
    try:
        return importlib.import_module(f"grader.topics.{topic_name}.notebook").CONTENT
    except ModuleNotFoundError:
        return None


@pytest.mark.parametrize("topic", [t.name for t in TOPICS])
def test_every_topic_notebook_explains_in_korean_as_a_person_writes(topic):
    content = _notebook_content(topic)
    if content is None:
        pytest.skip(f"{topic} has no notebook.py (its notebook uses Topic.notes)")
    assert HANGUL.search(content.explanation_ko), f"{topic}: no Korean explanation"
    assert problems(content.explanation_ko) == []
    for figure in content.figures:
        assert HANGUL.search(figure.intro_ko), f"{topic}: a figure without a Korean intro"
        assert problems(figure.intro_ko) == []
