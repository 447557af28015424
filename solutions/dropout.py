"""Reference solutions for exercises/dropout.py (never shipped to students)."""

import numpy as np


def _check_p(p: float) -> None:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _keep_mask(x: np.ndarray, p: float, rng: np.random.Generator) -> np.ndarray:
    # rng.random is uniform on [0, 1): u >= p has probability 1 - p, is never true at
    # p == 1 and always true at p == 0.
    return rng.random(x.shape) >= p


def dropout_forward(
    x: np.ndarray, p: float, train: bool, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray | float]:
    _check_p(p)
    # The cache is the factor each element was multiplied by; backward is dout * factor.
    factor = _keep_mask(x, p, rng).astype(np.float64) if train else 1.0 - p
    return x * factor, factor


def inverted_dropout_forward(
    x: np.ndarray, p: float, train: bool, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray | float]:
    _check_p(p)
    if not train:
        return x.copy(), 1.0
    keep = _keep_mask(x, p, rng)
    # At p == 1 nothing is kept; PyTorch returns zeros instead of 0 / 0.
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    return x * factor, factor


def dropout_backward(dout: np.ndarray, cache: np.ndarray | float) -> np.ndarray:
    return dout * cache
