"""The init topic's own machinery: the tail bounds behind the statistical properties, the
oracle that reads PyTorch's distribution off torch.nn.init, and what diagnosis keeps of
a sample (Property.recorded)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from grader.engine import diagnosis
from grader.engine.suites import hidden
from grader.topics import BY_NAME
from grader.topics.dropout.definition import binomial_acceptance
from grader.topics.init.definition import (
    ALPHA,
    CDF_SLACK,
    MAX_INPUTS,
    SAMPLERS,
    _mean_radius,
    _normal_cdf,
    _torch_draws,
    chi2_band,
    is_statistical,
    ks_radius,
    ks_statistic,
    sample_summary,
    std_band,
)

from .conftest import ROOT, implementation_from_file

TOPIC = BY_NAME["init"]


def test_every_statistical_property_keeps_within_the_false_alarm_budget():
    props = [p for p in (*TOPIC.properties, *hidden("init")) if is_statistical(p)]
    assert len(props) == 4 * 3 + 2 + 2 * 4 + 2
    for prop in props:
        assert prop.max_examples + len(prop.examples) <= MAX_INPUTS
    assert MAX_INPUTS * ALPHA <= 1e-6


def test_the_chernoff_band_solves_its_equations():
    n, log_inv = 5000, math.log(4 / ALPHA)
    low, high = chi2_band(n, log_inv)
    assert 0.5 * n * (high - math.log1p(high)) == pytest.approx(log_inv)
    assert 0.5 * n * (-low - math.log1p(-low)) == pytest.approx(log_inv)
    assert 0 < low < high < 1


def test_the_normal_cdf_is_within_its_stated_slack():
    z = np.linspace(-8, 8, 16001)
    exact = np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in z])
    assert np.max(np.abs(_normal_cdf(z) - exact)) <= CDF_SLACK


@pytest.mark.parametrize("law", ["normal", "uniform"])
def test_the_bands_are_conservative_at_a_measurable_false_alarm_rate(law):
    """The same bounds at alpha = 0.05 on 400 samples: a correct sampler fails each test
    in at most 5% of them, up to the binomial noise of 400 runs (the mean's and the std's
    bounds are loose, so far fewer; a band too narrow fails far more often)."""
    alpha, n, runs = 0.05, 1000, 400
    dist = ("normal", 0.0, 0.3) if law == "normal" else ("uniform", -0.5, 0.5)
    rng = np.random.default_rng(7)
    fails = {"mean": 0, "std": 0, "ks": 0}
    low, high = std_band(dist, n, alpha)
    for _ in range(runs):
        v = rng.normal(0.0, 0.3, n) if law == "normal" else rng.uniform(-0.5, 0.5, n)
        fails["mean"] += abs(v.mean()) > _mean_radius(n, dist[2] ** 2, alpha)
        fails["std"] += not low <= v.std() <= high
        fails["ks"] += ks_statistic(v, dist) > ks_radius(n, alpha) + CDF_SLACK
    # The counts a rate of exactly alpha exceeds with probability below 1e-6: the bounds
    # are nearly tight for the KS test (DKW), so its count is close to alpha * runs.
    _, most = binomial_acceptance(runs, alpha, 1e-6)
    assert all(count <= most for count in fails.values()), fails


@pytest.mark.parametrize(
    "name, options, expected",
    [
        ("xavier_uniform", (), ("uniform", -math.sqrt(6 / 224), math.sqrt(6 / 224))),
        ("xavier_normal", (("gain", 2.0),), ("normal", 0.0, 2 * math.sqrt(2 / 224))),
        ("kaiming_uniform", (), ("uniform", -math.sqrt(6 / 160), math.sqrt(6 / 160))),
        ("kaiming_normal", (("mode", "FAN_OUT"),), ("normal", 0.0, math.sqrt(2 / 64))),
    ],
)
def test_the_oracle_reads_torchs_distribution_and_restores_tensor_methods(name, options, expected):
    import torch

    before = (torch.Tensor.uniform_, torch.Tensor.normal_)
    got = _torch_draws.__wrapped__(name, (64, 160), options)
    assert got[0] == expected[0]
    assert got[1:] == pytest.approx(expected[1:], rel=1e-12)
    assert (torch.Tensor.uniform_, torch.Tensor.normal_) == before
    assert _torch_draws.__wrapped__("kaiming_normal", (3, 0), ()) == ("none",)
    assert _torch_draws.__wrapped__("kaiming_normal", (5,), ()) == ("refused", "ValueError")


def test_diagnosis_keeps_a_summary_of_each_sample_not_the_sample():
    prop = TOPIC.prop("kaiming_normal_sample_std_matches_torch")
    assert prop.recorded is sample_summary
    assert all(p.recorded is sample_summary for p in hidden("init") if "kaiming" in p.id)
    impl = implementation_from_file(ROOT / "solutions" / "init.py", "init")
    recording = diagnosis.record(prop, impl, prop.examples[0], diagnosis._opaque("init"))
    (event,) = recording.events
    (summary,) = event.values
    assert summary[:3] == ("sample", (64, 160), "<f8")
    assert sample_summary(np.arange(4.0)) is not None  # small arrays are kept whole
    assert np.array_equal(sample_summary(np.arange(4.0)), np.arange(4.0))
    assert {p.recorded for p in TOPIC.properties if p.functions[0] not in SAMPLERS} == {None}
