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
from collections.abc import Callable, Iterator, Sequence
from typing import Any

try:
    import greenlet
except ImportError:  # pragma: no cover - a dependency; without it, calls go one by one
    greenlet = None

from grader.isolation.calls import Call, CallRecord, Chain, Implementation, chain_steps

# How many inputs are in flight at once: the size of a round.  Beyond ~100 the round
# trips are no longer what grading waits for.
WIDTH = 128
AVAILABLE = greenlet is not None


class _Cancelled(BaseException):
    """Ends a check whose input no longer matters (an earlier input failed).  A
    BaseException so that no ``except Exception`` in a check can swallow it."""


class _Task(Implementation):
    """One input's check, and the implementation it sees: ``call`` parks the call."""

    def __init__(self, job: int, index: int, owner: str, shared: Implementation) -> None:
        # Not Implementation.__init__: the sticky errors are the shared implementation's.
        self.params = shared.params
        self.last = CallRecord()
        self._sticky = shared._sticky
        self.job = job
        self.index = index
        self.owner = owner
        self.pending: Call | None = None
        self.done = False
        self.error: BaseException | None = None
        self.greenlet: Any = None

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        self.pending = Call(function, args, kwargs, self.owner)
        # Parked: back to the coordinator, until the round with this call is answered.
        outcome = self.greenlet.parent.switch()
        if isinstance(outcome, BaseException):
            raise outcome
        value, self.last = outcome
        return value

    def call_chain(self, function: str, chain: Chain) -> Iterator[Any]:
        # The whole chain is parked as one call: its steps travel in one round.
        self.pending = Call(function, (), {}, self.owner, chain)
        made = self.greenlet.parent.switch()
        if isinstance(made, BaseException):
            raise made
        return chain_steps(self, function, chain, made)

    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        raise AssertionError("a task's calls are parked by call(), never made directly")


Check = Callable[[Implementation, Any], None]


def first_failure(
    check: Check,
    cases: Sequence[Any],
    impl: Implementation,
    width: int = WIDTH,
) -> tuple[int, BaseException] | None:
    """Run ``check(impl, case)`` for every case, in rounds of calls; return the smallest
    index whose check raised, with what it raised, or None when every check passed."""
    return first_failures([(check, cases, "")], impl, width)[0]


def first_failures(
    jobs: Sequence[tuple[Check, Sequence[Any], str]],
    impl: Implementation,
    width: int = WIDTH,
) -> list[tuple[int, BaseException] | None]:
    """:func:`first_failure` for several properties at once, ``(check, cases, owner)``
    each: their calls share rounds, so a topic's properties take as many round trips
    as its longest check needs, not the sum of them all (a third of a correct
    submission's grading time was spent on round trips of four calls or fewer).  Each
    call carries its property's id as ``owner`` (for
    :meth:`grader.isolation.worker_client.WorkerImplementation.call_round`'s sharing).
    The result, per job, is what :func:`first_failure` would give for it alone."""
    count = len(jobs)
    in_flight: list[_Task] = []
    failures: list[dict[int, BaseException]] = [{} for _ in jobs]
    next_index = [0] * count
    # The first input of each job goes alone: work that fails, fails on it more often
    # than not (a function not started, a wrong formula), and then the job's other
    # inputs are never run.  The rest start once it has had a round (or has ended).
    opened = [False] * count
    cutoff = [len(cases) for _, cases, _ in jobs]  # first failing index so far, per job

    def start(task: _Task) -> None:
        check, cases, _ = jobs[task.job]
        task.greenlet = _runner()
        task.greenlet.switch((check, cases[task.index], task))  # until it parks or ends
        _if_done(task)

    def resume(task: _Task, outcome: Any) -> None:
        task.pending = None
        task.greenlet.switch(outcome)  # returns when it parks again or finishes
        _if_done(task)

    try:
        while True:
            # Failures first: an input that has just failed must stop later ones of its
            # job from being started (the first input, alone, fails most often).
            finished = [t for t in in_flight if t.done]
            if finished:
                in_flight = [t for t in in_flight if not t.done]
            for task in finished:
                opened[task.job] = True
                if task.error is not None and not isinstance(task.error, _Cancelled):
                    failures[task.job][task.index] = task.error
                    cutoff[task.job] = min(cutoff[task.job], task.index)
            started = False
            for job in range(count):
                while (
                    len(in_flight) < width
                    and next_index[job] < cutoff[job]
                    and (opened[job] or next_index[job] == 0)
                ):
                    task = _Task(job, next_index[job], jobs[job][2], impl)
                    next_index[job] += 1
                    in_flight.append(task)
                    start(task)  # runs the check up to its first call
                    started = True
            if started:
                continue  # checks that finished without a call: record them first
            stale = [t for t in in_flight if t.index > cutoff[t.job]]
            if stale:
                for task in stale:
                    resume(task, _Cancelled())
                continue
            if not in_flight:
                break
            outcomes = impl.call_round([t.pending for t in in_flight])  # type: ignore[misc]
            for task, outcome in zip(list(in_flight), outcomes):
                opened[task.job] = True
                resume(task, outcome)
    except BaseException:
        # The implementation itself failed (a GraderError): end every parked check.
        for task in in_flight:
            if not task.done:
                resume(task, _Cancelled())
        raise
    results: list[tuple[int, BaseException] | None] = []
    for found in failures:
        first = min(found) if found else None
        results.append(None if first is None else (first, found[first]))
    return results


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


__all__ = ["AVAILABLE", "WIDTH", "first_failure", "first_failures"]
