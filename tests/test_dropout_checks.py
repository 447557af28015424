"""The dropout topic's own machinery: the exact binomial test behind the drop-rate
properties, and the generators and inputs its checks make once and reuse."""

from __future__ import annotations

import math

import numpy as np
import pytest

from grader.engine.examples import examples_for
from grader.engine.grading import all_properties, prepare_examples
from grader.isolation.worker_client import WorkerImplementation, WorkerSession
from grader.topics.dropout.definition import ALPHA, binomial_acceptance, ones, seeded

from .conftest import ROOT


def acceptance_by_lgamma(n: int, p: float, alpha: float = ALPHA) -> tuple[int, int]:
    """The same bounds, each term of the pmf from math.lgamma (the way they were first
    computed: slow, and independent of the cumulative sum the kit now uses)."""
    if p in (0.0, 1.0):
        return (0, 0) if p == 0.0 else (n, n)
    log_pmf = [
        math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        + k * math.log(p) + (n - k) * math.log1p(-p)
        for k in range(n + 1)
    ]
    log_half = math.log(alpha / 2)
    lo = _first_above(log_pmf, log_half)
    hi = n - _first_above(log_pmf[::-1], log_half)
    return lo, hi


def _first_above(log_terms: list[float], level: float) -> int:
    """The first k at which log(sum of the terms up to k) exceeds `level`."""
    total = -math.inf
    for k, term in enumerate(log_terms):
        high, low = max(total, term), min(total, term)
        total = high + math.log1p(math.exp(low - high)) if low > -math.inf else high
        if total > level:
            return k
    raise AssertionError("the terms sum to less than the level")


def pairs_the_suites_use() -> set[tuple[int, float]]:
    prepare_examples()
    pairs = set()
    for prop in all_properties():
        for case in examples_for(prop):
            if "shape" in case and "p" in case:
                pairs.add((math.prod(case["shape"]), case["p"]))
    return pairs


def test_the_suites_test_drop_rates_on_large_arrays():
    pairs = pairs_the_suites_use()
    assert len(pairs) > 20 and min(n for n, _ in pairs) >= 400


def test_bounds_equal_the_term_by_term_computation_for_every_rate_the_suites_use():
    for n, p in sorted(pairs_the_suites_use()):
        assert binomial_acceptance(n, p) == acceptance_by_lgamma(n, p), (n, p)


@pytest.mark.parametrize("n", [1, 2, 7, 40, 150])
@pytest.mark.parametrize("p", [1e-6, 0.05, 0.3, 0.5, 0.77, 0.95, 1 - 1e-6])
def test_bounds_are_the_tightest_with_tails_below_alpha(n, p):
    """Checked with math.comb: every count outside [lo, hi] together is at most ALPHA
    likely, and neither bound can move inwards."""
    pmf = [math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]
    lo, hi = binomial_acceptance(n, p)
    half = ALPHA / 2
    assert sum(pmf[:lo]) <= half * (1 + 1e-9) and sum(pmf[hi + 1 :]) <= half * (1 + 1e-9)
    assert sum(pmf[: lo + 1]) > half * (1 - 1e-9)
    assert sum(pmf[hi:]) > half * (1 - 1e-9)


def test_certain_rates_accept_only_the_certain_count():
    assert binomial_acceptance(500, 0.0) == (0, 0)
    assert binomial_acceptance(500, 1.0) == (500, 500)


@pytest.mark.parametrize("where", ["in-process", "worker"])
def test_the_generator_made_once_per_seed_is_never_consumed_by_a_call(where, solution_impl):
    """Each check passes seeded(seed) itself; the student's code draws from a copy."""
    rng = seeded(987_654)
    before = rng.bit_generator.state
    x = ones((10, 10))
    if where == "in-process":
        solution_impl("dropout").call("dropout_forward", x, 0.5, True, rng)
    else:
        with WorkerSession(ROOT / "solutions") as session:
            WorkerImplementation(session, "dropout").call("dropout_forward", x, 0.5, True, rng)
    assert rng.bit_generator.state == before
    assert rng.bit_generator.state == np.random.default_rng(987_654).bit_generator.state


def test_the_ones_made_once_per_shape_cannot_be_changed():
    x = ones((3, 4))
    assert x is ones((3, 4)) and np.array_equal(x, np.ones((3, 4)))
    with pytest.raises(ValueError):
        x[0, 0] = 5.0
