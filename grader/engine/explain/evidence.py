"""What the second stage of diagnosis looks at: the student's tapes on a few inputs,
and, where the check compared one output with PyTorch's, that output beside PyTorch's.

Inputs: the failing ones shown to the student, then the next inputs of the property's own
fixed list (:func:`grader.engine.examples.examples_for`), drawn ones first, until
:data:`MAX_INPUTS` are taped or the :class:`~grader.engine.explain.tape.Budget` of student
calls is spent.  Same submission, same inputs, same explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.define.compare import PropertyFailure
from grader.define.spec import Case, Property
from grader.engine.examples import examples_for
from grader.engine.explain.tape import Budget, BudgetSpent, Step, Tape, Taping
from grader.isolation.calls import Implementation, StudentError

# At most this many inputs, and this many calls of the student's functions (through the
# worker in the grader) for all of them together: as many inputs as the calls allow, for
# a claim is only as good as the inputs it was checked on (on six inputs, a size that
# ignores the padding was "exactly 1 less" every time).  The checks of the optimizers
# make a dozen calls per input; most others one or two.
MAX_INPUTS = 12
MAX_CALLS = 24
# Inputs a detector may add to tell two explanations apart, and the calls kept back for
# them (out of MAX_CALLS) when the first inputs are taped.
EXTRA_INPUTS = 3
RESERVED_CALLS = 6


@dataclass(frozen=True)
class Slot:
    """Where the compared output comes from: the ``occurrence``-th call of ``function``,
    and the position in its returned tuple (None: the whole value)."""

    function: str
    occurrence: int
    position: int | None


@dataclass
class Evidence:
    """The tapes, the params of the contract, and the compared output (if one is found)."""

    prop: Property
    impl: Implementation
    budget: Budget
    params: dict[str, tuple[str, ...]]
    tapes: list[Tape]
    slot: Slot | None
    # Per tape: (expected, got) of the compared output as float arrays, or None where it
    # is not known (the check failed on something else, or the student's code raised).
    pairs: list[tuple[np.ndarray, np.ndarray] | None]
    label: str  # the compared output's name in the failure ("f's dx")
    problem: Any  # the shown failure's message (a Text): other inputs' failures compared to it

    @property
    def shown(self) -> Tape:
        return self.tapes[0]

    def untaped(self) -> list[Case]:
        """The property's inputs not looked at yet, in the order they would be taped."""
        return [c for c in _richest_first(self.prop) if all(c is not t.case for t in self.tapes)]

    def add(self, case: Case) -> bool:
        """Tape one more input (chosen by a detector to tell two explanations apart);
        False when the budget does not allow it or there is room for no more."""
        if len(self.tapes) >= MAX_INPUTS + EXTRA_INPUTS:
            return False
        tape = _tape(self.prop, self.impl, case, self.budget)
        if tape is None:
            return False
        self.tapes.append(tape)
        self.pairs.append(_pair_for(tape, self.slot, self.label, self.problem))
        return True


def part(value: Any, position: int | None) -> Any:
    if position is None:
        return value
    if isinstance(value, (tuple, list)) and position < len(value):
        return value[position]
    return None


def _parts(value: Any) -> list[tuple[int | None, Any]]:
    if isinstance(value, (tuple, list)):
        return list(enumerate(value))
    return [(None, value)]


def _tape(prop: Property, impl: Implementation, case: Case, budget: Budget) -> Tape | None:
    """The tape of one input; None when the budget ran out before its check ended."""
    taping = Taping(impl, budget)
    tape = Tape(case)
    try:
        prop.check(taping, case)
    except BudgetSpent:
        return None
    except (PropertyFailure, StudentError) as exc:
        tape.failure = exc
    tape.steps = taping.steps
    return tape


def tape_inputs(
    prop: Property, impl: Implementation, shown: list[Case], budget: Budget
) -> list[Tape]:
    """Tapes of the shown failing inputs, then of more of the property's inputs."""
    shown_content = {_content(s) for s in shown}
    extras = [c for c in _richest_first(prop) if _content(c) not in shown_content]
    tapes: list[Tape] = []
    for case in [*shown, *extras]:
        if len(tapes) == MAX_INPUTS:
            break
        tape = _tape(prop, impl, case, budget)
        if tape is None:
            break
        tapes.append(tape)
    return tapes


def _richest_first(prop: Property) -> list[Case]:
    """The property's inputs, those with the most distinct non-zero numbers first (then
    in their fixed order): Hypothesis's first inputs are tiny and full of zeros, on
    which "your output is all zeros" or "equals PyTorch's with ``dout`` = 0" can be true
    and say nothing.  Depends only on the inputs, so the choice is the same every run."""
    if prop in _ORDER:
        return _ORDER[prop]
    inputs, seen = [], set()
    for case in examples_for(prop):  # an explicit input may also have been drawn
        key = _content(case)
        if key not in seen:
            seen.add(key)
            inputs.append(case)
    order = sorted(range(len(inputs)), key=lambda i: (-_richness(inputs[i]), i))
    _ORDER[prop] = [inputs[i] for i in order]
    return _ORDER[prop]


# Per property (identity-hashed), for the process: the inputs never change within it.
_ORDER: dict[Property, list[Case]] = {}


def _content(case: Case) -> tuple:
    return tuple(
        (k, v.dtype.str, v.shape, v.tobytes()) if isinstance(v, np.ndarray) else (k, repr(v))
        for k, v in case.items()
    )


def _richness(case: Case) -> int:
    count = 0
    for value in case.values():
        if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
            finite = value[np.isfinite(value)] if value.dtype.kind == "f" else value
            count += min(len(np.unique(finite[finite != 0])), 64)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and value != 0:
            count += 1
    return count


def _as_pair(failure: PropertyFailure) -> tuple[np.ndarray, np.ndarray] | None:
    """The compared values of a failure about numbers, as float arrays."""
    if failure.got is not None and failure.expected is not None:
        got, expected = failure.got, failure.expected
    elif "got_value" in failure.fields and "want_value" in failure.fields:
        got, expected = failure.fields["got_value"], failure.fields["want_value"]
    else:
        return None
    try:
        got = np.asarray(got, dtype=np.float64)
        expected = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return (expected, got) if got.shape == expected.shape else None


def _find_slot(tape: Tape) -> Slot | None:
    """The taped return value the failure compared (the same object, or equal numbers)."""
    failure = tape.failure
    if not isinstance(failure, PropertyFailure):
        return None
    target = failure.got if failure.got is not None else failure.fields.get("got_value")
    shape = failure.fields.get("got_shape")  # a wrong shape is reported without the array
    if target is None and shape is None:
        return None
    seen: dict[str, int] = {}
    matches = []
    for step in tape.steps:
        occurrence = seen.get(step.function, 0)
        seen[step.function] = occurrence + 1
        for position, value in _parts(step.value):
            if target is None:
                found = isinstance(value, np.ndarray) and value.shape == tuple(shape)
            else:
                found = value is target or _same_numbers(value, target)
            if found:
                matches.append(Slot(step.function, occurrence, position))
    if len({(m.function, m.occurrence) for m in matches}) == 1:
        # One call returning the same array twice (an activation's out and its cache):
        # the first is the output, the other the cache that holds it.
        return matches[0]
    return None


def _same_numbers(value: Any, target: Any) -> bool:
    if isinstance(value, (bool, np.bool_)) or isinstance(target, (bool, np.bool_)):
        return False
    try:
        a = np.asarray(value, dtype=np.float64)
        b = np.asarray(target, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and a.tobytes() == b.tobytes()


def slot_value(tape: Tape, slot: Slot) -> Any:
    """The slot's value on a tape, or None where that call is not on it."""
    found = [s for s in tape.steps if s.function == slot.function]
    if slot.occurrence >= len(found) or found[slot.occurrence].error is not None:
        return None
    return part(found[slot.occurrence].value, slot.position)


def _pair_for(
    tape: Tape, slot: Slot | None, label: str, problem: Any
) -> tuple[np.ndarray, np.ndarray] | None:
    """The compared output beside PyTorch's on one tape, where it is known."""
    failure = tape.failure
    if isinstance(failure, PropertyFailure) and str(failure.fields.get("what", "")) == label:
        return _as_pair(failure) if failure.problem is problem else None
    if failure is None and slot is not None:
        value = slot_value(tape, slot)
        if value is None:
            return None
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            return None
        return array, array  # the check passed: the output is PyTorch's, within tolerance
    return None


def gather(
    prop: Property, impl: Implementation, shown: list[Case], params: dict[str, tuple[str, ...]]
) -> Evidence | None:
    """Tape the inputs and find the compared output; None when there is nothing to explain
    (the shown failure does not repeat, or it is not a wrong value: an error, a refusal)."""
    budget = Budget(MAX_CALLS - RESERVED_CALLS)
    tapes = tape_inputs(prop, impl, shown, budget)
    if not tapes or not isinstance(tapes[0].failure, PropertyFailure):
        return None
    budget.calls += RESERVED_CALLS
    first = tapes[0].failure
    label = str(first.fields.get("what", ""))
    slot = _find_slot(tapes[0])
    pairs = [_pair_for(tape, slot, label, first.problem) for tape in tapes]
    return Evidence(prop, impl, budget, params, tapes, slot, pairs, label, first.problem)


def step_part_changer(slot: Slot, fn: Any) -> Any:
    """A replay change applying ``fn`` to the slot's part of every call of its function
    (a relation of one output holds for every call, not only the compared one)."""

    def change(step: Step, value: Any) -> Any:
        if step.function != slot.function:
            return value
        if slot.position is None:
            return fn(value)
        if not isinstance(value, (tuple, list)) or slot.position >= len(value):
            return value
        items = list(value)
        items[slot.position] = fn(items[slot.position])
        return type(value)(items) if isinstance(value, tuple) else items

    return change
