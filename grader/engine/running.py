"""Running one property against one implementation, and turning the outcome into feedback.

The same function serves ``pytest exercises/`` and the grader:

1. a fast pass over a fixed list of inputs (explicit edge cases, then examples drawn once
   per process from the property's strategy with a fixed seed), so every run of every
   submission sees exactly the same inputs;
2. only when an input fails, Hypothesis searches again with the same seed and shrinks
   the failure to the smallest input it finds within a counted budget, which is what the
   student is shown.

Hypothesis never uses its example database here and never measures time, so a verdict
depends only on the submission.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import Phase, given, seed
from hypothesis.strategies import SearchStrategy, just

from grader.define.compare import PropertyFailure
from grader.define.i18n import Text
from grader.define.spec import Case, Property
from grader.engine import lockstep
from grader.engine.diagnosis import diagnose
from grader.engine.examples import (
    SEED,
    examples_for,
    hypothesis_settings,
    without_local_constants,
)
from grader.engine.feedback import format_case, format_failure, format_student_error
from grader.isolation.calls import (
    NOT_IMPLEMENTED,
    STALE_CACHE,
    Implementation,
    StudentError,
)

PASSED = "passed"
FAILED = "failed"
NOT_STARTED = "not_started"


@dataclass
class Verdict:
    """The outcome of one property for one implementation."""

    property: Property
    status: str  # PASSED, FAILED or NOT_STARTED
    feedback: str = ""
    # For NOT_STARTED: the function still raising NotImplementedError.
    waiting_for: str = ""
    # For FAILED: the id of the catalogued mistake the failure was recognised as, if any.
    mistake: str = ""
    # For FAILED and no mistake named: the kind of relation with PyTorch's outputs that
    # explains it (grader.engine.explain), if one was found.
    observation: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASSED


def failing_inputs(prop: Property, impl: Implementation, limit: int) -> list[tuple[int, Case]]:
    """The first `limit` inputs of the fast pass on which `impl` fails `prop`, with their
    positions in :func:`examples_for` (for diagnosis, fingerprints and their tests)."""
    found: list[tuple[int, Case]] = []
    for index, case in enumerate(examples_for(prop)):
        try:
            prop.check(impl, case)
        except (PropertyFailure, StudentError):
            found.append((index, case))
            if len(found) == limit:
                break
    return found


# How much work shrinking may do once the search has found a failure: inputs checked, and
# draws started (drawing arrays is most of Hypothesis's time, and many draws are abandoned
# half-way).  Counted, not timed, so the shrunk input is the same on every run.  Unbounded,
# one batch-norm mistake took 25 s of shrinking; with these limits the catalogue's
# failures still shrink to inputs of one or a few elements (tests/test_shrinking.py).
SHRINK_CHECKS = 30
SHRINK_DRAWS = 60


# A failure on one of a property's explicit examples with at most this many array
# elements is shown as it is, without searching for a smaller one: those examples are
# small edge cases chosen by hand, and in the grader most failures of the catalogued
# mistakes are found on them (26 of 30 shrinks in benchmarks/bench_grading.py's class,
# 0.27 s of Hypothesis each).
SMALL_EXAMPLE = 16


def _elements(case: Case) -> int:
    return sum(int(np.size(v)) for v in case.values() if isinstance(v, np.ndarray))


class _ShrinkBudgetSpent(BaseException):
    """Ends Hypothesis's search: not an Exception, so Hypothesis does not take it for a
    failure of the test and lets it through."""


def _shrink(prop: Property, impl: Implementation) -> tuple[Case | None, BaseException | None]:
    """Search again from the same seed, with shrinking; return the smallest failure found
    within the budget (Hypothesis only ever tries inputs smaller than its current one, so
    the latest failure is the smallest)."""
    best: list[Any] = [None, None]  # case, failure
    spent = {"checks": 0, "draws": 0}

    def counted(_: None) -> SearchStrategy[Case]:
        # Called as each draw starts (also the ones Hypothesis abandons half-way); the
        # inputs drawn are those of prop.strategy itself.
        if best[1] is not None:
            spent["draws"] += 1
            if spent["draws"] > SHRINK_DRAWS:
                raise _ShrinkBudgetSpent()
        return prop.strategy

    @seed(SEED)
    @hypothesis_settings(prop.max_examples, [Phase.generate, Phase.shrink])
    @given(just(None).flatmap(counted))
    def search(case: Case) -> None:
        if best[1] is not None:
            spent["checks"] += 1
            if spent["checks"] > SHRINK_CHECKS:
                raise _ShrinkBudgetSpent()
        try:
            prop.check(impl, case)
        except (PropertyFailure, StudentError) as exc:
            if best[1] is None or type(exc) is type(best[1]):
                best[0], best[1] = case, exc
            raise

    try:
        with without_local_constants():
            search()
    except _ShrinkBudgetSpent:
        pass
    except (PropertyFailure, StudentError) as exc:
        if best[1] is None or type(exc) is type(best[1]):
            return best[0], exc
    except Exception:
        # Flaky (a failure that did not repeat) or a Hypothesis error: keep what was found.
        pass
    return best[0], best[1]


def first_failure(
    prop: Property, impl: Implementation, cases: tuple[Case, ...]
) -> tuple[int, Exception] | None:
    """The fast pass: the first input (by index) on which `impl` fails `prop`, and the
    exception its check raised; None when every input passes.  An implementation that
    prefers rounds of calls (a worker process) gets them through grader.engine.lockstep, with
    the same result as this loop."""
    if impl.prefers_rounds and lockstep.AVAILABLE:
        found = lockstep.first_failure(prop.check, cases, impl)
        if found is not None and not isinstance(found[1], Exception):
            raise found[1]  # KeyboardInterrupt and the like are not a verdict
        return found  # type: ignore[return-value]
    for index, case in enumerate(cases):
        try:
            prop.check(impl, case)
        except Exception as exc:
            return index, exc
    return None


def run_property(
    prop: Property, impl: Implementation, lang: str = "en", shrink: bool = True
) -> Verdict:
    """Check `prop` on `impl`; never raises for anything the student's code does.

    With ``shrink=False`` a failure is shown on the first input that fails, without
    searching for a smaller one (the grader does so for hidden properties, whose inputs
    are the large ones and whose feedback students see only when grades are published).
    """
    cases = examples_for(prop)
    return _verdict(prop, impl, cases, first_failure(prop, impl, cases), lang, shrink)


def run_properties(
    props: Sequence[Property], impl: Implementation, lang: str = "en", shrink: Sequence[bool] = ()
) -> list[Verdict]:
    """:func:`run_property` for several properties of one topic, with the same verdicts:
    the fast passes of all of them run together, so that with a worker process their
    calls share rounds (grader.engine.lockstep.first_failures); then each failure is
    shrunk and diagnosed in turn.  ``shrink`` gives each property's flag (default:
    shrink every one).  An implementation with a ``property`` attribute (the worker's,
    which shares calls between properties) has it set to each property in turn."""
    flags = list(shrink) or [True] * len(props)
    cases = [examples_for(prop) for prop in props]
    if impl.prefers_rounds and lockstep.AVAILABLE:
        jobs = [(prop.check, c, prop.id) for prop, c in zip(props, cases)]
        firsts = lockstep.first_failures(jobs, impl)
        for found in firsts:
            if found is not None and not isinstance(found[1], Exception):
                raise found[1]  # KeyboardInterrupt and the like are not a verdict
    else:
        firsts = [first_failure(prop, impl, c) for prop, c in zip(props, cases)]
    verdicts = []
    for prop, c, first, flag in zip(props, cases, firsts, flags):
        if hasattr(impl, "property"):
            impl.property = prop.id
        if first is not None and getattr(first[1], "detail", None) == STALE_CACHE:
            # A cache this property's check held died with the worker, killed by a call
            # of another property's in the same round: checked again on its own, as
            # run_property would have.
            first = first_failure(prop, impl, c)
        verdicts.append(_verdict(prop, impl, c, first, lang, flag))  # type: ignore[arg-type]
    return verdicts


def _verdict(
    prop: Property,
    impl: Implementation,
    cases: tuple[Case, ...],
    first: tuple[int, Exception] | None,
    lang: str,
    shrink: bool,
) -> Verdict:
    """The verdict once the fast pass is done: `first` is its first failure, if any."""
    if first is None:
        return Verdict(prop, PASSED)
    failing_case: Case | None = cases[first[0]]
    failure: BaseException = first[1]
    if not isinstance(failure, (PropertyFailure, StudentError)):
        # A bug in the kit: say so instead of blaming the student.
        return Verdict(prop, FAILED, _internal_error(prop, cases[first[0]], failure, lang))

    if isinstance(failure, StudentError) and failure.kind == NOT_IMPLEMENTED:
        return Verdict(
            prop,
            NOT_STARTED,
            format_student_error(prop, failure, failing_case, lang),
            waiting_for=failure.function,
        )

    first_case = failing_case
    if shrink and first[0] < len(prop.examples) and _elements(failing_case) <= SMALL_EXAMPLE:
        shrink = False  # already a small, hand-picked edge case
    smaller_case, smaller_failure = _shrink(prop, impl) if shrink else (None, None)
    shrunk = smaller_failure is not None and type(smaller_failure) is type(failure)
    if shrunk:
        failure, failing_case = smaller_failure, smaller_case

    # Named only when it explains both the smallest and the first failing input.
    shown = [c for c in (failing_case, first_case) if c is not None]
    if len(shown) == 2 and shown[0] is shown[1]:
        shown = shown[:1]
    found = diagnose(prop, impl, shown, failure)
    mistake = found.mistake_id if found else ""
    observation = found.observation if found else ""
    if isinstance(failure, StudentError):
        text = format_student_error(prop, failure, failing_case, lang, found, shrunk)
        return Verdict(prop, FAILED, text, mistake=mistake, observation=observation)
    assert isinstance(failure, PropertyFailure)
    text = format_failure(prop, failure, failing_case, lang, found, shrunk)
    return Verdict(prop, FAILED, text, mistake=mistake, observation=observation)


INTERNAL = Text(
    "The kit itself failed while checking this property (please report it):",
    "이 성질을 검사하다가 키트 자체에 오류가 났습니다 (알려 주세요):",
)


def _internal_error(prop: Property, case: Case, exc: Exception, lang: str) -> str:
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-4))
    return f"{INTERNAL.get(lang)}\n{format_case(case)}\n{tb}"
