"""The kit's tolerance rule (grader/define/compare.py): close_mask and assert_array_close."""

from __future__ import annotations

import numpy as np
import pytest

from grader.define.compare import PropertyFailure, assert_array_close, close_mask

SPECIAL = np.array([0.0, -0.0, 1.5, -2.0, np.nan, np.inf, -np.inf, 1e300, 5e-324])


@pytest.mark.parametrize("shape", [(9,), (3, 3), (9, 1, 1)])
def test_identical_arrays_match_everywhere_nan_and_inf_included(shape):
    expected = SPECIAL.reshape(shape)
    mask = close_mask(expected.copy(), expected)
    assert mask.shape == shape and mask.dtype == bool and mask.all()
    assert_array_close(expected.copy(), expected, "out")


def test_signed_zeros_and_values_within_tolerance_match_though_their_bits_differ():
    expected = np.array([0.0, 1.0, 1e6])
    got = np.array([-0.0, 1.0 + 1e-10, 1e6 * (1 + 1e-7)])
    assert close_mask(got, expected).all()


def test_only_the_elements_beyond_the_tolerance_fail():
    expected = np.array([1.5, -2.0, np.nan, 3.0])
    got = expected.copy()
    got[0] = 1.5 + 1e-3  # beyond 1e-9 * scale + 1e-6 * |1.5|
    got[2] = 0.0  # NaN expected
    assert np.flatnonzero(~close_mask(got, expected)).tolist() == [0, 2]
    with pytest.raises(PropertyFailure):
        assert_array_close(got, expected, "out")


def test_an_infinity_matches_only_the_same_infinity():
    expected = np.full(4, np.inf)
    got = np.array([np.inf, -np.inf, 1e308, 0.0])
    assert close_mask(got, expected).tolist() == [True, False, False, False]
    assert close_mask(-got, -expected).tolist() == [True, False, False, False]
