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

and when no catalogued mistake matches but a relation with PyTorch's outputs holds on
every input looked at (:mod:`grader.engine.explain`), by that relation::

    What your output shows: Your output is exactly 2 times PyTorch's on every input checked.
        <that this is an observation, not the name of a known mistake>

When the student's code did not get as far as a wrong number (it raised, timed out,
returned the wrong number of values, or an array of the wrong type, shape or dtype) the
hint is about that error (:func:`error_hint`): the property's hint explains the
mathematics, which is not what stands between the student and a result yet.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.define import compare
from grader.define.compare import PropertyFailure
from grader.define.i18n import LABELS, Text
from grader.define.spec import Case, Property
from grader.engine.explain.words import LABEL as OBSERVATION_LABEL
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
        "{function} 함수를 아직 구현하지 않았습니다 (NotImplementedError가 그대로 있습니다). "
        "docstring을 읽고 `raise` 줄을 코드로 바꾸세요.",
    ),
    RAISED: Text(
        "{function} raised {exc_type} on this input:",
        "{function} 함수가 이 입력에서 {exc_type} 예외를 일으켰습니다:",
    ),
    TIMEOUT: Text(
        "{function} did not return within {detail} (an infinite loop, or a very slow "
        "Python loop over elements?). Later calls to it were skipped.",
        "{function} 함수가 {detail} 안에 끝나지 않았습니다 (무한 루프나 원소마다 도는 "
        "아주 느린 파이썬 루프인가요?). 이후 호출은 건너뛰었습니다.",
    ),
    CRASHED: Text(
        "The process running your code died during {function} ({detail}). Does it call "
        "sys.exit/os._exit, recurse without end, or use too much memory?",
        "{function} 함수를 실행하던 프로세스가 죽었습니다 ({detail}). sys.exit/os._exit를 "
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
        "모듈에서 {detail} 모듈을 import합니다. 과제는 NumPy만으로 구현해야 하므로 이 모듈은 "
        "점수를 받을 수 없습니다.",
    ),
    FILE_MISSING: Text(
        "This module was not submitted (not attempted).",
        "이 모듈이 제출되지 않았습니다 (시도하지 않음).",
    ),
    BAD_OUTPUT: Text(
        "{function} returned something the grader cannot accept: {detail}",
        "{function} 함수가 채점기가 받을 수 없는 값을 돌려주었습니다: {detail}",
    ),
}

AN_ERROR = Text("an error", "오류")

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


# Hints for errors in the student's code, in place of the property's mathematical hint.
ERROR_HINTS = {
    "unpack": Text(
        "Python could not unpack: the number of names on the left of `a, b = value` is not "
        "the number of values on the right. Check how many values each of your functions "
        "returns, and, in a backward function, what your forward put in its cache and how "
        "many names take it apart.",
        "파이썬이 값을 풀지 못했습니다: `a, b = value`에서 왼쪽 이름 수와 오른쪽 값 수가 "
        "다릅니다. 각 함수가 값을 몇 개 돌려주는지, 역전파 함수라면 순전파가 cache에 무엇을 "
        "넣었고 몇 개의 이름으로 꺼내는지 확인하세요.",
    ),
    "broadcast": Text(
        "Two arrays' shapes do not fit together. Print the shapes (x.shape) of what you "
        "combine: a statistic over the batch is taken with axis=0, and keepdims=True keeps "
        "a dimension to broadcast against.",
        "두 배열의 shape이 서로 맞지 않습니다. 계산에 쓰는 배열의 shape(x.shape)을 출력해 "
        "보세요: 배치에 대한 통계는 axis=0으로 구하고, keepdims=True를 쓰면 브로드캐스팅할 "
        "차원이 남습니다.",
    ),
    "type": Text(
        "A value has a type your code did not expect: often a tuple where an array was "
        "meant, or None because a function has no `return`. Check what each of your "
        "functions returns.",
        "코드가 예상하지 못한 타입의 값이 있습니다. 배열 대신 튜플을 쓰고 있거나, 함수에 "
        "`return`이 없어 None이 된 경우가 많습니다. 각 함수가 무엇을 돌려주는지 확인하세요.",
    ),
    "index": Text(
        "An index is outside an array or a tuple: check the shapes, and how many items "
        "your cache holds.",
        "인덱스가 배열이나 튜플의 범위를 벗어났습니다. shape과 cache에 든 항목 수를 확인하세요.",
    ),
    "raised": Text(
        "Read the traceback from the bottom up: its last line names the error, the line "
        "above it shows where your code stopped.",
        "트레이스백은 아래에서부터 읽으세요: 마지막 줄이 오류의 종류이고, 그 위 줄이 코드가 "
        "멈춘 곳입니다.",
    ),
    "timeout": Text(
        "Use NumPy operations on whole arrays instead of Python loops over elements, and "
        "make sure every loop ends.",
        "원소마다 도는 파이썬 루프 대신 배열 전체에 NumPy 연산을 쓰고, 모든 루프가 끝나는지 "
        "확인하세요.",
    ),
    "crashed": Text(
        "Remove any sys.exit or os._exit, make sure recursion ends, and do not build "
        "arrays much larger than the input.",
        "sys.exit나 os._exit를 지우고, 재귀가 끝나는지, 입력보다 훨씬 큰 배열을 만들지 "
        "않는지 확인하세요.",
    ),
    "bad_output": Text(
        "Return only NumPy arrays, Python numbers, or tuples of them, as the docstring says.",
        "docstring에 적힌 대로 NumPy 배열, 파이썬 숫자, 또는 그 튜플만 돌려주세요.",
    ),
    "not_a_tuple": Text(
        "Return exactly the values the docstring lists, as one tuple in that order "
        "(for example `return out, cache`).",
        "docstring에 적힌 값을 그 순서대로 하나의 튜플로 돌려주세요 (예: `return out, cache`).",
    ),
    "wrong_type": Text(
        "Return the NumPy array itself: not a list, not a tuple holding the array "
        "(a trailing comma in `return dx,` makes a tuple), not a number.",
        "NumPy 배열 자체를 돌려주세요. 리스트나 배열을 담은 튜플, 숫자가 아니어야 합니다 "
        "(`return dx,`처럼 끝에 쉼표가 있으면 튜플이 됩니다).",
    ),
    "wrong_shape": Text(
        "Keep the shape the docstring gives: an elementwise function returns the input's "
        "shape, and a sum over the batch uses axis=0 (shape (D,)), not a sum of everything.",
        "docstring에 적힌 shape을 지키세요: 원소별 함수는 입력과 같은 shape을 돌려주고, "
        "배치에 대한 합은 전체 합이 아니라 axis=0으로 구합니다 (shape (D,)).",
    ),
    "wrong_dtype": Text(
        "Compute in float64: a boolean mask such as (x > 0) or an integer array must be "
        "turned into floats (mask * dout, or .astype(np.float64)) before it is returned.",
        "float64로 계산하세요: (x > 0) 같은 불리언 마스크나 정수 배열은 돌려주기 전에 "
        "실수로 바꿔야 합니다 (mask * dout 또는 .astype(np.float64)).",
    ),
    "not_a_number": Text(
        "Return one number (for example float(np.sum(...))), not an array or a tuple.",
        "배열이나 튜플이 아니라 숫자 하나를 돌려주세요 (예: float(np.sum(...))).",
    ),
}

# The comparisons' form errors, found by the message they raise.
_FORM_PROBLEMS = {
    id(compare.NOT_A_TUPLE): "not_a_tuple",
    id(compare.WRONG_TYPE): "wrong_type",
    id(compare.WRONG_SHAPE): "wrong_shape",
    id(compare.WRONG_DTYPE): "wrong_dtype",
    id(compare.NOT_A_NUMBER): "not_a_number",
}


def error_hint(failure: BaseException | None) -> Text | None:
    """The hint for an error in the student's code, or None when the code returned a
    well-formed result and the property's own hint applies."""
    if isinstance(failure, PropertyFailure):
        key = _FORM_PROBLEMS.get(id(failure.problem))
        return ERROR_HINTS[key] if key else None
    if not isinstance(failure, StudentError):
        return None
    if failure.kind == RAISED:
        detail = failure.detail.lower()
        if failure.exc_type == "ValueError" and "unpack" in detail:
            return ERROR_HINTS["unpack"]
        if failure.exc_type == "ValueError" and "broadcast" in detail:
            return ERROR_HINTS["broadcast"]
        if failure.exc_type == "TypeError":
            return ERROR_HINTS["type"]
        if failure.exc_type == "IndexError":
            return ERROR_HINTS["index"]
        return ERROR_HINTS["raised"]
    return ERROR_HINTS.get(
        {TIMEOUT: "timeout", CRASHED: "crashed", BAD_OUTPUT: "bad_output"}.get(failure.kind, "")
    )


def format_hint(
    prop: Property,
    lang: str,
    diagnosis: Diagnosis | None = None,
    failure: BaseException | None = None,
) -> str:
    """The closing advice: the recognised mistake when there is one, else a hint about the
    error in the student's code when there is one, else the property's general hint."""
    label = {k: v.get(lang) for k, v in LABELS.items()}
    if diagnosis is None:
        hint = error_hint(failure) or prop.hint
        return f"{label['hint']}: {hint.get(lang)}"
    if diagnosis.observation:
        text = (
            f"{OBSERVATION_LABEL.get(lang)}: {diagnosis.title.get(lang)}\n"
            f"{_indent(diagnosis.explanation.get(lang))}"
        )
        # The right numbers in the wrong form: the form error's own advice still applies.
        hint = error_hint(failure)
        return f"{text}\n{label['hint']}: {hint.get(lang)}" if hint else text
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
        worst = failure.worst
        parts.append(f"{label['worst']}: {worst.get(lang) if isinstance(worst, Text) else worst}")
    parts.append(format_hint(prop, lang, diagnosis, failure))
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
        lang, function=err.function, exc_type=err.exc_type or AN_ERROR.get(lang), detail=err.detail
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
        parts.append(format_hint(prop, lang, diagnosis, err))
    return "\n".join(parts)
