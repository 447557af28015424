"""Checking many inputs of one property at once, so their calls travel in rounds.

A property's check is ordinary sequential code (``out = impl.call(...)``, then compare).
Run one input after another against a worker process, every call is a round trip, and
the round trips were most of the grading time.  Here each input's check runs in a
greenlet of its own, and every call it makes is parked until all the checks in flight
are parked or finished; then the parked calls go to the implementation together, as one
*round*, in input order (:meth:`grader.isolation.calls.Implementation.call_round`).

Greenlets, not threads: only one check runs at a time, resumed by the coordinator in
input order until it parks again, so everything is as deterministic as the sequential
loop (which calls make up a round, and the order the student's code sees them in, depend
only on the replies) and the kit's own code never runs concurrently with itself.  A
switch between greenlets costs about a microsecond; a hand-off between threads cost
~120 us on the machine we measured (``benchmarks/bench_grading.py``), as much as the
round trip it was meant to save.  A greenlet whose check has ended is parked and runs a
later check (of this property or the next): making one per input cost a 16 KB stack chunk
mapped and unmapped each time, 13% of the grader's CPU.

The verdict is the same as the sequential loop's: the failure at the smallest input
index.  Once an input has failed, later inputs are not started, and calls from later
inputs still in flight are not sent (their checks are cancelled).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

try:
    import greenlet
except ImportError:  # pragma: no cover - a dependency; without it, calls go one by one
    greenlet = None

from grader.isolation.calls import Call, CallRecord, Implementation

# How many inputs are in flight at once: the size of a round.  Beyond ~100 the round
# trips are no longer what grading waits for.
WIDTH = 128
AVAILABLE = greenlet is not None


class _Cancelled(BaseException):
    """Ends a check whose input no longer matters (an earlier input failed).  A
    BaseException so that no ``except Exception`` in a check can swallow it."""


class _Task(Implementation):
    """One input's check, and the implementation it sees: ``call`` parks the call."""

    def __init__(self, index: int, shared: Implementation) -> None:
        # Not Implementation.__init__: the sticky errors are the shared implementation's.
        self.params = shared.params
        self.last = CallRecord()
        self._sticky = shared._sticky
        self.index = index
        self.pending: Call | None = None
        self.done = False
        self.error: BaseException | None = None
        self.greenlet: Any = None

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        self.pending = Call(function, args, kwargs)
        # Parked: back to the coordinator, until the round with this call is answered.
        outcome = self.greenlet.parent.switch()
        if isinstance(outcome, BaseException):
            raise outcome
        value, self.last = outcome
        return value

    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        raise AssertionError("a task's calls are parked by call(), never made directly")


def first_failure(
    check: Callable[[Implementation, Any], None],
    cases: Sequence[Any],
    impl: Implementation,
    width: int = WIDTH,
) -> tuple[int, BaseException] | None:
    """Run ``check(impl, case)`` for every case, in rounds of calls; return the smallest
    index whose check raised, with what it raised, or None when every check passed."""
    in_flight: list[_Task] = []
    failures: dict[int, BaseException] = {}
    next_index = 0
    # The first input goes alone: work that fails, fails on it more often than not (a
    # function not started, a wrong formula), and then the other inputs are never run.
    room = 1
    cutoff = len(cases)  # the first failing index so far: later inputs need not run

    def start(task: _Task) -> None:
        task.greenlet = _runner()
        task.greenlet.switch((check, cases[task.index], task))  # until it parks or ends
        _if_done(task)

    def resume(task: _Task, outcome: Any) -> None:
        task.pending = None
        task.greenlet.switch(outcome)  # returns when it parks again or finishes
        _if_done(task)

    try:
        while True:
            # Failures first: an input that has just failed must stop later ones from
            # being started (the first input, alone in its round, fails most often).
            finished = [t for t in in_flight if t.done]
            if finished:
                in_flight = [t for t in in_flight if not t.done]
            for task in finished:
                if task.error is not None and not isinstance(task.error, _Cancelled):
                    failures[task.index] = task.error
                    cutoff = min(cutoff, task.index)
            started = False
            while len(in_flight) < room and next_index < cutoff:
                task = _Task(next_index, impl)
                next_index += 1
                in_flight.append(task)
                start(task)  # runs the check up to its first call
                started = True
            if started:
                continue  # checks that finished without a call: record them first
            stale = [t for t in in_flight if t.index > cutoff]
            if stale:
                for task in stale:
                    resume(task, _Cancelled())
                continue
            if not in_flight:
                break
            outcomes = impl.call_round([t.pending for t in in_flight])  # type: ignore[misc]
            room = width
            for task, outcome in zip(list(in_flight), outcomes):
                resume(task, outcome)
    except BaseException:
        # The implementation itself failed (a GraderError): end every parked check.
        for task in in_flight:
            if not task.done:
                resume(task, _Cancelled())
        raise
    if not failures:
        return None
    first = min(failures)
    return first, failures[first]


# Greenlets whose check has ended, parked to run another: every new greenlet that runs
# Python code maps a 16 KB stack chunk and unmaps it when it ends (two system calls and
# fresh pages, ~14 us), and a submission's checks run some 3,000 inputs.  Per thread,
# since a greenlet only ever runs in the thread that made it.
_parked = threading.local()
_MAX_PARKED = 2 * WIDTH


def _run_checks(job: tuple[Callable[[Implementation, Any], None], Any, _Task]) -> None:
    """A runner's life: one check after another, each handed over by ``switch``."""
    while True:
        check, case, task = job
        try:
            check(task, case)
        except BaseException as exc:  # handed to the coordinator, which decides
            task.error = exc
        finally:
            task.done = True
        job = greenlet.getcurrent().parent.switch()  # parked until the next check


def _runner() -> Any:
    parked = getattr(_parked, "runners", None)
    while parked:
        runner = parked.pop()
        if not runner.dead:
            runner.parent = greenlet.getcurrent()
            return runner
    return greenlet.greenlet(_run_checks)


def _if_done(task: _Task) -> None:
    """Park the runner of a check that has just ended."""
    if task.done:
        parked = _parked.__dict__.setdefault("runners", [])
        if len(parked) < _MAX_PARKED and not task.greenlet.dead:
            parked.append(task.greenlet)
        task.greenlet = None


__all__ = ["AVAILABLE", "WIDTH", "first_failure"]
