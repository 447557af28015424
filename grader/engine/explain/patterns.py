"""Detectors of where, and along which axis, the student's output differs from PyTorch's.

* :func:`only_at_positions`: right everywhere except at special positions (where an input
  is exactly 0, negative or positive; the first or last index along an axis);
* :func:`axis_constancy`: constant along an axis where PyTorch's varies, or the reverse.

Both read the compared output beside PyTorch's on every taped input
(:attr:`grader.engine.explain.evidence.Evidence.pairs`) and stay silent unless that pair is
known on all of them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from grader.define.compare import close_mask
from grader.define.i18n import Text
from grader.define.spec import Case
from grader.engine.explain import words
from grader.engine.explain.evidence import Evidence
from grader.engine.explain.findings import Finding
from grader.engine.explain.quantities import array_arguments

# A mask of positions on one input, or None where it cannot be built for that input.
Mask = Callable[[Case, tuple[int, ...]], "np.ndarray | None"]


def _where(key: str, test: Callable[[np.ndarray], np.ndarray]) -> Mask:
    def mask(case: Case, shape: tuple[int, ...]) -> np.ndarray | None:
        value = case.get(key)
        if not isinstance(value, np.ndarray) or value.shape != shape:
            return None
        return test(value)

    return mask


def _end(axis: int, index: int) -> Mask:
    def mask(case: Case, shape: tuple[int, ...]) -> np.ndarray | None:
        if len(shape) <= axis or shape[axis] < 2:
            return np.zeros(shape, dtype=bool) if len(shape) > axis else None
        out = np.zeros(shape, dtype=bool)
        where: list[slice | int] = [slice(None)] * len(shape)
        where[axis] = index
        out[tuple(where)] = True
        return out

    return mask


def _masks(case: Case, ndim: int) -> list[tuple[Mask, Text, dict]]:
    found: list[tuple[Mask, Text, dict]] = []
    for key in array_arguments(case):
        found.append((_where(key, lambda v: v == 0), words.WHERE_ZERO, {"arg": key}))
    for axis in range(ndim):
        found.append((_end(axis, 0), words.WHERE_FIRST, {"axis": axis}))
        found.append((_end(axis, -1), words.WHERE_LAST, {"axis": axis}))
    for key in array_arguments(case):
        found.append((_where(key, lambda v: v < 0), words.WHERE_NEGATIVE, {"arg": key}))
        found.append((_where(key, lambda v: v > 0), words.WHERE_POSITIVE, {"arg": key}))
    return found


_SIGNS = (words.WHERE_NEGATIVE, words.WHERE_POSITIVE)


def only_at_positions(ev: Evidence) -> Finding | None:
    if any(pair is None for pair in ev.pairs):
        return None
    pairs = [p for p in ev.pairs if p is not None]
    wrong = [~close_mask(got, expected) for expected, got in pairs]
    if not wrong[0].any():
        return None
    for complexity, (mask, where, fields) in enumerate(_masks(ev.shown.case, wrong[0].ndim)):
        masks = [mask(tape.case, w.shape) for tape, w in zip(ev.tapes, wrong)]
        if any(m is None for m in masks):
            continue
        if all(not (w & ~m).any() for w, m in zip(wrong, masks)):  # type: ignore[operator]
            # Informative only if some positions of the shown input are not special; and
            # a sign, which holds for half the elements, only if most of them are wrong:
            # differences at a few positive elements (where a maximum usually is) say
            # nothing about the sign.
            special = sum(int(m.sum()) for m in masks)  # type: ignore[union-attr]
            differ = sum(int(w.sum()) for w in wrong)
            tight = where not in _SIGNS or 2 * differ >= special
            if (~masks[0]).any() and tight:  # type: ignore[operator]
                text = _where_text(where, fields)
                return Finding.say("positions", complexity, words.ONLY_AT, where=text)
    return None


def _where_text(where: Text, fields: dict) -> Text:
    return Text(where.get("en", **fields), where.get("ko", **fields))


def _constant_along(values: np.ndarray, axis: int) -> bool:
    first = np.take(values, [0], axis=axis)
    return bool(close_mask(values, np.broadcast_to(first, values.shape)).all())


def axis_constancy(ev: Evidence) -> Finding | None:
    if any(pair is None for pair in ev.pairs):
        return None
    pairs = [p for p in ev.pairs if p is not None]
    ndims = {got.ndim for _, got in pairs}
    if min(ndims) == 0:
        return None
    # Axes counted from the end when the inputs have different numbers of dimensions
    # (axis -1 is the last of every one), from the start when they all have the same.
    same = len(ndims) == 1
    axes = range(min(ndims)) if same else range(-1, -min(ndims) - 1, -1)
    for axis in axes:
        useful = [(e, g) for e, g in pairs if g.shape[axis] > 1]
        if not useful or not all(np.isfinite(g).all() and np.isfinite(e).all() for e, g in useful):
            continue
        got_flat = all(_constant_along(g, axis) for _, g in useful)
        expected_flat = all(_constant_along(e, axis) for e, _ in useful)
        if got_flat and not expected_flat:
            return Finding.say("axis", 0, words.CONSTANT_ALONG, axis=axis)
        if expected_flat and not got_flat:
            return Finding.say("axis", 1, words.VARIES_ALONG, axis=axis)
    return None
