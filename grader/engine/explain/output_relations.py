"""Detectors of a relation between the student's output and PyTorch's on the same input.

* :func:`form`: the right numbers in the wrong form (dtype, type, order of the returned
  values, axes, shape, reversed order);
* :func:`simpler_output`: the output is one of the arguments unchanged, or all zeros;
* :func:`ratio`: exactly a constant times PyTorch's (2, ``1 / x.shape[0]``, ``1 / (1 - p)``);
* :func:`offset`: PyTorch's plus a constant or an argument (an integer off by one);
* :func:`sometimes_off_by_one`: an integer that is right or off by exactly one.

Each candidate relation is turned into a change of the student's taped outputs that would
undo it (divide by the constant, transpose back...) and kept only if the property's check
then passes on every taped input (:func:`grader.engine.explain.findings.holds`).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from grader.define import compare
from grader.define.compare import close_mask
from grader.engine.explain import words
from grader.engine.explain.evidence import Evidence, Slot, slot_value, step_part_changer
from grader.engine.explain.findings import Candidate, Finding, choose, holds
from grader.engine.explain.quantities import Quantity, array_arguments, quantities
from grader.engine.explain.tape import Change, Step, Tape


def _fixed(change: Change) -> Any:
    """The same change on every input."""
    return lambda tape: change


def _on_slot(slot: Slot, fn: Any) -> Any:
    return _fixed(step_part_changer(slot, fn))


def _shown_value(ev: Evidence) -> Any:
    return None if ev.slot is None else slot_value(ev.shown, ev.slot)


# --- the right numbers in the wrong form ---------------------------------------------------


def _cast_all(step: Step, value: Any) -> Any:
    """Every array of a returned value as float64 (the dtype every output must have)."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiub":
        return value.astype(np.float64)
    if isinstance(value, tuple):
        return tuple(_cast_all(step, v) for v in value)
    return value


def form(ev: Evidence) -> Finding | None:
    failure = ev.shown.failure
    if not isinstance(failure, compare.PropertyFailure):
        return None
    problem, fields = failure.problem, failure.fields
    if problem is compare.WRONG_DTYPE:
        if holds(ev, _fixed(_cast_all)):
            return Finding.say("form", 0, words.FORM_DTYPE, dtype=fields["got_dtype"])
        return None
    got = _shown_value(ev)
    if ev.slot is None or got is None:
        return None
    slot = ev.slot
    if problem is compare.WRONG_TYPE and isinstance(got, (list, tuple)):
        if holds(ev, _on_slot(slot, lambda v: np.asarray(v, dtype=np.float64))):
            return Finding.say("form", 0, words.FORM_TYPE, kind=compare.describe(got))
        return None
    swapped = _swapped_returns(ev, slot)
    if swapped is not None:
        return swapped
    if not isinstance(got, np.ndarray):
        return None
    if problem is compare.WRONG_SHAPE:
        return _reshaped(ev, slot, got, tuple(fields["want_shape"]))
    if problem is compare.WRONG_VALUES:
        return _reordered(ev, slot, got)
    return None


def _swapped_returns(ev: Evidence, slot: Slot) -> Finding | None:
    if slot.position is None:
        return None
    step = next(s for s in ev.shown.steps if s.function == slot.function)
    values = step.value
    mine = values[slot.position]
    for other, theirs in enumerate(values):
        if other == slot.position or type(theirs) is not type(mine):
            continue
        if np.shape(theirs) != np.shape(mine):
            continue
        i, j = sorted((slot.position, other))

        def swap(step: Step, value: Any, i: int = i, j: int = j) -> Any:
            if step.function != slot.function or not isinstance(value, (tuple, list)):
                return value
            items = list(value)
            items[i], items[j] = items[j], items[i]
            return type(value)(items)

        if holds(ev, _fixed(swap)):
            return Finding.say("form", 1, words.FORM_SWAPPED, first=i + 1, second=j + 1)
    return None


def _reshaped(ev: Evidence, slot: Slot, got: np.ndarray, want: tuple[int, ...]) -> Finding | None:
    for order in itertools.permutations(range(got.ndim)):
        if order != tuple(range(got.ndim)) and tuple(got.shape[i] for i in order) == want:
            found = _axes(ev, slot, order)
            if found is not None:
                return found
    if got.size != int(np.prod(want)):
        return None

    def reshape_to_expected(tape: Tape) -> Change | None:
        # Each input has its own expected shape: the one its failure names (an input
        # that passed needs no reshaping).
        failure = tape.failure
        if failure is None:
            return lambda step, value: value
        if not isinstance(failure, compare.PropertyFailure) or "want_shape" not in failure.fields:
            return None
        shape = tuple(failure.fields["want_shape"])
        return step_part_changer(
            slot, lambda v: np.reshape(v, shape) if np.size(v) == np.prod(shape) else v
        )

    if holds(ev, reshape_to_expected):
        return Finding.say(
            "form", 4, words.FORM_RESHAPE, got_shape=tuple(got.shape), want_shape=want
        )
    return None


def _axes(ev: Evidence, slot: Slot, order: tuple[int, ...]) -> Finding | None:
    def permute(v: Any) -> Any:
        return np.transpose(v, order) if isinstance(v, np.ndarray) and v.ndim == len(order) else v

    if not holds(ev, _on_slot(slot, permute)):
        return None
    if order == (1, 0):
        return Finding.say("form", 2, words.FORM_TRANSPOSE)
    return Finding.say("form", 3, words.FORM_AXES, order=order)


def _reordered(ev: Evidence, slot: Slot, got: np.ndarray) -> Finding | None:
    if got.ndim >= 2:
        for order in itertools.permutations(range(got.ndim)):
            shaped = tuple(got.shape[i] for i in order) == got.shape
            if order != tuple(range(got.ndim)) and shaped:
                found = _axes(ev, slot, order)
                if found is not None:
                    return found
    for axis in range(got.ndim):
        if got.shape[axis] > 1:
            flip = _on_slot(slot, lambda v, axis=axis: np.flip(v, axis) if np.ndim(v) > axis else v)
            if holds(ev, flip):
                return Finding.say("form", 5, words.FORM_FLIP, axis=axis)
    return None


# --- the output is something simpler ------------------------------------------------------


def simpler_output(ev: Evidence) -> Finding | None:
    if any(pair is None for pair in ev.pairs):
        return None
    pairs = [pair for pair in ev.pairs if pair is not None]
    # Only on evidence of more than one element: a one-element output that is 0 says
    # little about how the function computes.
    several = any(np.count_nonzero(e) > 1 or np.count_nonzero(g) > 1 for e, g in pairs)
    if not several:
        return None
    if all(not got.any() for _, got in pairs) and any(expected.any() for expected, _ in pairs):
        return Finding.say("simpler_output", 0, words.ALL_ZEROS)
    for key in array_arguments(ev.shown.case):
        matches, differs = True, False
        for tape, (expected, got) in zip(ev.tapes, pairs):
            arg = tape.case.get(key)
            if not isinstance(arg, np.ndarray) or arg.shape != got.shape:
                matches = False
                break
            if not close_mask(got, arg).all():
                matches = False
                break
            differs |= not bool(close_mask(expected, arg).all())
        if matches and differs:
            return Finding.say("simpler_output", 1, words.EQUALS_INPUT, arg=key)
    return None


# --- a constant between yours and PyTorch's -----------------------------------------------


def _constant(values: np.ndarray) -> float | None:
    """The one value every element holds (within the kit's tolerance), else None."""
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    first = float(values.flat[0])
    if close_mask(values, np.full(values.shape, first)).all():
        return first
    return None


def _same(a: float, b: float) -> bool:
    return bool(close_mask(np.array([a]), np.array([b])).all())


def _ratio_of(expected: np.ndarray, got: np.ndarray) -> float | None:
    finite = np.isfinite(expected) & np.isfinite(got)
    if not finite.all():
        return None
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    nonzero = np.abs(expected) > compare.ATOL * scale
    if not nonzero.any():
        return None
    with np.errstate(all="ignore"):
        return _constant(got[nonzero] / expected[nonzero])


def ratio(ev: Evidence) -> Finding | None:
    pair = ev.pairs[0]
    if pair is None or ev.slot is None:
        return None
    found = _ratio_of(*pair)
    if found is None or _same(found, 1.0) or _same(found, 0.0):
        return None
    case = ev.shown.case
    holding = []
    for q in quantities(case):
        value = q.value(case)
        if value is None or not _same(value, found):
            continue
        change = _scaled(ev.slot, q, divide=True)
        if holds(ev, change):
            holding.append(Candidate(_ratio_words(q, value), _verifier(ev, change), q.value))
    return choose(ev, holding)


def _verifier(ev: Evidence, change: Any) -> Any:
    return lambda tapes: holds(ev, change, tapes=tapes)


def _ratio_words(q: Quantity, value: float) -> Finding:
    if q.numeric and q.name == "-1":
        return Finding.say("ratio", q.complexity, words.OPPOSITE_SIGN)
    if q.numeric:
        return Finding.say("ratio", q.complexity, words.RATIO, c=q.name)
    return Finding.say("ratio", q.complexity, words.RATIO_HERE, c=q.name, value=f"{value:.6g}")


def _scaled(slot: Slot, q: Quantity, divide: bool) -> Any:
    def change_for(tape: Tape) -> Change | None:
        c = q.value(tape.case)
        if c is None or (divide and c == 0):
            return None
        return step_part_changer(slot, lambda v: v / c if divide else v - c)

    return change_for


def offset(ev: Evidence) -> Finding | None:
    pair = ev.pairs[0]
    if pair is None or ev.slot is None:
        return None
    expected, got = pair
    if not (np.isfinite(expected).all() and np.isfinite(got).all()):
        return None
    difference = got - expected
    found = _constant(difference)
    integral = _is_integral(_shown_value(ev))
    holding = []
    if found is not None and not _same(found, 0.0):
        case = ev.shown.case
        for q in quantities(case):
            if q.complexity > 2 or (q.numeric and q.name not in ("1", "-1", "2", "-2")):
                continue  # an offset by a size, or by 1/2, is no relation anyone makes
            value = q.value(case)
            if value is None or not _same(value, found):
                continue
            change = _scaled(ev.slot, q, divide=False)
            if holds(ev, change):
                holding.append(
                    Candidate(_offset_words(q, value, integral), _verifier(ev, change), q.value)
                )
    for key in array_arguments(ev.shown.case):
        for sign in (1.0, -1.0):
            change = _offset_by_argument(ev, key, sign, difference)
            if change is not None and holds(ev, change):
                text = words.PLUS if sign > 0 else words.MINUS
                finding = Finding.say("offset", 3, text, c=f"`{key}`")
                holding.append(Candidate(finding, _verifier(ev, change)))
    return choose(ev, holding)


def _offset_words(q: Quantity, value: float, integral: bool) -> Finding:
    if integral and q.numeric and q.name in ("1", "-1"):
        return Finding.say("offset", 0, words.ONE_MORE if value > 0 else words.ONE_LESS)
    if q.numeric and value < 0:
        return Finding.say("offset", q.complexity, words.MINUS, c=f"{-value:g}")
    return Finding.say("offset", q.complexity, words.PLUS, c=q.name)


def _offset_by_argument(ev: Evidence, key: str, sign: float, difference: np.ndarray) -> Any:
    """The change undoing "PyTorch's plus sign * the argument ``key``" if that is the
    difference on the shown input, else None."""
    arg = ev.shown.case.get(key)
    try:
        spread = np.broadcast_to(sign * arg, difference.shape)
    except ValueError:
        return None
    if not close_mask(difference, spread).all():
        return None
    slot = ev.slot
    assert slot is not None

    def change_for(tape: Tape) -> Change | None:
        value = tape.case.get(key)
        if not isinstance(value, np.ndarray):
            return None

        def undo(v: Any) -> Any:
            try:
                return v - sign * np.broadcast_to(value, np.shape(v))
            except ValueError:
                return v

        return step_part_changer(slot, undo)

    return change_for


def _is_integral(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, np.integer)):
        return True
    return isinstance(value, np.ndarray) and value.dtype.kind in "iu"


def sometimes_off_by_one(ev: Evidence) -> Finding | None:
    """An integer result that is right on some inputs and off by exactly one (always the
    same way) on the others: a rounding or a count, not a formula."""
    if ev.slot is None or any(pair is None for pair in ev.pairs):
        return None
    if not all(_is_integral(slot_value(t, ev.slot)) for t in ev.tapes):
        return None
    differences = [got - expected for expected, got in (p for p in ev.pairs if p is not None)]
    for sign in (1.0, -1.0):
        right = sum(bool(np.all(d == 0)) for d in differences)
        off = sum(bool(np.all(d == sign)) for d in differences)
        if right and off and right + off == len(differences):
            text = words.SOMETIMES_ONE_MORE if sign > 0 else words.SOMETIMES_ONE_LESS
            return Finding.say("off_by_one", 0, text, right=right, off=off)
    return None
