"""Chains of calls (grader.isolation.calls.Chain): an optimizer's trajectory goes to the
worker as one message and the worker feeds each step from the one before.  A chain must
give what the same calls made one at a time give: the values and records of the steps
the check takes, the error of the step that fails, the function that hangs or kills
the worker named as such, and nothing a student's code keeps of its return value
leaking into the next step's input."""

from __future__ import annotations

import numpy as np

from grader.engine import lockstep
from grader.isolation.calls import NOT_REACHED, Call, Chain, StudentError
from grader.isolation.sandbox import Limits
from grader.isolation.worker_client import WorkerImplementation, WorkerSession

from .conftest import ROOT, implementation_from_file
from .test_grading import make_submission

SOLUTION = (ROOT / "solutions" / "optim.py").read_text()
DWS = np.array([[0.5, -1.0], [0.25, 0.0], [-2.0, 1.5], [1.0, 1.0], [0.0, -0.5]])
DWS.flags.writeable = False


def _chain(steps: int = 5, feed=((0, 0), (2, 1))) -> Chain:
    """An SGD trajectory with momentum from w = [1, 2]: w and the state fed."""
    w = np.array([1.0, 2.0])
    return Chain(
        steps=tuple(
            ((w if t == 0 else None, DWS[t], None, 0.1, 0.9, 0.0, 0.0, False), {})
            for t in range(steps)
        ),
        feed=feed,
    )


def _taken(impl, chain: Chain) -> list:
    """(value, mutated, warnings) of each step, then the error that ended it, if any."""
    out: list = []
    try:
        for value in impl.call_chain("sgd_step", chain):
            out.append((value, list(impl.last.mutated), list(impl.last.warnings)))
    except StudentError as err:
        out.append((err.kind, err.exc_type))
    return out


def _same(a: list, b: list) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if len(x) == 3:
            (wa, sa), (wb, sb) = x[0], y[0]
            if not (np.array_equal(wa, wb) and sa.keys() == sb.keys() and x[1:] == y[1:]):
                return False
            if not all(np.array_equal(sa[k], sb[k]) for k in sa):
                return False
        elif x != y:
            return False
    return True


def _both(tmp_path, source: str, chain: Chain, limits: Limits | None = None):
    submission = make_submission(tmp_path / "sub", {"optim.py": source})
    local = _taken(implementation_from_file(submission / "optim.py", "optim"), chain)
    with WorkerSession(submission, limits or Limits()) as session:
        remote = _taken(WorkerImplementation(session, "optim"), chain)
    return local, remote


def test_a_chain_in_the_worker_gives_each_steps_value_and_record_as_calls_one_at_a_time(
    tmp_path,
):
    local, remote = _both(tmp_path, SOLUTION, _chain())
    assert len(remote) == 5 and _same(local, remote)
    # Fed: step 2 starts from step 1's weights and momentum buffer.
    (w1, s1), (w2, _) = remote[0][0], remote[1][0]
    assert np.allclose(w2, w1 - 0.1 * (0.9 * s1["momentum_buffer"] + DWS[1]))


def test_a_chain_can_feed_the_state_alone(tmp_path):
    chain = _chain(feed=((2, 1),))
    weights = [np.array([1.0, 2.0]) * (t + 1) for t in range(5)]
    chain = Chain(
        tuple(((weights[t], *args[1:]), kwargs) for t, (args, kwargs) in enumerate(chain.steps)),
        chain.feed,
    )
    local, remote = _both(tmp_path, SOLUTION, chain)
    assert _same(local, remote)
    assert np.allclose(remote[3][0][0], weights[3] - 0.1 * remote[3][0][1]["momentum_buffer"])


RAISES_AT_THIRD = SOLUTION.replace(
    "def sgd_step(",
    "def sgd_step(w, dw, state, *a, **k):\n"
    "    if state is not None and np.allclose(dw, [-2.0, 1.5]):\n"
    "        raise ValueError('third step')\n"
    "    return _sgd_step(w, dw, state, *a, **k)\n\n\ndef _sgd_step(",
)


def test_a_step_that_raises_ends_the_chain_and_the_later_steps_are_not_reached(tmp_path):
    local, remote = _both(tmp_path, RAISES_AT_THIRD, _chain())
    assert _same(local, remote) and remote[-1] == ("raised", "ValueError") and len(remote) == 3
    submission = make_submission(tmp_path / "again", {"optim.py": RAISES_AT_THIRD})
    with WorkerSession(submission) as session:
        (made,) = WorkerImplementation(session, "optim").call_round(
            [Call("sgd_step", (), {}, "", _chain())]
        )
    assert [getattr(step, "kind", "value") for step in made] == [
        "value",
        "value",
        "raised",
        NOT_REACHED,
        NOT_REACHED,
    ]
    # Also when nothing is fed: the check has stopped at the error, so no later step runs.
    w = np.array([1.0, 2.0])
    state = {"momentum_buffer": np.zeros(2)}
    unfed = Chain(tuple(((w, DWS[t], state, 0.1, 0.9), {}) for t in range(5)), ())
    with WorkerSession(submission) as session:
        (made,) = WorkerImplementation(session, "optim").call_round(
            [Call("sgd_step", (), {}, "", unfed)]
        )
    assert [getattr(step, "kind", "value") for step in made][2:] == [
        "raised",
        NOT_REACHED,
        NOT_REACHED,
    ]


DIES_AT_THIRD = RAISES_AT_THIRD.replace("raise ValueError('third step')", "import os; os._exit(3)")


def test_a_worker_killed_by_a_step_is_blamed_on_that_step_and_the_earlier_steps_stand(
    tmp_path,
):
    local_source = RAISES_AT_THIRD  # in-process, a killed process would be the test's own
    submission = make_submission(tmp_path / "sub", {"optim.py": DIES_AT_THIRD})
    expected = _taken(
        implementation_from_file(
            make_submission(tmp_path / "local", {"optim.py": local_source}) / "optim.py", "optim"
        ),
        _chain(),
    )
    with WorkerSession(submission) as session:
        impl = WorkerImplementation(session, "optim")
        remote = _taken(impl, _chain())
        assert _same(expected[:2], remote[:2])
        assert remote[2][0] == "crashed" and len(remote) == 3
        # As for a call made on its own: the function is not called again.
        assert _taken(impl, _chain())[-1][0] == "crashed"


SLEEPS_AT_THIRD = RAISES_AT_THIRD.replace(
    "raise ValueError('third step')", "import time; time.sleep(60)"
)


def test_a_step_that_hangs_is_a_timeout_and_the_function_is_not_called_again(tmp_path):
    submission = make_submission(tmp_path / "sub", {"optim.py": SLEEPS_AT_THIRD})
    with WorkerSession(submission, Limits(call_seconds=1.0)) as session:
        impl = WorkerImplementation(session, "optim")
        taken = _taken(impl, _chain())
        assert len(taken) == 3 and taken[2][0] == "timeout"
        assert session.timeouts == {"sgd_step": "1 s"}
        assert _taken(impl, _chain())[-1][0] == "timeout"


KEEPS_ITS_STATE = SOLUTION.replace(
    "def sgd_step(",
    "KEPT = []\n\n\n"
    "def sgd_step(w, dw, state, *a, **k):\n"
    "    if KEPT:\n"
    "        KEPT[-1]['momentum_buffer'] *= 0  # the dict it returned last time\n"
    "    new_w, new_state = _sgd_step(w, dw, state, *a, **k)\n"
    "    KEPT.append(new_state)\n"
    "    return new_w, new_state\n\n\ndef _sgd_step(",
)


def test_a_step_is_fed_a_copy_so_what_the_student_keeps_cannot_change_its_input(tmp_path):
    """One at a time, the state comes back from the grader as a new dict: changing the
    dict the previous call returned changes nothing the next call was given."""
    submission = make_submission(tmp_path / "sub", {"optim.py": KEEPS_ITS_STATE})
    chain = _chain()
    with WorkerSession(submission) as session:
        impl = WorkerImplementation(session, "optim")
        chained = _taken(impl, chain)
        previous, stepwise = None, []
        for t, (_, kwargs) in enumerate(chain.steps):
            previous = impl.call("sgd_step", *chain.args(t, previous), **kwargs)
            stepwise.append((previous, list(impl.last.mutated), list(impl.last.warnings)))
    assert all(not mutated for _, mutated, _ in chained)
    assert _same(chained, stepwise)


def test_in_rounds_a_chain_is_one_parked_call_and_gives_the_same_values(tmp_path):
    """lockstep parks the whole chain as one call of a round; the check sees each step."""
    submission = make_submission(tmp_path / "sub")
    seen: list = []

    def check(impl, case):
        seen.append([v[0].tolist() for v in impl.call_chain("sgd_step", case)])

    with WorkerSession(submission) as session:
        impl = WorkerImplementation(session, "optim")
        assert lockstep.first_failure(check, [_chain(), _chain(3)], impl) is None
    local = implementation_from_file(submission / "optim.py", "optim")
    expected = [
        [v[0].tolist() for v in local.call_chain("sgd_step", c)] for c in (_chain(), _chain(3))
    ]
    assert sorted(seen) == sorted(expected)
