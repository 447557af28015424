"""Calling student functions: the one interface properties use.

Properties never touch a student module directly; they call ``impl.call(name, *args)``.
In ``pytest exercises/`` the implementation is :class:`InProcess` (students are not
attacking themselves); the grader substitutes an implementation that forwards each call
to a sandboxed worker process.  Both raise :class:`StudentError` for anything that is not
a normal return, and both record, per call, which inputs the function modified and which
NumPy warnings it emitted.
"""

from __future__ import annotations

import importlib.util
import random
import signal
import sys
import threading
import traceback
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from grader.isolation.call_rules import arg_labels, mutated_args, snapshot

# Kinds of StudentError, each with its own wording in feedback.
NOT_IMPLEMENTED = "not_implemented"
RAISED = "raised"
TIMEOUT = "timeout"
CRASHED = "crashed"
MISSING = "missing"
IMPORT_FAILED = "import_failed"
FORBIDDEN = "forbidden"
FILE_MISSING = "file_missing"
BAD_OUTPUT = "bad_output"

# Kinds after which calling the same function again is pointless within one grading run:
# later calls fail at once with the same error instead of waiting again.
STICKY_KINDS = frozenset({TIMEOUT, CRASHED, MISSING, IMPORT_FAILED, FORBIDDEN, FILE_MISSING})


# The detail of a call refused because a cache it passes on lived in a worker that has
# died since: the student's code that died was not this call's (often another function's
# in the same round), so the call's function is not marked as crashing, and the grader
# checks the property again on its own (grader.engine.running.run_properties).
STALE_CACHE = "the cache came from a worker process that has died"


class StudentError(Exception):
    """A student function did not return normally (raised, hung, crashed, is missing...)."""

    def __init__(self, kind: str, function: str, detail: str = "", exc_type: str = "") -> None:
        super().__init__(f"{function}: {kind}: {exc_type} {detail}".strip())
        self.kind = kind
        self.function = function
        self.detail = detail
        self.exc_type = exc_type

    def met_by(self, function: str) -> StudentError:
        """The same error, as a call of `function` meets it (a module that cannot be
        imported fails each of its functions the same way)."""
        return StudentError(self.kind, function, self.detail, self.exc_type)


@dataclass
class CallRecord:
    """What happened in the most recent call, beside its return value."""

    function: str = ""
    mutated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Call:
    """One call of a student function, as a check asked for it."""

    function: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    # The property whose check made the call, when checks of several properties share a
    # round (grader.engine.lockstep); "" for the implementation's current property.
    owner: str = ""
    # Set for a chain of calls (Implementation.call_chain) sent as one: `args` and
    # `kwargs` are then empty and the steps are in the chain.
    chain: Chain | None = None


@dataclass(frozen=True)
class Chain:
    """Calls of one function made one after another, each fed by the one before (an
    optimizer's trajectory: step t+1 starts from the weights and state step t returned).

    ``steps`` holds each call's ``(args, kwargs)``; for every step but the first, each
    ``(position, item)`` of ``feed`` replaces positional argument ``position`` with item
    ``item`` of the previous step's return value (whatever ``steps`` holds there is
    ignored)."""

    steps: tuple[tuple[tuple[Any, ...], dict[str, Any]], ...]
    feed: tuple[tuple[int, int], ...]

    def args(self, t: int, previous: Any) -> tuple[Any, ...]:
        """Step t's positional arguments, given step t-1's return value."""
        args = self.steps[t][0]
        if t == 0:
            return args
        fed = list(args)
        for position, item in self.feed:
            fed[position] = previous[item]
        return tuple(fed)


# The kind of a chain step the worker did not make because an earlier step of the chain
# did not return (its arguments would have come from it): made one by one if a check
# asks for it (chain_steps).
NOT_REACHED = "not_reached"


class Implementation(ABC):
    """A set of student functions for one topic, callable by name."""

    # True when calls are cheaper in rounds (grader.engine.lockstep) than one at a time, as with
    # a worker process, where each call is otherwise a round trip.
    prefers_rounds = False

    def __init__(self, params: dict[str, tuple[str, ...]]) -> None:
        self.params = params
        self.last = CallRecord()
        self._sticky: dict[str, StudentError] = {}

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        if function in self._sticky:
            raise self._sticky[function]
        try:
            return self._call(function, args, kwargs)
        except StudentError as err:
            if err.kind in STICKY_KINDS:
                self._sticky[function] = err
            raise

    def call_round(self, calls: list[Call]) -> list[Any]:
        """Make `calls` in order and return what each came to: ``(value, record)``, or
        the StudentError it raised.  Implementations that can send them together."""
        outcomes: list[Any] = []
        for c in calls:
            if c.chain is not None:
                outcomes.append(self._chain_at_once(c.function, c.chain))
                continue
            try:
                outcomes.append((self.call(c.function, *c.args, **c.kwargs), self.last))
            except StudentError as err:
                outcomes.append(err)
        return outcomes

    def _chain_at_once(self, function: str, chain: Chain) -> list[Any]:
        """Every step of a chain, as a worker makes them (see :func:`chain_steps`)."""
        steps: list[Any] = []
        previous = None
        for t, (_, kwargs) in enumerate(chain.steps):
            try:
                args = chain.args(t, previous)
            except (TypeError, LookupError):  # nothing to feed the step with
                break
            try:
                previous = self.call(function, *args, **kwargs)
            except StudentError as err:
                steps.append(err)
                break
            steps.append((previous, self.last))
        missing = len(chain.steps) - len(steps)
        return steps + [StudentError(NOT_REACHED, function)] * missing

    def call_chain(self, function: str, chain: Chain) -> Iterator[Any]:
        """Make the chain's calls in order and yield each return value, with ``last`` set
        to its record; raise the StudentError of a step that does not return normally.
        A step is made only when the previous one has been taken (the check judges each
        before the next starts).  Implementations that can send the whole chain at once
        (a worker process) override this, with the same values."""
        return chain_steps(self, function, chain, [None] * len(chain.steps))

    @abstractmethod
    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Run one call; set ``self.last``; raise StudentError on anything abnormal."""

    def arg_labels(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str]:
        return arg_labels(self.params.get(function, ()), len(args), kwargs)


def chain_steps(impl: Implementation, function: str, chain: Chain, made: Any) -> Iterator[Any]:
    """:meth:`Implementation.call_chain`'s values from a chain sent as one: ``made`` is
    the StudentError that ended the chain as a whole (raised at its first step), or one
    outcome per step, ``(value, record)``, StudentError, or None for a step whose reply
    was lost when the worker died.  A step not made (None, NOT_REACHED) is made then, on
    its own, through ``impl.call``, from the value of the step before."""
    if isinstance(made, StudentError):
        raise made
    previous = None
    for t, (_, kwargs) in enumerate(chain.steps):
        outcome = made[t]
        if outcome is None or (isinstance(outcome, StudentError) and outcome.kind == NOT_REACHED):
            previous = impl.call(function, *chain.args(t, previous), **kwargs)
        elif isinstance(outcome, StudentError):
            raise outcome
        else:
            previous, impl.last = outcome
        yield previous


class Forwarding(Implementation):
    """An implementation that watches another's calls (diagnosis records them, stage 2
    tapes them): its ``last`` is always the inner implementation's."""

    def __init__(self, inner: Implementation) -> None:
        self.inner = inner
        self.params = inner.params

    @property  # type: ignore[override]
    def last(self) -> CallRecord:
        return self.inner.last

    @last.setter
    def last(self, value: CallRecord) -> None:  # the base class assigns it; keep the inner's
        pass


class _Timeout(BaseException):
    """Raised inside the student call by the alarm; BaseException so `except Exception` in
    student code cannot swallow it."""


class InProcess(Implementation):
    """Student functions imported into this process (the self-check path).

    A call that runs longer than ``timeout`` seconds is interrupted (main thread on
    POSIX only) and reported as a timeout.
    """

    def __init__(
        self,
        module: ModuleType | None,
        params: dict[str, tuple[str, ...]],
        load_error: StudentError | None = None,
        timeout: float = 20.0,
    ) -> None:
        super().__init__(params)
        self.module = module
        self.load_error = load_error
        self.timeout = timeout
        # As the grader's worker does at start: code that (wrongly) draws from the global
        # generators instead of the rng it is given still fails the same way every run.
        np.random.seed(0)
        random.seed(0)

    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self.load_error is not None:
            raise self.load_error.met_by(function)
        fn = getattr(self.module, function, None)
        if not callable(fn):
            raise StudentError(MISSING, function)
        passed_args, passed_kwargs = snapshot(args), snapshot(kwargs)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with _alarm(self.timeout):
                    value = fn(*passed_args, **passed_kwargs)
            except _Timeout:
                raise StudentError(TIMEOUT, function, f"{self.timeout:g} s") from None
            except NotImplementedError as exc:
                raise StudentError(NOT_IMPLEMENTED, function, str(exc)) from None
            except Exception as exc:  # the student's exception is the feedback
                raise StudentError(
                    RAISED, function, _short_traceback(exc), type(exc).__name__
                ) from None
        labels = self.arg_labels(function, args, kwargs)
        self.last = CallRecord(
            function=function,
            mutated=mutated_args(
                list(args) + list(kwargs.values()),
                list(passed_args) + list(passed_kwargs.values()),
                labels,
            ),
            warnings=[f"{w.category.__name__}: {w.message}" for w in caught],
        )
        return value


class _alarm:
    """Interrupt the block after `seconds` where signals allow it; a no-op elsewhere."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = (
            hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        )

    def __enter__(self) -> None:
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def _fire(self, signum: int, frame: Any) -> None:
        raise _Timeout()

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def _short_traceback(exc: BaseException, limit: int = 6) -> str:
    """The last frames of a traceback, from the student's file, as text."""
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-limit)
    text = "".join(lines).strip()
    return text[-3000:]


def load_module(path: Path, name: str) -> tuple[ModuleType | None, StudentError | None]:
    """Import a student file by path under a private module name.

    Returns the module, or the error that kept it from importing (a missing file, a
    syntax error, an exception or ``sys.exit`` at import time).
    """
    if not path.is_file():
        return None, StudentError(FILE_MISSING, "*", str(path))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:  # includes SystemExit from the student's module
        if isinstance(exc, KeyboardInterrupt):
            raise
        sys.modules.pop(name, None)
        return None, StudentError(
            IMPORT_FAILED, "*", _short_traceback(exc, limit=3), type(exc).__name__
        )
    return module, None
