"""Inputs that cannot change, and keys that know them by identity.

The grader draws or loads every input of the fast pass once per process and uses the same
objects for every submission.  Frozen (read-only) once, they can be recognised by
identity: :mod:`grader.oracle` finds PyTorch's answer for them without hashing their
bytes again.  Checks must not change their cases anyway (:class:`grader.spec.Property`);
freezing makes that a rule NumPy enforces.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def freeze(value: Any) -> Any:
    """Make the arrays in `value` (a case, or a tuple or list of them) read-only, and
    return it.  Done once for every input of the fast pass, when it is drawn or loaded."""
    if type(value) is np.ndarray:
        value.flags.writeable = False
    elif isinstance(value, dict):
        for item in value.values():
            freeze(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            freeze(item)
    return value


def is_frozen(array: np.ndarray) -> bool:
    """Whether nothing in the kit can change this array's content: read-only, and so is
    whatever memory it views (another read-only array, or immutable bytes)."""
    while not array.flags.writeable:
        base = array.base
        if base is None or type(base) is bytes:
            return True
        if type(base) is not np.ndarray:
            return False
        array = base
    return False


def identity_key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
    """A key that stands for the arguments' content when every argument is immutable:
    frozen arrays by identity, plain scalars by type and value (floats whose
    value does not tell them apart, 0.0 from -0.0 or NaN, by repr).  None otherwise.

    An id is unique only while its object lives: a table keyed on these must keep the
    arguments alive for as long as it holds the key."""
    key: list[Any] = []
    for value in (*args, *kwargs.values()) if kwargs else args:
        kind = type(value)
        if kind is np.ndarray:
            if not is_frozen(value):
                return None
            key.append(id(value))
        elif kind is float:
            key.append((kind, value) if value and value == value else (kind, repr(value)))
        elif kind is int or kind is bool or kind is str or value is None:
            key.append((kind, value))
        else:
            return None
    if kwargs:
        key.append(tuple(kwargs))
    return tuple(key)
