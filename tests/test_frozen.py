"""grader.define.frozen: inputs made read-only once, one object per content, keys for them."""

from __future__ import annotations

import numpy as np

from grader.define.frozen import freeze_inputs, identity_key, is_frozen
from grader.engine.examples import examples_for
from grader.engine.grading import all_properties


def test_equal_arrays_frozen_in_different_cases_become_one_object():
    first = freeze_inputs({"x": np.array([1.0, 2.0]), "p": 0.5})
    second = freeze_inputs([{"x": np.array([1.0, 2.0])}])
    assert first["x"] is second[0]["x"]
    assert not first["x"].flags.writeable


def test_a_read_only_view_of_writable_memory_is_frozen_as_a_copy():
    base = np.arange(4.0)
    case = freeze_inputs({"x": base.reshape(2, 2)})
    assert is_frozen(case["x"])
    base[0] = 10.0
    assert case["x"][0, 0] == 0.0


def test_every_input_of_the_fast_pass_is_frozen_for_good():
    """Read-only, and over memory nothing can write: what identity keys rely on."""
    for prop in all_properties():
        for case in examples_for(prop):
            for name, value in case.items():
                if isinstance(value, np.ndarray):
                    assert is_frozen(value), (prop.id, name)


def test_arrays_that_differ_only_in_sign_of_zero_dtype_or_shape_stay_apart():
    cases = freeze_inputs(
        [
            {"x": np.array([0.0, 1.0])},
            {"x": np.array([-0.0, 1.0])},
            {"x": np.array([0.0, 1.0], dtype=np.float32)},
            {"x": np.array([[0.0, 1.0]])},
        ]
    )
    assert len({id(case["x"]) for case in cases}) == 4


def test_properties_drawn_from_one_strategy_share_their_input_objects():
    """What lets the grader make a call once for every claim about it."""
    seen: dict[bytes, set[int]] = {}
    for prop in all_properties():
        for case in examples_for(prop):
            for value in case.values():
                if isinstance(value, np.ndarray):
                    key = value.dtype.str.encode() + repr(value.shape).encode() + value.tobytes()
                    seen.setdefault(key, set()).add(id(value))
    assert all(len(ids) == 1 for ids in seen.values())


def test_a_generator_is_keyed_by_its_state_and_the_key_changes_as_it_draws():
    first, same, other = (np.random.default_rng(s) for s in (3, 3, 4))
    assert identity_key((first,), {}) == identity_key((same,), {})
    assert identity_key((first,), {}) != identity_key((other,), {})
    before = identity_key((first,), {})
    first.random()
    assert identity_key((first,), {}) != before


def test_a_generator_of_another_kind_gets_no_key():
    legacy = np.random.Generator(np.random.MT19937(0))
    assert identity_key((legacy,), {}) is None
