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
# worker in the grader) for all of them together.  The checks of the optimizers make a
# dozen calls per input; most others one or two.
MAX_INPUTS = 6
MAX_CALLS = 24


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
    params: dict[str, tuple[str, ...]]
    tapes: list[Tape]
    slot: Slot | None
    # Per tape: (expected, got) of the compared output as float arrays, or None where it
    # is not known (the check failed on something else, or the student's code raised).
    pairs: list[tuple[np.ndarray, np.ndarray] | None]
    label: str  # the compared output's name in the failure ("relu_backward's dx")

    @property
    def shown(self) -> Tape:
        return self.tapes[0]


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


def tape_inputs(prop: Property, impl: Implementation, shown: list[Case]) -> list[Tape]:
    """Tapes of the shown failing inputs, then of more of the property's inputs."""
    budget = Budget(MAX_CALLS)
    extras = [c for c in _drawn_first(prop) if all(c is not s for s in shown)]
    tapes: list[Tape] = []
    for case in [*shown, *extras]:
        if len(tapes) == MAX_INPUTS:
            break
        taping = Taping(impl, budget)
        tape = Tape(case)
        try:
            prop.check(taping, case)
        except BudgetSpent:
            break
        except (PropertyFailure, StudentError) as exc:
            tape.failure = exc
        tape.steps = taping.steps
        tapes.append(tape)
    return tapes


def _drawn_first(prop: Property) -> list[Case]:
    inputs = list(examples_for(prop))
    explicit = len(prop.examples)
    return inputs[explicit:] + inputs[:explicit]


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
    return matches[0] if len(matches) == 1 else None


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


def gather(
    prop: Property, impl: Implementation, shown: list[Case], params: dict[str, tuple[str, ...]]
) -> Evidence | None:
    """Tape the inputs and find the compared output; None when there is nothing to explain
    (the shown failure does not repeat, or it is not a wrong value: an error, a refusal)."""
    tapes = tape_inputs(prop, impl, shown)
    if not tapes or not isinstance(tapes[0].failure, PropertyFailure):
        return None
    first = tapes[0].failure
    label = str(first.fields.get("what", ""))
    slot = _find_slot(tapes[0])
    pairs: list[tuple[np.ndarray, np.ndarray] | None] = []
    for tape in tapes:
        failure = tape.failure
        if isinstance(failure, PropertyFailure) and str(failure.fields.get("what", "")) == label:
            pairs.append(_as_pair(failure) if failure.problem is first.problem else None)
        elif failure is None and slot is not None:
            value = slot_value(tape, slot)
            try:
                array = np.asarray(value, dtype=np.float64)
            except (TypeError, ValueError):
                array = None
            pairs.append(None if value is None or array is None else (array, array))
        else:
            pairs.append(None)
    return Evidence(prop, params, tapes, slot, pairs, label)


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
