"""grader.define.oracle's memo: an answer is reused only for arguments with the same content."""

from __future__ import annotations

import numpy as np
import pytest

from grader.define import oracle
from grader.define.frozen import freeze
from grader.engine.examples import examples_for
from grader.engine.grading import all_properties


@pytest.fixture
def counted():
    """A memoised function that counts how often it really runs."""
    runs: list[tuple] = []

    @oracle.memoised
    def total(x, scale=1.0):
        runs.append((x, scale))
        return float(np.sum(x)) * scale

    yield total, runs
    oracle._MEMOS.pop(f"{total.__module__}.{total.__qualname__}", None)


def test_every_input_of_the_fast_pass_is_read_only():
    for prop in all_properties():
        for case in examples_for(prop):
            for name, value in case.items():
                if isinstance(value, np.ndarray):
                    assert not value.flags.writeable, (prop.id, name)
                    with pytest.raises(ValueError):
                        value[...] = 0


def test_a_frozen_argument_is_answered_from_the_memo_without_hashing(counted, monkeypatch):
    total, runs = counted
    x = freeze(np.arange(4.0))
    assert total(x) == 6.0
    hashed = []
    real_key = oracle._key
    monkeypatch.setattr(oracle, "_key", lambda *a: hashed.append(a) or real_key(*a))
    assert total(x) == 6.0
    assert len(runs) == 1 and hashed == []


def test_a_writable_argument_is_hashed_each_time_so_a_change_is_seen(counted):
    total, runs = counted
    x = np.arange(4.0)
    assert total(x) == 6.0
    x[0] = 10.0
    assert total(x) == 16.0
    assert len(runs) == 2


def test_a_read_only_view_of_writable_memory_is_not_trusted(counted):
    total, runs = counted
    base = np.arange(4.0)
    view = base[:]
    view.flags.writeable = False
    assert total(view) == 6.0
    base[0] = 10.0
    assert total(view) == 16.0


def test_a_read_only_array_over_a_mutable_buffer_is_not_trusted(counted):
    total, runs = counted
    buffer = bytearray(np.arange(4.0).tobytes())
    x = np.frombuffer(buffer, dtype=np.float64)
    x.flags.writeable = False
    assert total(x) == 6.0
    buffer[:8] = np.float64(10.0).tobytes()
    assert total(x) == 16.0


@pytest.mark.parametrize(
    "first, second",
    [(0.0, -0.0), (1, 1.0), (True, 1), (1.0, True)],
)
def test_scalars_equal_in_python_but_different_inputs_get_their_own_answers(counted, first, second):
    total, runs = counted
    x = freeze(np.ones(2))
    total(x, first)
    total(x, second)
    assert len(runs) == 2


def test_the_same_content_in_another_frozen_array_reuses_the_answer(counted):
    total, runs = counted
    assert total(freeze(np.arange(3.0))) == total(freeze(np.arange(3.0)))
    assert len(runs) == 1
