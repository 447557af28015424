"""Calls shared between properties: the grader makes a call once per submission and every
property that asks for it sees its outcome (grader.isolation.worker_client.WorkerImplementation)."""

from __future__ import annotations

import numpy as np
import pytest

from grader.define.catalogue import materialize
from grader.define.frozen import freeze
from grader.engine.grading import grade_submission
from grader.engine.suites import all_mistakes
from grader.isolation import wire
from grader.isolation.calls import CRASHED, RAISED, StudentError
from grader.isolation.worker_client import WorkerImplementation, WorkerSession

from .test_grading import make_submission

# relu_forward counts its runs; sigmoid_forward reports the count (called with a fresh,
# writable array, so never shared); relu_backward raises; sigmoid_backward kills the worker.
COUNTING = """
import os
import numpy as np

RUNS = [0]

def relu_forward(x):
    RUNS[0] += 1
    return np.maximum(x, 0), x

def sigmoid_forward(x):
    return np.full(1, float(RUNS[0])), None

def relu_backward(dout, cache):
    RUNS[0] += 1
    raise ValueError("no backward today")

def sigmoid_backward(dout, cache):
    os._exit(3)
"""


@pytest.fixture
def impl(tmp_path):
    submission = make_submission(tmp_path / "sub", {"activations.py": COUNTING})
    with WorkerSession(submission) as session:
        yield WorkerImplementation(session, "activations")


def runs(impl: WorkerImplementation) -> int:
    out, _ = impl.call("sigmoid_forward", np.zeros(1))
    return int(out[0])


def call_as(impl: WorkerImplementation, prop: str, function: str, *args):
    impl.property = prop
    return impl.call(function, *args)


def test_a_call_another_property_made_is_not_made_again(impl):
    x = freeze(np.array([-1.0, 2.0]))
    first = call_as(impl, "a", "relu_forward", x)
    second = call_as(impl, "b", "relu_forward", x)
    assert second is first and impl.last.function == "relu_forward"
    assert runs(impl) == 1


def test_within_one_property_a_repeated_call_is_made_again(impl):
    """How a property that calls twice to compare (the same seed, the same mask) sees a
    function that does not depend on its inputs alone."""
    x = freeze(np.array([-1.0, 2.0]))
    call_as(impl, "a", "relu_forward", x)
    call_as(impl, "a", "relu_forward", x)
    assert runs(impl) == 2


def test_a_property_that_had_the_shared_outcome_gets_a_real_call_when_it_asks_again(impl):
    x = freeze(np.array([-1.0, 2.0]))
    call_as(impl, "a", "relu_forward", x)
    call_as(impl, "b", "relu_forward", x)  # shared
    call_as(impl, "b", "relu_forward", x)  # b compares two calls: this one is made
    assert runs(impl) == 2


def test_a_shared_value_is_read_only_so_no_check_changes_what_the_next_one_sees(impl):
    x = freeze(np.array([-1.0, 2.0]))
    out, _ = call_as(impl, "a", "relu_forward", x)
    with pytest.raises(ValueError):
        out[0] = 5.0


def test_inputs_that_may_change_are_never_shared(impl):
    x = np.array([-1.0, 2.0])  # writable: its content could differ by the next call
    call_as(impl, "a", "relu_forward", x)
    call_as(impl, "b", "relu_forward", x)
    assert runs(impl) == 2


def test_the_same_content_with_other_scalars_is_another_call(impl):
    x = freeze(np.array([-1.0, 2.0]))
    impl.property = "a"
    with pytest.raises(StudentError):
        impl.call("relu_backward", x, 0.0)
    impl.property = "b"
    with pytest.raises(StudentError):
        impl.call("relu_backward", x, -0.0)
    assert runs(impl) == 2


def test_an_exception_the_student_raised_is_shared_like_a_return(impl):
    x = freeze(np.array([-1.0, 2.0]))
    errors = []
    for prop in ("a", "b"):
        impl.property = prop
        with pytest.raises(StudentError) as caught:
            impl.call("relu_backward", x, 1.0)
        errors.append(caught.value)
    assert errors[0].kind == RAISED and errors[1] is errors[0]
    assert runs(impl) == 1


def test_a_cache_from_a_worker_that_died_is_not_handed_out_again(impl):
    x = freeze(np.array([-1.0, 2.0]))
    _, cache = call_as(impl, "a", "relu_forward", x)
    assert isinstance(cache, wire.Handle)
    with pytest.raises(StudentError) as caught:
        call_as(impl, "b", "sigmoid_backward", x, cache)
    assert caught.value.kind == CRASHED
    _, fresh = call_as(impl, "c", "relu_forward", x)
    assert fresh is not cache and fresh.generation == impl.session.generation


def test_a_function_that_ignores_its_rng_still_fails_the_same_seed_properties(tmp_path):
    """Sharing must leave the properties that call twice on their own: graded for real."""
    mistake = next(m for m in all_mistakes() if m.id == "dropout_uses_global_random_state")
    submission = make_submission(tmp_path / "sub", {"dropout.py": materialize(mistake)})
    result = grade_submission(submission, topics=["dropout"], save_cache=False)
    failed = {t.property_id for t in result.tests if t.score == 0}
    assert mistake.functions == ("inverted_dropout_forward",)
    assert "inverted_dropout_forward_same_seed_same_mask" in failed
    assert "hidden_inverted_dropout_forward_repeated_calls_same_seed" in failed
