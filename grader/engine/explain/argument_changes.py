"""The detector "PyTorch's reference with one argument changed reproduces your output".

Candidates are read off the input's own arguments (no topic declares them): a float set
to 0 or 1, replaced by ``1 - p``, doubled or halved, a flag flipped, an array of zeros or
ones in place of a parameter array, an array transposed or negated, two arguments of the
same kind swapped, a pair's items reversed or one of its floats changed.  A candidate holds when the property's check, run on the changed
input, passes with the student's outputs on the original input: the grader's own
PyTorch reference and tolerance decide (:func:`grader.engine.explain.findings.holds`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.define.i18n import Text
from grader.define.spec import Case
from grader.engine.explain import words
from grader.engine.explain.evidence import Evidence
from grader.engine.explain.findings import Candidate, Finding, choose, holds, looks_at_outputs

# Integers are never changed by one: a size one larger reproduces a rounding on the few
# inputs looked at (round(a / 2) is floor((a + 1) / 2)) without being the explanation;
# integer results have their own off-by-one detectors (output_relations.py).


@dataclass(frozen=True)
class ArgumentChange:
    """One change of an input's arguments, the same rule applied to every input."""

    complexity: int
    apply: Callable[[Case], Case | None]
    words: tuple[Text, ...]
    fields: dict[str, Any]


def _with(case: Case, key: str, new: Callable[[Any], Any]) -> Case | None:
    if key not in case:
        return None
    try:
        value = new(case[key])
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if value is None:
        return None
    changed = dict(case)
    changed[key] = value
    return changed


def _is_float(value: Any) -> bool:
    return isinstance(value, (float, np.floating))


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _numbers(value: Any, label: str, put: Callable) -> list[ArgumentChange]:
    """Changes of one number; ``put(case, fn)`` writes fn(old) where the number lives."""
    found: list[ArgumentChange] = []

    def change(complexity: int, fn: Callable[[Any], Any], *texts: Text, **fields: Any) -> None:
        found.append(ArgumentChange(complexity, lambda c: put(c, fn), texts, fields))

    if _is_float(value):
        change(0, lambda v: 0.0, words.SET_TO, arg=label, value=0)
        change(0, lambda v: 1.0, words.SET_TO, arg=label, value=1)
        change(1, lambda v: 1.0 - v, words.IN_PLACE_OF, arg=label, new=f"1 - {label}")
        change(2, lambda v: 2.0 * v, words.IN_PLACE_OF, arg=label, new=f"2 * {label}")
        change(2, lambda v: v / 2.0, words.IN_PLACE_OF, arg=label, new=f"{label} / 2")
    return found


def _flip(value: Any) -> Any:
    return not value if isinstance(value, (bool, np.bool_)) else None


def _reverse(value: Any) -> Any:
    if not isinstance(value, tuple) or value == tuple(reversed(value)):
        return None
    return tuple(reversed(value))


def _item_putter(key: str, i: int) -> Callable[[Case, Callable], Case | None]:
    """Writes fn(old item) into item i of the tuple argument ``key``."""

    def put(case: Case, fn: Callable) -> Case | None:
        def replace(items: Any) -> Any:
            if not isinstance(items, tuple) or i >= len(items):
                return None
            new = fn(items[i])
            return None if new is None else items[:i] + (new,) + items[i + 1 :]

        return _with(case, key, replace)

    return put


def _putter(key: str) -> Callable[[Case, Callable], Case | None]:
    return lambda case, fn: _with(case, key, fn)


def _setter(key: str, fn: Callable[[Any], Any]) -> Callable[[Case], Case | None]:
    return lambda case: _with(case, key, fn)


def _numeric_tuple(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) >= 2
        and all(_is_float(item) or _is_int(item) for item in value)
    )


def candidates(case: Case) -> list[ArgumentChange]:
    """Every change of this input's arguments, simplest first."""
    found: list[ArgumentChange] = []
    for key, value in case.items():
        if isinstance(value, (bool, np.bool_)):
            fields = {"arg": key, "value": not value}
            found.append(ArgumentChange(0, _setter(key, _flip), (words.FLIPPED_FLAG,), fields))
        elif _is_float(value) or _is_int(value):
            found += _numbers(value, key, _putter(key))
        elif _numeric_tuple(value):
            found.append(ArgumentChange(1, _setter(key, _reverse), (words.REVERSED,), {"arg": key}))
            for i, item in enumerate(value):
                found += _numbers(item, f"{key}[{i}]", _item_putter(key, i))
        elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
            found += _arrays(key)
    found += _swaps(case)
    return sorted(found, key=lambda change: change.complexity)


def _arrays(key: str) -> list[ArgumentChange]:
    def fill(x: float) -> Callable[[Case], Case | None]:
        return lambda c: _with(
            c, key, lambda v: np.full_like(v, x) if isinstance(v, np.ndarray) else None
        )

    return [
        ArgumentChange(
            0, fill(0.0), (words.ALL_SET_TO, words.AS_IF_UNUSED), {"arg": key, "value": 0}
        ),
        ArgumentChange(0, fill(1.0), (words.ALL_SET_TO,), {"arg": key, "value": 1}),
        ArgumentChange(
            2,
            lambda c: _with(
                c, key, lambda v: v.T.copy() if isinstance(v, np.ndarray) and v.ndim == 2 else None
            ),
            (words.IN_PLACE_OF,),
            {"arg": key, "new": f"{key}.T"},
        ),
        ArgumentChange(
            2,
            lambda c: _with(c, key, lambda v: -v if isinstance(v, np.ndarray) else None),
            (words.IN_PLACE_OF,),
            {"arg": key, "new": f"-{key}"},
        ),
    ]


def _kind(value: Any) -> tuple | None:
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return ("array", value.shape)
    if _is_float(value):
        return ("float",)
    return None


def _swaps(case: Case) -> list[ArgumentChange]:
    keys = [k for k, v in case.items() if _kind(v) is not None]
    found = []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if _kind(case[a]) != _kind(case[b]):
                continue

            def swap(c: Case, a: str = a, b: str = b) -> Case | None:
                if a not in c or b not in c or _kind(c[a]) != _kind(c[b]):
                    return None
                changed = dict(c)
                changed[a], changed[b] = c[b], c[a]
                return changed

            found.append(ArgumentChange(1, swap, (words.SWAPPED,), {"first": a, "second": b}))
    return found


def _unused_note(change: ArgumentChange) -> tuple[Text, ...]:
    """Setting a number to 0 (a rate, a decay, an eps) is "as if it were not used"."""
    if change.words == (words.SET_TO,) and change.fields.get("value") == 0:
        return (words.AS_IF_UNUSED,)
    return ()


def argument_changed(ev: Evidence) -> Finding | None:
    shown = ev.shown.case
    holding = []
    for change in candidates(shown):
        changed = change.apply(shown)
        if changed is None or _same_case(changed, shown):
            continue  # the shown input fails as it is: a change that leaves it cannot explain it
        if holds(ev, transform=change.apply) and looks_at_outputs(ev, change.apply):
            holding.append(Candidate(_words(change), _verifier(ev, change.apply)))
    return choose(ev, holding)


def _verifier(ev: Evidence, transform: Any) -> Any:
    return lambda tapes: (
        holds(ev, transform=transform, tapes=tapes) and looks_at_outputs(ev, transform, tapes)
    )


def _words(change: ArgumentChange) -> Finding:
    description = [t for t in change.words if t is not words.AS_IF_UNUSED]
    notes = [t for t in change.words if t is words.AS_IF_UNUSED] + list(_unused_note(change))
    phrase = Finding.say("argument", 0, *description, **change.fields).words
    return Finding.say(
        "argument", change.complexity, words.ARGUMENT, *notes, change=phrase, **change.fields
    )


def _same_case(a: Case, b: Case) -> bool:
    if a.keys() != b.keys():
        return False
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)):
                return False
            if x.shape != y.shape or x.tobytes() != y.tobytes():
                return False
        elif type(x) is not type(y) or x != y:
            return False
    return True
