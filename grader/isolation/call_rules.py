"""How a call's inputs are judged unchanged: one rule for the self-check and the worker.

Standard library and NumPy only: the sandboxed worker loads this file by path beside
``worker_main.py`` and ``wire.py`` (the grader package is not visible there), and
``grader.isolation.calls`` imports it for the in-process path.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import numpy as np

# Immutable values: a call is given them as they are, and they cannot be modified.
PLAIN = frozenset({int, float, bool, str, type(None)})
# Clones of generators are seeded from this, then given the original's state (seeding
# from a fixed SeedSequence is the cheapest way NumPy offers to make a bit generator).
_PLACEHOLDER_SEED = np.random.SeedSequence(0)


def snapshot(value: Any) -> Any:
    """A deep copy that keeps arrays' dtype, shape and memory order (for input-mutation
    checks).  Every call is snapshotted, so the common types skip ``copy.deepcopy``."""
    kind = type(value)
    if kind is np.ndarray and not value.dtype.hasobject:
        return value.copy(order="K")
    if kind is tuple or kind is list:
        return kind(snapshot(item) for item in value)
    if kind in PLAIN:
        return value
    if kind is dict and _flat_unaliased(value):
        # An optimizer's state, at every step: deepcopy's memo and dispatch cost more
        # than the copies.  Only when deepcopy would give the same thing: values that
        # are arrays (no object dtype) or plain, no array held twice.
        return {key: snapshot(item) for key, item in value.items()}
    if kind is np.random.Generator:
        # A generator in the same state (deepcopy goes through pickling: 4x slower).
        bit_generator = value.bit_generator
        clone = type(bit_generator)(_PLACEHOLDER_SEED)
        clone.state = bit_generator.state
        return np.random.Generator(clone)
    return copy.deepcopy(value)


def _flat_unaliased(value: dict) -> bool:
    """Whether a dict holds only plain values and distinct, non-object arrays (keys of
    any immutable type are copied as they are by deepcopy too)."""
    arrays = []
    for item in value.values():
        kind = type(item)
        if kind is np.ndarray:
            if item.dtype.hasobject:
                return False
            arrays.append(id(item))
        elif kind not in PLAIN:
            return False
    return len(set(arrays)) == len(arrays)


def same_value(a: Any, b: Any) -> bool:
    """True when b is a and was not modified (arrays compared bitwise, NaNs equal)."""
    if a is b:  # an immutable value, or one that snapshot could not copy, passed as is
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            # Identical bytes (nearly always) settle it without array_equal's overhead.
            and (a.tobytes() == b.tobytes() or np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        )
    if isinstance(a, np.random.Generator):
        return isinstance(b, np.random.Generator)  # consuming the generator is expected
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same_value, a, b))
    if isinstance(a, dict):  # e.g. an optimizer's state: its arrays must not change either
        return (
            type(a) is type(b)
            and a.keys() == b.keys()
            and all(same_value(a[key], b[key]) for key in a)
        )
    return True


def arg_labels(
    names: tuple[str, ...] | list[str], n_args: int, keywords: Iterable[str]
) -> list[str]:
    """How feedback names a call's arguments: the contract's parameter names for
    positional arguments (``argument 3`` beyond them), then the keywords."""
    labels = [names[i] if i < len(names) else f"argument {i + 1}" for i in range(n_args)]
    return labels + list(keywords)


def mutated_args(before: Iterable[Any], after: Iterable[Any], labels: list[str]) -> list[str]:
    """Labels of the arguments whose value after the call differs from before it."""
    return [label for label, a, b in zip(labels, before, after) if not same_value(a, b)]
