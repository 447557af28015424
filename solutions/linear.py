"""Reference solutions for exercises/linear.py (never shipped to students)."""

import numpy as np


def linear_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    # w is (out_features, in_features), as torch.nn.Linear stores it: each output is one
    # row of w dotted with the last axis of x.  matmul broadcasts over the leading axes.
    out = np.matmul(x, w.T) + b
    return out, (x, w)


def linear_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, w = cache
    dx = np.matmul(dout, w)
    # w and b are shared by every position of the leading axes (none for a single sample),
    # so their gradients add up the contributions of all of them: dw sums the outer
    # products dout[i] x[i], db sums dout.
    lead = tuple(range(x.ndim - 1))
    dw = np.tensordot(dout, x, axes=(lead, lead))
    db = dout.sum(axis=lead)
    return dx, dw, db


def linear_param_count(in_features: int, out_features: int, bias: bool = True) -> int:
    if in_features < 0 or out_features < 0:
        raise ValueError(
            f"sizes must not be negative, got in_features={in_features}, "
            f"out_features={out_features}"
        )
    count = in_features * out_features
    if bias:
        count += out_features
    return count
