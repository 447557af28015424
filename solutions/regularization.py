"""Reference solutions for exercises/regularization.py (never shipped to students)."""

import numpy as np


def l1_penalty(w: np.ndarray, lam: float) -> float:
    return float(lam * np.sum(np.abs(w)))


def l1_penalty_grad(w: np.ndarray, lam: float) -> np.ndarray:
    # np.sign(0) == 0: the same choice PyTorch's autograd makes at the kink of |w|.
    return lam * np.sign(w)


def l2_penalty(w: np.ndarray, lam: float) -> float:
    return float(lam / 2 * np.sum(w * w))


def l2_penalty_grad(w: np.ndarray, lam: float) -> np.ndarray:
    return lam * w
