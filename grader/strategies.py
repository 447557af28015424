"""The one module of Hypothesis strategies; every topic draws its inputs from here.

Values deliberately include the edges students get wrong: exact zeros (kinks and
0/0), very large magnitudes (overflow in exp), tiny and zero variances, the smallest
batch N = 2, p in {0, 1} and far from 0.5, and conv/pool configurations that PyTorch
refuses or where ceil_mode's last-window rule matters.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Values where activations and their gradients are most often wrong.
EDGE_VALUES = (0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0, 40.0, -40.0, 710.0, -710.0, 1e300, -1e300)

moderate = st.floats(-10.0, 10.0, allow_nan=False, allow_infinity=False)
any_finite = st.floats(allow_nan=False, allow_infinity=False)
edge = st.sampled_from(EDGE_VALUES)


def values(extreme: bool = True) -> st.SearchStrategy[float]:
    """Float64 elements: mostly moderate, with edge cases and (optionally) any finite float."""
    if extreme:
        return st.one_of(moderate, edge, any_finite)
    return st.one_of(moderate, st.just(0.0))


def shapes(min_dims: int = 1, max_dims: int = 3, max_side: int = 5) -> st.SearchStrategy:
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


def arrays(shape: tuple[int, ...] | st.SearchStrategy, extreme: bool = True) -> st.SearchStrategy:
    """Float64 arrays of the given shape (or shape strategy)."""
    return hnp.arrays(np.float64, shape, elements=values(extreme))


@st.composite
def array_and_grad(draw: st.DrawFn, extreme: bool = True, max_side: int = 5) -> dict:
    """An input x and an upstream gradient dout of the same shape."""
    shape = draw(shapes(max_side=max_side))
    return {
        "x": draw(arrays(shape, extreme=extreme)),
        "dout": draw(arrays(shape, extreme=False)),
    }


@st.composite
def single_array(draw: st.DrawFn, extreme: bool = True, max_side: int = 5) -> dict:
    return {"x": draw(arrays(shapes(max_side=max_side), extreme=extreme))}


# --- batch normalisation ----------------------------------------------------------------
# x has shape (N, D).  Each feature (column) is drawn from one of several kinds, because
# batch norm goes wrong per feature: a constant column has variance exactly 0 (0/0 without
# eps), a nearly constant one has variance far below eps (eps dominates, and eps outside
# the sqrt shows), a large one (up to 1e100) checks scale invariance, and an offset one
# sits far from 0 (1e4) relative to its spread.
# PyTorch folds the affine step into out = x * scale + shift, which rounds like
# u * |x| / sqrt(var + eps); features are therefore built so that |x| / sqrt(var + eps)
# stays below ~1e5 (moderate constants, integer spreads for large and offset features),
# where every correct formula agrees with PyTorch within grader/compare.py's tolerance.
BN_MOMENTA = (0.1, 0.0, 1.0, 0.01, 0.5, 0.9)
BN_EPSILONS = (1e-5, 1e-3, 0.1, 1.0, 1e-8)
BN_FEATURE_KINDS = ("spread", "constant", "nearly_constant", "large", "offset")


@st.composite
def _spread_integers(draw: st.DrawFn, n: int) -> np.ndarray:
    """n integers in [-10, 10] (as floats), not all equal when n >= 2."""
    ints = draw(hnp.arrays(np.float64, (n,), elements=st.integers(-10, 10)))
    if n >= 2 and np.all(ints == ints[0]):
        ints[-1] = ints[0] + (1.0 if ints[0] < 10 else -1.0)
    return ints


@st.composite
def bn_feature(draw: st.DrawFn, n: int, kinds: tuple[str, ...] = BN_FEATURE_KINDS) -> np.ndarray:
    """One feature column of length n, of a kind drawn from `kinds`."""
    kind = draw(st.sampled_from(kinds))
    if kind == "spread":
        return draw(hnp.arrays(np.float64, (n,), elements=values(extreme=False)))
    if kind == "constant":
        return np.full(n, draw(st.one_of(st.just(0.0), moderate)))
    if kind == "nearly_constant":
        c = draw(moderate)
        delta = draw(st.sampled_from((1e-4, 1e-6, 1e-8)))
        u = draw(hnp.arrays(np.float64, (n,), elements=st.floats(-1.0, 1.0)))
        return c + delta * u
    if kind == "large":
        scale = draw(st.sampled_from((1e4, 1e8, 1e50, 1e100, -1e100)))
        return scale * draw(_spread_integers(n))
    offset = draw(st.sampled_from((1e4, -1e4)))
    return offset + draw(_spread_integers(n))


@st.composite
def batchnorm_inputs(
    draw: st.DrawFn,
    min_n: int = 2,
    max_n: int = 6,
    max_d: int = 4,
    grad: bool = False,
    train: bool = True,
    kinds: tuple[str, ...] = BN_FEATURE_KINDS,
    momenta: tuple[float, ...] = BN_MOMENTA,
) -> dict:
    """Inputs of batch norm: x (N, D), gamma, beta, running_mean, running_var (D,), and
    momentum (train only), eps, dout (N, D) when `grad`.  running_var is positive."""
    n = draw(st.integers(min_n, max_n))
    d = draw(st.integers(1, max_d))
    x = np.column_stack([draw(bn_feature(n, kinds)) for _ in range(d)]).reshape(n, d)
    feature = hnp.arrays(np.float64, (d,), elements=values(extreme=False))
    case = {
        "x": x,
        "gamma": draw(hnp.arrays(np.float64, (d,), elements=st.one_of(st.just(1.0), moderate))),
        "beta": draw(feature),
        "running_mean": draw(feature),
        "running_var": draw(
            hnp.arrays(np.float64, (d,), elements=st.one_of(st.just(1.0), st.floats(1e-3, 1e3)))
        ),
    }
    if train:
        case["momentum"] = draw(st.one_of(st.sampled_from(momenta), st.floats(0.0, 1.0)))
    case["eps"] = draw(st.sampled_from(BN_EPSILONS))
    if grad:
        case["dout"] = draw(hnp.arrays(np.float64, (n, d), elements=values(extreme=False)))
    return case
