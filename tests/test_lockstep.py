"""Rounds of calls (grader/engine/lockstep.py) give the verdicts of the one-call-at-a-time loop,
send each input's calls in order, stop at the first failure and never leave a check
parked."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from grader.define.catalogue import materialize
from grader.engine import lockstep
from grader.engine.examples import examples_for
from grader.engine.suites import all_mistakes, hidden
from grader.isolation.calls import Call, CallRecord, Implementation, StudentError
from grader.isolation.worker_client import GraderError
from grader.topics import BY_NAME, TOPIC_NAMES

from .conftest import implementation_from_entry


class Recorder(Implementation):
    """Returns each call's first argument and remembers the rounds it was sent in."""

    def __init__(self, fail_round: int | None = None) -> None:
        super().__init__({})
        self.rounds: list[list[tuple[str, Any]]] = []
        self.fail_round = fail_round

    def call_round(self, calls: list[Call]) -> list[Any]:
        if self.fail_round is not None and len(self.rounds) == self.fail_round:
            raise GraderError("the worker cannot be started")
        self.rounds.append([(c.function, c.args[0]) for c in calls])
        return [(c.args[0], CallRecord(c.function)) for c in calls]

    def _call(self, function: str, args: tuple, kwargs: dict) -> Any:
        raise AssertionError("lockstep must go through call_round")


def forward_then_backward(impl: Implementation, case: int) -> None:
    assert impl.call("forward", case) == case
    assert impl.call("backward", case) == case


def test_each_round_holds_the_next_call_of_every_input_in_flight_in_input_order():
    impl = Recorder()
    assert lockstep.first_failure(forward_then_backward, range(300), impl, width=100) is None
    # The first input goes alone; then up to `width` inputs are in flight.
    assert impl.rounds[0] == [("forward", 0)]
    assert impl.rounds[1] == [("backward", 0)] + [("forward", i) for i in range(1, 100)]
    for calls in impl.rounds:
        assert [i for _, i in calls] == sorted(i for _, i in calls)
        assert len(calls) <= 100
    made = [call for calls in impl.rounds for call in calls]
    assert sorted(made) == sorted((f, i) for i in range(300) for f in ("forward", "backward"))
    for i in range(300):  # every input's forward comes in an earlier round than its backward
        rounds_of = [r for r, calls in enumerate(impl.rounds) for call in calls if call[1] == i]
        assert rounds_of[0] < rounds_of[1]
    assert len(impl.rounds) <= 2 + 2 * 300 // 99


class Wrong(Exception):
    pass


def test_when_the_first_input_fails_no_other_input_is_started():
    started: list[int] = []

    def check(impl: Implementation, case: int) -> None:
        started.append(case)
        impl.call("forward", case)
        raise Wrong("a function not written yet fails on every input")

    impl = Recorder()
    index, _ = lockstep.first_failure(check, range(50), impl)
    assert index == 0
    assert started == [0] and impl.rounds == [[("forward", 0)]]


def test_a_failure_stops_later_inputs_and_the_smallest_failing_index_wins():
    def check(impl: Implementation, case: int) -> None:
        impl.call("forward", case)
        if case == 6:  # fails in the second round
            raise Wrong("six")
        impl.call("backward", case)
        if case == 3:  # fails in the third round, but comes first
            raise Wrong("three")

    impl = Recorder()
    index, error = lockstep.first_failure(check, range(1000), impl, width=10)
    assert (index, str(error)) == (3, "three")
    made = {i for calls in impl.rounds for _, i in calls}
    assert max(made) < 20, "inputs after the first failure were started"
    # Calls of inputs beyond the failure still in flight were not sent after it.
    assert ("backward", 7) not in [call for calls in impl.rounds for call in calls]


def test_student_errors_are_raised_inside_the_check_that_made_the_call():
    class Refuses(Recorder):
        def call_round(self, calls: list[Call]) -> list[Any]:
            outcomes = super().call_round(calls)
            return [
                StudentError("raised", c.function, "ValueError", "ValueError")
                if c.args[0] % 2
                else outcome
                for c, outcome in zip(calls, outcomes)
            ]

    seen: list[int] = []

    def check(impl: Implementation, case: int) -> None:
        try:
            impl.call("forward", case)
        except StudentError:
            seen.append(case)

    assert lockstep.first_failure(check, range(50), Refuses()) is None
    assert sorted(seen) == list(range(1, 50, 2))


def test_a_grader_error_ends_every_parked_check_and_is_raised():
    started: list[int] = []
    ended: list[int] = []

    def check(impl: Implementation, case: int) -> None:
        started.append(case)
        try:
            forward_then_backward(impl, case)
        finally:
            ended.append(case)

    with pytest.raises(GraderError):
        lockstep.first_failure(check, range(40), Recorder(fail_round=2), width=16)
    assert len(started) > 16  # the third round had inputs in flight
    assert sorted(ended) == sorted(started), "a check was left parked"


def _sequential(prop, impl) -> tuple[int, str, str] | None:
    for index, case in enumerate(examples_for(prop)):
        try:
            prop.check(impl, case)
        except Exception as exc:
            return index, type(exc).__name__, str(exc)
    return None


def _in_rounds(prop, impl) -> tuple[int, str, str] | None:
    found = lockstep.first_failure(prop.check, examples_for(prop), impl)
    if found is None:
        return None
    return found[0], type(found[1]).__name__, str(found[1])


@pytest.mark.parametrize("topic", TOPIC_NAMES)
def test_rounds_find_the_same_first_failure_as_one_call_at_a_time(topic, tmp_path, solution_impl):
    """On the reference and on every catalogued mistake of the topic, for every public and
    hidden property: the same input fails, with the same message."""
    entries = [None] + [m for m in all_mistakes() if m.topic == topic]
    properties = list(BY_NAME[topic].properties) + list(hidden(topic))
    failures = 0
    for entry in entries:
        impl = solution_impl(topic) if entry is None else implementation_from_entry(entry, tmp_path)
        # Code drawing from NumPy's global generator sees its draws in another order
        # when calls are interleaved: the same input fails, with other random numbers.
        global_rng = entry is not None and "np.random.rand(" in materialize(entry)
        for prop in properties:
            expected = _sequential(prop, impl)
            got = _in_rounds(prop, impl)
            if global_rng and expected and got:
                expected, got = expected[:2], got[:2]
            assert got == expected, prop.id
            failures += expected is not None
    assert failures >= len(entries) - 1  # every mistake fails somewhere


def test_without_greenlet_calls_go_one_at_a_time(monkeypatch):
    from grader.engine import running

    class OneByOne(Implementation):
        prefers_rounds = True

        def __init__(self) -> None:
            super().__init__({})
            self.rounds = 0

        def call_round(self, calls: list[Call]) -> list[Any]:
            self.rounds += 1
            return super().call_round(calls)

        def _call(self, function: str, args: tuple, kwargs: dict) -> Any:
            self.last = CallRecord(function)
            return args[0]

    prop = BY_NAME["activations"].properties[0]

    def check(impl: Implementation, case: Any) -> None:
        forward_then_backward(impl, 7)

    prop = dataclasses.replace(prop, check=check)
    cases = tuple({"i": i} for i in range(10))
    impl = OneByOne()
    assert running.first_failure(prop, impl, cases) is None
    assert impl.rounds > 0
    monkeypatch.setattr(lockstep, "AVAILABLE", False)
    impl = OneByOne()
    assert running.first_failure(prop, impl, cases) is None
    assert impl.rounds == 0


def test_checks_run_in_parked_greenlets_not_one_new_greenlet_per_input(monkeypatch):
    """A new greenlet maps and unmaps a stack chunk: the checks of many properties and
    inputs reuse at most a round's width of them."""
    made = []

    class Counted(lockstep.greenlet.greenlet):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(lockstep.greenlet, "greenlet", Counted)
    monkeypatch.setattr(lockstep, "_parked", lockstep.threading.local())
    for _ in range(5):  # five properties of 300 inputs
        assert lockstep.first_failure(forward_then_backward, range(300), Recorder(), 100) is None
    assert 0 < len(made) <= 100


def test_a_check_that_fails_still_leaves_its_greenlet_reusable():
    impl = Recorder()

    def fails_on_odd(impl: Implementation, case: int) -> None:
        assert impl.call("forward", case) % 2 == 0

    for _ in range(3):
        index, error = lockstep.first_failure(fails_on_odd, range(50), impl, width=10)
        assert (index, type(error)) == (1, AssertionError)
    assert lockstep.first_failure(forward_then_backward, range(50), impl, width=10) is None
