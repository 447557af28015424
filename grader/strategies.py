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
