"""Inputs that cannot change, and keys that know them by identity.

The grader draws or loads every input of the fast pass once per process and uses the same
objects for every submission.  Frozen (read-only) once, they can be recognised by
identity: :mod:`grader.define.oracle` finds PyTorch's answer for them without hashing their
bytes again.  Checks must not change their cases anyway (:class:`grader.define.spec.Property`);
freezing makes that a rule NumPy enforces.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

# One read-only array per content, for all the inputs frozen in this process.
_ONE_PER_CONTENT: dict[tuple[str, tuple[int, ...], bytes], np.ndarray] = {}


def freeze(value: Any) -> Any:
    """Make the arrays in `value` (an array, or a dict, tuple or list holding them at any
    depth) read-only, and return it."""
    if type(value) is np.ndarray:
        value.flags.writeable = False
    elif isinstance(value, dict):
        for item in value.values():
            freeze(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            freeze(item)
    return value


def freeze_inputs(value: Any) -> Any:
    """:func:`freeze` for the inputs of the fast pass (a case, or a tuple or list of
    them), done once for each when it is drawn or loaded.

    Arrays held in a dict or a list are also replaced by the first frozen array of the
    same content: properties drawn from the same strategy (a claim and its hidden
    variant, or two claims about one function) then hold the very same objects, which
    :func:`identity_key` recognises."""
    if isinstance(value, (dict, list)):
        for place, item in value.items() if isinstance(value, dict) else enumerate(value):
            value[place] = (
                _one_per_content(item) if type(item) is np.ndarray else freeze_inputs(item)
            )
    elif isinstance(value, tuple):
        for item in value:
            freeze_inputs(item)
    else:
        freeze(value)
    return value


def _one_per_content(array: np.ndarray) -> np.ndarray:
    if not is_frozen(array):  # a view of memory something else could still write
        array = array.copy()
    array.flags.writeable = False
    digest = hashlib.blake2b(array.tobytes(), digest_size=16).digest()
    return _ONE_PER_CONTENT.setdefault((array.dtype.str, array.shape, digest), array)


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
    value does not tell them apart, 0.0 from -0.0 or NaN, by repr), random
    generators (PCG64, the one kind the worker accepts) by their current state, and
    tuples, lists and str-keyed dicts of those (Adam's ``betas``, an optimizer's state
    dict carried from one step to the next) item by item.  None otherwise.

    An id is unique only while its object lives: a table keyed on these must keep the
    arguments alive for as long as it holds the key.  A list or dict is keyed by what
    it holds when the key is taken (the kit never changes one it has passed on)."""
    key: list[Any] = []
    for value in (*args, *kwargs.values()) if kwargs else args:
        # The common cases inline: this runs for every call and every reference lookup.
        kind = type(value)
        if kind is np.ndarray and value.base is None:
            if not is_frozen(value):
                return None
            key.append(id(value))
            continue
        if kind is float and value and value == value:
            key.append((kind, value))
            continue
        if kind is int or kind is bool or value is None:
            key.append((kind, value))
            continue
        item = _key_of(value, 0)
        if item is None:
            return None
        key.append(item)
    if kwargs:
        key.append(tuple(kwargs))
    return tuple(key)


# Containers nested deeper than this are not worth a key (none of the contracts has one).
_MAX_NESTING = 4


def _key_of(value: Any, depth: int) -> Any:
    """One argument's part of :func:`identity_key`, or None when it has none."""
    kind = type(value)
    if kind is np.ndarray:
        if not is_frozen(value):
            return None
        if value.base is None:
            return id(value)
        # A view (optim's ``dws[t]``) is a new object every time it is taken: known by
        # the memory it shows, which stays read-only and alive as long as the view does.
        return (
            np.ndarray,
            value.__array_interface__["data"][0],
            value.shape,
            value.strides,
            value.dtype.str,
        )
    if kind is float:
        return (kind, value) if value and value == value else (kind, repr(value))
    if kind is int or kind is bool or kind is str or value is None:
        return (kind, value)
    if kind is np.random.Generator and type(value.bit_generator) is np.random.PCG64:
        # What a generator will draw is all in its state (which a call that uses it
        # changes: the key is taken before the call).
        state = value.bit_generator.state
        return (
            kind,
            state["state"]["state"],
            state["state"]["inc"],
            state["has_uint32"],
            state["uinteger"],
        )
    if depth >= _MAX_NESTING:
        return None
    if kind is tuple or kind is list:
        items = [_key_of(item, depth + 1) for item in value]
        return None if any(i is None for i in items) else (kind, *items)
    if kind is dict:
        if not all(type(name) is str for name in value):
            return None
        items = [_key_of(item, depth + 1) for item in value.values()]
        if any(i is None for i in items):
            return None
        return (kind, tuple(value), *items)
    return None
