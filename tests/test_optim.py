"""The optimizers topic: its references are torch.optim's classes, bit for bit; its state
(a dict of arrays and numbers, or None) crosses the worker's wire both ways; the reference
solution gets every point when graded through the sandboxed worker; and a state changed
in place is seen by both the in-process and the worker's input-mutation rules."""

from __future__ import annotations

import numpy as np
import pytest

from grader.engine import diagnosis
from grader.engine.examples import examples_for
from grader.engine.grading import grade_submission
from grader.engine.running import PASSED
from grader.engine.suites import hidden
from grader.isolation import call_rules, wire
from grader.isolation.worker_client import WorkerImplementation, WorkerSession
from grader.topics import BY_NAME
from grader.topics.optim import definition as topic

from .conftest import ROOT, implementation_from_file
from .test_grading import make_submission

torch = pytest.importorskip("torch")


def _class_trajectory(make, w, dws, lrs=None):
    """Weights and optimizer.state[param] after each step of a real torch.optim class
    stepping a float64 tensor whose .grad is set to each gradient in turn."""
    param = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    optimizer = make([param])
    out = []
    for t, dw in enumerate(dws):
        if lrs is not None:
            optimizer.param_groups[0]["lr"] = float(lrs[t])  # what a scheduler does
        param.grad = torch.tensor(dw, dtype=torch.float64)
        optimizer.step()
        state = {
            key: (value.item() if value.ndim == 0 else value.detach().numpy().copy())
            for key, value in optimizer.state[param].items()
        }
        out.append((param.detach().numpy().copy(), state))
    return out


def _class_of(name, case):
    if name == "sgd_step":
        settings = {k: case[k] for k in topic.SGD_SETTINGS}
        lr = case.get("lr", 1.0)
        return lambda params: torch.optim.SGD(params, lr=lr, **settings)
    settings = {k: case[k] for k in topic.ADAM_SETTINGS}
    cls = torch.optim.AdamW if name == "adamw_step" else torch.optim.Adam
    return lambda params: cls(params, lr=case["lr"], **settings)


def _reference_cases():
    """Every explicit example and the first drawn ones of each trajectory property."""
    for prop in BY_NAME["optim"].properties:
        if prop.id.endswith(("_refuses_like_torch", "_defaults_are_torchs")):
            continue
        for case in examples_for(prop)[: len(prop.examples) + 5]:
            yield prop.functions[0], case


@pytest.mark.parametrize("name", ["sgd_step", "adam_step", "adamw_step"])
def test_the_references_equal_torch_optim_classes_bit_for_bit(name):
    compared = 0
    for function, case in _reference_cases():
        if function != name:
            continue
        expected = _class_trajectory(_class_of(name, case), case["w"], case["dws"], case.get("lrs"))
        got = topic._reference(name, case)
        assert len(got) == len(expected)
        for (w_got, state_got), (w_want, state_want) in zip(got, expected):
            assert w_got.tobytes() == w_want.tobytes()
            assert state_got.keys() == state_want.keys()
            for key, value in state_want.items():
                if isinstance(value, float):
                    assert state_got[key] == value and type(state_got[key]) is int
                else:
                    assert state_got[key].tobytes() == value.tobytes()
        compared += 1
    assert compared >= 10


def test_sgd_without_momentum_keeps_an_empty_state_and_the_buffer_starts_as_the_gradient():
    w, dws = topic.W0, topic.TWO_STEPS
    plain = _class_trajectory(lambda p: torch.optim.SGD(p, lr=0.1, dampening=0.5), w, dws)
    assert [state for _, state in plain] == [{}, {}]
    damped = _class_trajectory(
        lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.5), w, dws
    )
    assert np.array_equal(damped[0][1]["momentum_buffer"], dws[0])
    assert np.allclose(damped[1][1]["momentum_buffer"], 0.9 * dws[0] + 0.5 * dws[1])


STATES = [
    None,
    {},
    {"momentum_buffer": np.array([[1.5, -0.0], [np.inf, 2.0]])},
    {"step": 3, "exp_avg": np.arange(3.0), "exp_avg_sq": np.full(3, 1e-300)},
    {"step": np.int64(7), "lr": np.float64(0.5), "flag": True, "exp_avg": np.zeros(0)},
]


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_the_wire_carries_a_state_both_ways(state):
    value = (np.array([1.0, 2.0]), state)
    framed = wire.encode_request({"args": [value[0], np.ones(2), state]})
    to_worker = wire.decode_request(framed[wire.LENGTH_SIZE :])["args"][2]
    replies = wire.Replies()
    replies.add({"ok": True, "value": value, "mutated": [], "warnings": []})
    frame = replies.take()
    (back,) = wire.decode_replies(frame[wire.LENGTH_SIZE :])
    for got in (to_worker, back["value"][1]):
        assert diagnosis.same_value(got, state)
        if state is not None:
            assert type(got) is dict and list(got) == list(state)
            for key, item in state.items():
                assert type(got[key]) is type(item)
                if isinstance(item, np.ndarray):
                    assert got[key].dtype == item.dtype and got[key].shape == item.shape


def test_a_state_changed_in_place_is_a_modified_input():
    state = {"momentum_buffer": np.array([1.0, 2.0])}
    copy = call_rules.snapshot(state)
    assert call_rules.same_value(state, copy)
    copy["momentum_buffer"] *= 0.9
    assert not call_rules.same_value(state, copy)
    replaced = call_rules.snapshot(state)
    replaced["step"] = 1
    assert not call_rules.same_value(state, replaced)
    assert call_rules.mutated_args([state], [copy], ["state"]) == ["state"]


def test_a_state_snapshot_copies_its_arrays_and_keeps_aliasing_as_deepcopy_does():
    buffer = np.array([1.0, 2.0])
    flat = call_rules.snapshot({"step": 3, "exp_avg": buffer})
    assert flat["step"] == 3 and flat["exp_avg"] is not buffer
    assert np.array_equal(flat["exp_avg"], buffer)
    # The fast path is only for distinct arrays: one array held twice stays one array.
    aliased = call_rules.snapshot({"exp_avg": buffer, "same": buffer})
    assert aliased["exp_avg"] is aliased["same"] and aliased["same"] is not buffer
    nested = call_rules.snapshot({"history": [buffer]})
    assert nested["history"][0] is not buffer


def test_diagnosis_compares_and_fingerprints_states():
    state = {"step": 2, "exp_avg": np.array([1.0, 2.0])}
    assert diagnosis.same_value(state, {"step": 2, "exp_avg": np.array([1.0, 2.0 + 1e-12])})
    assert not diagnosis.same_value(state, {"step": 2, "exp_avg": np.array([1.0, 2.1])})
    assert not diagnosis.same_value(state, {"step": 2})
    assert diagnosis.same_value(diagnosis.decode(diagnosis.encode(state)), state)


IN_PLACE = '''

def sgd_step(w, dw, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    g = dw + weight_decay * w
    if momentum == 0.0:
        return w - lr * g, {}
    if state is None:
        buf = g.copy()
    else:
        buf = state["momentum_buffer"]
        buf *= momentum
        buf += (1.0 - dampening) * g
    return w - lr * buf, {"momentum_buffer": buf}
'''


def test_the_worker_sees_a_state_changed_in_place(tmp_path):
    source = (ROOT / "solutions" / "optim.py").read_text() + IN_PLACE
    submission = make_submission(tmp_path / "sub", {"optim.py": source})
    prop = BY_NAME["optim"].prop("sgd_step_leaves_inputs_unchanged")
    case = topic.SGD_MOMENTUM_EXAMPLES[1]
    local = implementation_from_file(submission / "optim.py", "optim")
    with WorkerSession(submission) as session:
        remote = WorkerImplementation(session, "optim")
        for impl in (local, remote):
            with pytest.raises(AssertionError, match="state"):
                prop.check(impl, case)


def test_the_solution_gets_every_point_through_the_sandboxed_worker(tmp_path):
    result = grade_submission(make_submission(tmp_path / "sub"), topics=["optim"])
    properties = [*BY_NAME["optim"].properties, *hidden("optim")]
    assert {t.property_id for t in result.tests} == {p.id for p in properties}
    assert [t.property_id for t in result.tests if t.status != PASSED] == []
    assert result.score == result.max_score == sum(p.points for p in properties)
