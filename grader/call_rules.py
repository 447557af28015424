"""How a call's inputs are judged unchanged: one rule for the self-check and the worker.

Standard library and NumPy only: the sandboxed worker loads this file by path beside
``worker_main.py`` and ``wire.py`` (the grader package is not visible there), and
``grader.calls`` imports it for the in-process path.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import numpy as np


def snapshot(value: Any) -> Any:
    """A deep copy that keeps arrays' dtype and shape (for input-mutation checks)."""
    return copy.deepcopy(value)


def same_value(a: Any, b: Any) -> bool:
    """True when b is a and was not modified (arrays compared bitwise, NaNs equal)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        )
    if isinstance(a, np.random.Generator):
        return isinstance(b, np.random.Generator)  # consuming the generator is expected
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same_value, a, b))
    return True


def mutated_args(before: Iterable[Any], after: Iterable[Any], labels: list[str]) -> list[str]:
    """Labels of the arguments whose value after the call differs from before it."""
    return [label for label, a, b in zip(labels, before, after) if not same_value(a, b)]
