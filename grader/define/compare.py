"""Comparing a student's outputs with PyTorch's, and the one place tolerances live.

Tolerances
----------
Both sides compute in float64 (unit roundoff u = 1.1e-16).  Two correct formulas for the
same quantity differ by a small multiple of ``u`` times the condition of the formula;
the worst case among the exercises is batch-norm's backward on nearly constant features,
where cancellation in ``x - mean`` costs up to ~1e-9 of the output's scale.  Students may
also compute in float32 internally where harmless (relative error ~1e-7) and cast back.

So an element passes when

    |got - expected| <= ATOL * scale + RTOL * |expected|,   scale = max(1, max|expected|)

with RTOL = 1e-6 and ATOL = 1e-9.  The absolute part scales with the array so that an
element that cancels to ~0 is judged relative to its neighbours, not to itself.  Every
mistake in the catalogue is off by far more (the smallest, unbiased instead of biased
variance with N = 1000, changes outputs by ~5e-4 relatively); ``tests/`` proves each one
is caught.  NaN matches only NaN, and +-inf only the same infinity.
"""

from __future__ import annotations

import numbers
import re
from typing import Any

import numpy as np

from grader.define.i18n import Text

RTOL = 1e-6
ATOL = 1e-9


class PropertyFailure(AssertionError):
    """A property does not hold for one input; carries what to show the student."""

    def __init__(
        self,
        problem: Text,
        expected: Any = None,
        got: Any = None,
        worst: Text | str = "",
        **fields: object,
    ) -> None:
        self.problem = problem
        self.fields = fields
        super().__init__(self.message("en"))
        self.expected = expected
        self.got = got
        self.worst = worst

    def message(self, lang: str) -> str:
        fields = {
            k: (v.get(lang) if isinstance(v, Text) else _localise_label(v, lang))
            for k, v in self.fields.items()
        }
        return self.problem.get(lang, **fields)


def _localise_label(value: object, lang: str) -> object:
    """Labels such as "f's out" read "f의 out" in Korean."""
    if lang == "ko" and isinstance(value, str):
        return re.sub(r"(\w+)'s (\w+)", r"\1의 \2", value)
    return value


def close_mask(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Elementwise: does `got` match `expected` within the kit's tolerance?"""
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    if got.shape == expected.shape and got.tobytes() == expected.tobytes():
        # The same bits (NaN and inf included) are within any tolerance.  Four in five
        # comparisons of a correct submission end here, at a twentieth of the cost.
        return np.ones(expected.shape, dtype=bool)
    finite = np.isfinite(expected)
    scale = max(1.0, float(np.max(np.abs(expected[finite]), initial=0.0)))
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(got - expected)
        # Only where expected is finite: at an infinity the bound is infinite too, and
        # any got (0.0, or the other infinity) would pass.
        ok = (diff <= ATOL * scale + RTOL * np.abs(expected)) & finite
    ok |= np.isnan(expected) & np.isnan(got)
    ok |= np.isinf(expected) & (got == expected)
    return ok


WRONG_TYPE = Text(
    "{what} should be a NumPy array, but it is {kind}.",
    "{what} 값은 NumPy 배열이어야 하는데 {kind}입니다.",
)
WRONG_SHAPE = Text(
    "{what} has shape {got_shape}, but it should have shape {want_shape}.",
    "{what}의 shape이 {got_shape}인데 {want_shape}이어야 합니다.",
)
WRONG_DTYPE = Text(
    "{what} has dtype {got_dtype}; for float64 inputs it should be float64 "
    "(compute in float64, or convert back with .astype(np.float64)).",
    "{what}의 dtype이 {got_dtype}입니다. float64 입력에는 float64로 돌려주어야 합니다 "
    "(float64로 계산하거나 .astype(np.float64)로 바꾸세요).",
)
WRONG_VALUES = Text(
    "{what} differs from PyTorch in {count} of {total} elements.",
    "{what} 값이 원소 {total}개 중 {count}개에서 PyTorch와 다릅니다.",
)
NOT_A_NUMBER = Text(
    "{what} should be a single real number (a float), but it is {kind}.",
    "{what} 값은 실수 하나(float)여야 하는데 {kind}입니다.",
)
WRONG_NUMBER = Text(
    "{what} is {got_value!r}, but PyTorch gives {want_value!r}.",
    "{what} 값이 {got_value!r}인데 PyTorch의 값은 {want_value!r}입니다.",
)
NOT_A_TUPLE = Text(
    "{what} should return a tuple of {n} values ({names}), but it returned {kind}.",
    "{what} 함수는 값 {n}개의 튜플({names})을 돌려주어야 하는데 돌려준 값은 {kind}입니다.",
)


def describe(value: Any) -> Text:
    """A short, student-readable description of a value's type (and shape)."""
    if isinstance(value, np.ndarray):
        return Text(
            f"an array of shape {value.shape} and dtype {value.dtype}",
            f"shape {value.shape}, dtype {value.dtype}인 배열",
        )
    if isinstance(value, (tuple, list)):
        name = type(value).__name__
        return Text(f"a {name} of length {len(value)}", f"길이 {len(value)}인 {name}")
    if value is None:
        return Text("None", "None")
    name = f"{type(value).__module__}.{type(value).__qualname__}".replace("builtins.", "")
    return Text(f"a {name}", f"{name} 값")


def unpack(value: Any, names: tuple[str, ...], what: str) -> tuple[Any, ...]:
    """Check that a function returned a tuple of len(names) values and return it."""
    if not isinstance(value, (tuple, list)) or len(value) != len(names):
        raise PropertyFailure(
            NOT_A_TUPLE, what=what, n=len(names), names=", ".join(names), kind=describe(value)
        )
    return tuple(value)


def check_array(got: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """Check type, shape and dtype of a returned array (before comparing values)."""
    if not isinstance(got, np.ndarray):
        raise PropertyFailure(WRONG_TYPE, got=got, what=what, kind=describe(got))
    if got.shape != tuple(shape):
        raise PropertyFailure(WRONG_SHAPE, what=what, got_shape=got.shape, want_shape=tuple(shape))
    if got.dtype != np.float64:
        raise PropertyFailure(WRONG_DTYPE, what=what, got_dtype=str(got.dtype))
    return got


def assert_array_close(got: Any, expected: np.ndarray, what: str) -> None:
    """Compare a student's array with PyTorch's (type, shape, dtype, then values)."""
    expected = np.asarray(expected, dtype=np.float64)
    got = check_array(got, expected.shape, what)
    ok = close_mask(got, expected)
    if ok.all():
        return
    bad = np.argwhere(~ok)
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.where(ok, 0.0, np.abs(got - expected))
    err = np.where(np.isnan(err), np.inf, err)
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
    want, have = float(expected[idx]), float(got[idx])
    worst = Text(
        f"index {idx}: expected {want!r}, got {have!r}",
        f"인덱스 {idx}: 기대값 {want!r}, 내 결과 {have!r}",
    )
    raise PropertyFailure(
        WRONG_VALUES,
        expected=expected,
        got=got,
        worst=worst,
        what=what,
        count=len(bad),
        total=expected.size,
    )


def check_number(got: Any, what: str) -> float:
    """Accept a Python or NumPy real scalar (or 0-d array) and return it as float."""
    if isinstance(got, np.ndarray) and got.shape == () and got.dtype.kind in "fiu":
        return float(got)
    if isinstance(got, numbers.Real) and not isinstance(got, bool):
        return float(got)
    raise PropertyFailure(NOT_A_NUMBER, got=got, what=what, kind=describe(got))


def assert_number_close(got: Any, expected: float, what: str) -> None:
    value = check_number(got, what)
    if not close_mask(np.array([value]), np.array([expected])).all():
        raise PropertyFailure(WRONG_NUMBER, what=what, got_value=value, want_value=float(expected))


MUTATED = Text(
    "{function} modified its input(s) {names} in place. Work on a copy "
    "(e.g. out = x.copy(), or arithmetic that makes new arrays) and leave inputs as they were.",
    "{function} 함수가 입력({names})을 직접 바꾸었습니다. 복사본에서 작업하고 "
    "(예: out = x.copy()) 입력은 그대로 두세요.",
)
WARNED = Text(
    "{function} emitted NumPy warnings: {warnings}. It must stay finite and warning-free "
    "for every finite input.",
    "{function} 함수가 NumPy 경고를 냈습니다: {warnings}. 모든 유한한 입력에서 경고 없이 "
    "유한한 값을 돌려주어야 합니다.",
)


def assert_inputs_unchanged(impl: Any) -> None:
    """After a call: fail if the student's function modified any argument in place."""
    record = impl.last
    if record.mutated:
        raise PropertyFailure(MUTATED, function=record.function, names=", ".join(record.mutated))


def assert_no_warnings(impl: Any) -> None:
    """After a call: fail if it emitted overflow/invalid/divide warnings."""
    record = impl.last
    if record.warnings:
        raise PropertyFailure(
            # Quoted as NumPy wrote them: they are program output, not prose to translate.
            WARNED,
            function=record.function,
            warnings="; ".join(f"`{w}`" for w in sorted(set(record.warnings))[:3]),
        )
