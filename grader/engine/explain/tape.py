"""Taping the student's calls once, and replaying them to the property's own check.

Every relation the second stage of diagnosis claims is a statement of the form "the
student's outputs on input ``c``, changed by ``g``, pass the property's check on input
``T(c)``": ``g`` undoes a relation on the outputs (divide by 2, transpose...), ``T``
changes an argument (``p`` by ``1 - p``...).  So the student's functions are called only
to make a :class:`Tape` of each input (through :class:`Taping`, within a counted
:class:`Budget`), and every claim is then verified by :func:`passes`, which runs the
check against a :class:`Replay` of the tape: the grader's own comparison with PyTorch,
with the kit's tolerances (grader/define/compare.py), decides, never a looser one.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.define.spec import Case, Property
from grader.isolation.calls import CallRecord, Forwarding, Implementation, StudentError


class BudgetSpent(Exception):
    """More student calls than the budget allows: the input being taped is dropped."""


@dataclass
class Budget:
    """Student calls the second stage may still make: counted, never timed, so the
    explanation is the same on every run."""

    calls: int

    def spend(self) -> None:
        if self.calls <= 0:
            raise BudgetSpent()
        self.calls -= 1


@dataclass(frozen=True)
class Step:
    """One student call as the check made it: what it returned, or the error it raised."""

    function: str
    value: Any
    error: StudentError | None
    record: CallRecord


@dataclass
class Tape:
    """The student's calls while the check ran on one input, and how the check ended."""

    case: Case
    steps: list[Step] = field(default_factory=list)
    failure: BaseException | None = None  # PropertyFailure or StudentError; None if passed


class Taping(Forwarding):
    """Forwards to the student's implementation (in-process or worker), spending the
    budget and keeping every value returned, caches included (a replay hands them back
    to the check, which only ever passes them on)."""

    def __init__(self, inner: Implementation, budget: Budget) -> None:
        super().__init__(inner)
        self.budget = budget
        self.steps: list[Step] = []

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        self.budget.spend()
        try:
            value = self.inner.call(function, *args, **kwargs)
        except StudentError as err:
            self.steps.append(Step(function, None, err, CallRecord(function)))
            raise
        record = self.inner.last
        kept = CallRecord(record.function, list(record.mutated), list(record.warnings))
        self.steps.append(Step(function, value, None, kept))
        return value

    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        raise AssertionError("Taping.call forwards to the wrapped implementation")


class Diverged(Exception):
    """The check asked a replay for another call than the tape holds."""


# A change to one taped step's value: (step, value) -> new value.
Change = Callable[[Step, Any], Any]


class Replay(Implementation):
    """Answers the check's calls from a tape, in order, each value passed through
    ``change``; the arguments the check passes are not looked at."""

    def __init__(
        self, params: dict[str, tuple[str, ...]], steps: list[Step], change: Change | None
    ):
        super().__init__(params)
        self.steps = steps
        self.change = change
        self.used = 0

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        if self.used >= len(self.steps) or self.steps[self.used].function != function:
            raise Diverged(function)
        step = self.steps[self.used]
        self.used += 1
        self.last = step.record
        if step.error is not None:
            raise step.error
        return self.change(step, step.value) if self.change else step.value

    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        raise AssertionError("Replay.call answers from the tape")


def passes(
    prop: Property,
    params: dict[str, tuple[str, ...]],
    tape: Tape,
    case: Case | None = None,
    change: Change | None = None,
) -> bool:
    """Does the check pass on ``case`` (default: the taped input) when the student's taped
    outputs, changed by ``change``, answer its calls?  Only a check that returns normally
    and asks for exactly the taped calls counts: anything else (a failure, a reference
    that refuses the changed input, a different sequence of calls) is "no"."""
    replay = Replay(params, tape.steps, change)
    try:
        # A changed input can make the grader's own arithmetic divide by zero (a bound
        # of 0 with `gain` = 0): that is a "no", not a warning for the student to read.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            prop.check(replay, tape.case if case is None else case)
    except Exception:
        return False
    return replay.used == len(tape.steps)
