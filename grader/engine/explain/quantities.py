"""The constants a relation may name, read off an input: plain numbers, the value of a
numeric argument and simple expressions of it, and the sizes of array arguments.

Each :class:`Quantity` is an expression evaluated on *each* input (``1 / x.shape[0]`` is
a different number for every batch size), so a claim such as "exactly ``1 / x.shape[0]``
times PyTorch's" is verified input by input, never as one number that happened to fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.define.spec import Case


@dataclass(frozen=True)
class Quantity:
    """A named expression of an input: ``value(case)`` is None where it is undefined."""

    name: str  # as code, the same in both languages: "2", "`1 - p`", "`x.shape[0]`"
    complexity: int  # plain numbers 0, an argument 1, an expression of it 2, sizes 3-4
    value: Callable[[Case], Any]
    numeric: bool = False  # a plain number (no "(on the input shown, ... = ...)" needed)


def _scalar(case: Case, key: str) -> float | None:
    value = case.get(key)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return None
    return float(value)


def _size(case: Case, key: str, axis: int | None) -> float | None:
    value = case.get(key)
    if not isinstance(value, np.ndarray):
        return None
    if axis is None:
        return float(value.size)
    return float(value.shape[axis]) if value.ndim > axis else None


def _safe(fn: Callable[[float], float]) -> Callable[[float | None], float | None]:
    def wrapped(v: float | None) -> float | None:
        if v is None:
            return None
        with np.errstate(all="ignore"):
            try:
                out = fn(v)
            except ZeroDivisionError:
                return None
        return out if np.isfinite(out) else None

    return wrapped


# Expressions of one number n, by complexity: the ones students meet in these exercises
# (1 / N for a mean, N - 1 for an unbiased variance, 1 / (1 - p) for dropout's scale).
_OF_PARAMETER = (
    ("`{k}`", 1, lambda v: v),
    ("`1 / {k}`", 2, lambda v: 1 / v),
    ("`1 - {k}`", 2, lambda v: 1 - v),
    ("`1 / (1 - {k})`", 2, lambda v: 1 / (1 - v)),
)
_OF_SIZE = (
    ("`{k}`", 3, lambda n: n),
    ("`1 / {k}`", 3, lambda n: 1 / n),
    ("`{k} - 1`", 4, lambda n: n - 1),
    ("`1 / ({k} - 1)`", 4, lambda n: 1 / (n - 1)),
    ("`{k} / ({k} - 1)`", 4, lambda n: n / (n - 1)),
    ("`({k} - 1) / {k}`", 4, lambda n: (n - 1) / n),
)
NUMBERS = (2.0, 0.5, -1.0, 1.0, -2.0, -0.5)


def _number(x: float) -> Quantity:
    name = {0.5: "1/2", -0.5: "-1/2"}.get(x, f"{x:g}")
    return Quantity(name, 0, lambda case: x, numeric=True)


def quantities(case: Case) -> list[Quantity]:
    """Every quantity of this input's kind of case, simplest first (then in the case's
    order of arguments, which is the contract's)."""
    found = [_number(x) for x in NUMBERS]
    for key, value in case.items():
        if _scalar(case, key) is not None:
            for name, complexity, fn in _OF_PARAMETER:
                f = _safe(fn)
                found.append(
                    Quantity(
                        name.format(k=key), complexity, lambda c, f=f, key=key: f(_scalar(c, key))
                    )
                )
        elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
            sizes: list[tuple[str, int | None]] = [
                (f"{key}.shape[{axis}]", axis) for axis in range(value.ndim)
            ]
            sizes.append((f"{key}.size", None))
            for label, axis in sizes:
                for name, complexity, fn in _OF_SIZE:
                    f = _safe(fn)
                    found.append(
                        Quantity(
                            name.format(k=label),
                            complexity,
                            lambda c, f=f, key=key, axis=axis: f(_size(c, key, axis)),
                        )
                    )
    return sorted(found, key=lambda q: q.complexity)


def array_arguments(case: Case) -> list[str]:
    """The names of the float array arguments, in the case's order."""
    return [k for k, v in case.items() if isinstance(v, np.ndarray) and v.dtype.kind == "f"]
