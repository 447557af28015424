"""Turning a failed property into the text a student reads.

Layout (the same in pytest, the grader's results and the notebooks)::

    <function(s)>: <claim in plain words>
    Problem: <what is wrong for this input>
    Smallest failing input:
        x = array([-800.])
    Expected (PyTorch): ...
    Got (yours): ...
    Largest difference: index (0,): expected 0.0, got nan
    Hint: <the likely misconception>

When the failure is recognised as a catalogued mistake (:mod:`grader.engine.diagnosis`), the
hint line is replaced by that mistake's name and explanation::

    Likely mistake: <the mistake's title>
        <why it is wrong and what to do instead>
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.define.compare import PropertyFailure
from grader.define.i18n import LABELS, Text
from grader.define.spec import Case, Property
from grader.isolation.calls import (
    BAD_OUTPUT,
    CRASHED,
    FILE_MISSING,
    FORBIDDEN,
    IMPORT_FAILED,
    MISSING,
    NOT_IMPLEMENTED,
    RAISED,
    TIMEOUT,
    StudentError,
)

if TYPE_CHECKING:
    from grader.engine.diagnosis import Diagnosis

STUDENT_ERRORS = {
    NOT_IMPLEMENTED: Text(
        "{function} is not implemented yet (it still raises NotImplementedError). "
        "Read its docstring and replace the `raise` with your code.",
        "{function}을(를) 아직 구현하지 않았습니다 (NotImplementedError가 그대로 있습니다). "
        "docstring을 읽고 `raise` 줄을 코드로 바꾸세요.",
    ),
    RAISED: Text(
        "{function} raised {exc_type} on this input:",
        "{function}이(가) 이 입력에서 {exc_type} 예외를 일으켰습니다:",
    ),
    TIMEOUT: Text(
        "{function} did not return within {detail} (an infinite loop, or a very slow "
        "Python loop over elements?). Later calls to it were skipped.",
        "{function}이(가) {detail} 안에 끝나지 않았습니다 (무한 루프나 원소마다 도는 "
        "아주 느린 파이썬 루프인가요?). 이후 호출은 건너뛰었습니다.",
    ),
    CRASHED: Text(
        "The process running your code died during {function} ({detail}). Does it call "
        "sys.exit/os._exit, recurse without end, or use too much memory?",
        "{function}을(를) 실행하던 프로세스가 죽었습니다 ({detail}). sys.exit/os._exit를 "
        "부르거나, 끝없이 재귀하거나, 메모리를 너무 많이 쓰나요?",
    ),
    MISSING: Text(
        "Your module has no function named {function}. Keep the names and signatures of the stubs.",
        "모듈에 {function} 함수가 없습니다. 뼈대 코드의 함수 이름과 인자를 그대로 두세요.",
    ),
    IMPORT_FAILED: Text(
        "Your module could not be imported, so none of its functions could be checked "
        "({exc_type}):",
        "모듈을 import할 수 없어서 어떤 함수도 검사하지 못했습니다 ({exc_type}):",
    ),
    FORBIDDEN: Text(
        "Your module imports {detail}. The exercises are to be implemented with NumPy "
        "only, so this module gets no credit.",
        "모듈이 {detail}을(를) import합니다. 과제는 NumPy만으로 구현해야 하므로 이 모듈은 "
        "점수를 받을 수 없습니다.",
    ),
    FILE_MISSING: Text(
        "This module was not submitted (not attempted).",
        "이 모듈이 제출되지 않았습니다 (시도하지 않음).",
    ),
    BAD_OUTPUT: Text(
        "{function} returned something the grader cannot accept: {detail}",
        "{function}이(가) 채점기가 받을 수 없는 값을 돌려주었습니다: {detail}",
    ),
}

# Kinds whose detail is a traceback or text worth showing verbatim.
_SHOW_DETAIL = {RAISED, IMPORT_FAILED}


def format_value(value: Any) -> str:
    """A value as the student would type it, arrays with round-trippable floats."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=17, floatmode="unique", threshold=60, edgeitems=4):
            return repr(value)
    if isinstance(value, float):
        return repr(value)
    return repr(value)


def format_case(case: Case | None) -> str:
    if case is None:
        return ""
    lines = []
    for name, value in case.items():
        text = format_value(value)
        first, *rest = text.splitlines() or [""]
        lines.append(f"    {name} = {first}")
        lines.extend(f"    {' ' * (len(name) + 3)}{line.strip()}" for line in rest)
    return "\n".join(lines)


def _header(prop: Property, lang: str) -> str:
    return f"{', '.join(prop.functions)}: {prop.claim.get(lang)}"


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ")


def format_hint(prop: Property, lang: str, diagnosis: Diagnosis | None = None) -> str:
    """The closing advice: the recognised mistake when there is one, else the general hint."""
    label = {k: v.get(lang) for k, v in LABELS.items()}
    if diagnosis is None:
        return f"{label['hint']}: {prop.hint.get(lang)}"
    return (
        f"{label['diagnosis']}: {diagnosis.title.get(lang)}\n"
        f"{_indent(diagnosis.explanation.get(lang))}"
    )


def format_failure(
    prop: Property,
    failure: PropertyFailure,
    case: Case | None,
    lang: str,
    diagnosis: Diagnosis | None = None,
    shrunk: bool = True,
) -> str:
    """The feedback for a failed property; `shrunk` says whether `case` is the smallest
    failing input a search found (else it is shown as it was found)."""
    label = {k: v.get(lang) for k, v in LABELS.items()}
    parts = [_header(prop, lang), failure.message(lang)]
    if case is not None:
        parts.append(f"{label['input' if shrunk else 'failing_input']}:\n{format_case(case)}")
    if failure.expected is not None:
        parts.append(f"{label['expected']}:\n{_indent(format_value(failure.expected))}")
    if failure.got is not None:
        parts.append(f"{label['got']}:\n{_indent(format_value(failure.got))}")
    if failure.worst:
        parts.append(f"{label['worst']}: {failure.worst}")
    parts.append(format_hint(prop, lang, diagnosis))
    return "\n".join(parts)


def format_student_error(
    prop: Property,
    err: StudentError,
    case: Case | None,
    lang: str,
    diagnosis: Diagnosis | None = None,
    shrunk: bool = True,
) -> str:
    """The feedback for a call that went wrong (see :func:`format_failure` for `shrunk`)."""
    label = {k: v.get(lang) for k, v in LABELS.items()}
    text = STUDENT_ERRORS.get(err.kind, STUDENT_ERRORS[RAISED]).get(
        lang, function=err.function, exc_type=err.exc_type or "an error", detail=err.detail
    )
    parts = [_header(prop, lang), text]
    if err.kind in _SHOW_DETAIL and err.detail:
        parts.append(_indent(err.detail))
    if case is not None and err.kind not in {
        IMPORT_FAILED,
        FILE_MISSING,
        FORBIDDEN,
        MISSING,
        NOT_IMPLEMENTED,
    }:
        parts.append(f"{label['input' if shrunk else 'failing_input']}:\n{format_case(case)}")
    if err.kind in {RAISED, TIMEOUT, CRASHED, BAD_OUTPUT}:
        parts.append(format_hint(prop, lang, diagnosis))
    return "\n".join(parts)
