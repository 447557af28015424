"""L1 and L2 regularization: the penalty added to the loss, and its gradient.

Implement each function with NumPy only (no torch).  ``w`` is one float64 weight array of
any shape and ``lam`` (lambda) >= 0 is the strength of the penalty.  Penalties return one
number; gradients return a float64 array of w's shape.  Never modify w.
``pytest exercises/ -m regularization`` checks your work against PyTorch;
``pytest exercises/ -m l2_penalty_grad`` checks one function.

L1, L2 규제(regularization)는 가중치(weight)가 너무 커지지 않도록 손실에 페널티 항을
더합니다. L1은 |w|의 합, L2는 w^2의 합을 씁니다. 페널티와 그 기울기를 NumPy로 구현하세요.
"""

import numpy as np


def l1_penalty(w: np.ndarray, lam: float) -> float:
    """L1 penalty: lam * sum(|w|) over all elements of w.

    Args:
        w: float64 array of any shape (the weights).
        lam: the penalty strength, a float >= 0.

    Returns:
        One number (a Python float or NumPy scalar, not an array).
    PyTorch counterpart: ``lam * torch.abs(w).sum()``.
    """
    raise NotImplementedError(
        "l1_penalty is not implemented yet: read its docstring in "
        "exercises/regularization.py, then replace this line with your code."
    )


def l1_penalty_grad(w: np.ndarray, lam: float) -> np.ndarray:
    """Gradient of ``l1_penalty`` with respect to w: lam * sign(w).

    Args:
        w: float64 array of any shape.
        lam: the penalty strength, a float >= 0.

    Returns:
        float64 array of w's shape.

    Convention (PyTorch's autograd): |w| is not differentiable at 0; the gradient at
    exactly w == 0 is taken to be 0 (so the result is -lam, 0 or +lam).
    PyTorch counterpart: autograd of ``lam * torch.abs(w).sum()``.
    """
    raise NotImplementedError(
        "l1_penalty_grad is not implemented yet: read its docstring in "
        "exercises/regularization.py, then replace this line with your code."
    )


def l2_penalty(w: np.ndarray, lam: float) -> float:
    """L2 penalty: (lam / 2) * sum(w ** 2), the squared norm (no square root).

    Args:
        w: float64 array of any shape (the weights).
        lam: the penalty strength, a float >= 0.

    Returns:
        One number (a Python float or NumPy scalar, not an array).

    Convention: the factor 1/2 makes the gradient exactly lam * w, the term that
    ``torch.optim.SGD(..., weight_decay=lam)`` adds to each parameter's gradient.
    PyTorch counterpart: ``lam / 2 * (w ** 2).sum()``.
    """
    raise NotImplementedError(
        "l2_penalty is not implemented yet: read its docstring in "
        "exercises/regularization.py, then replace this line with your code."
    )


def l2_penalty_grad(w: np.ndarray, lam: float) -> np.ndarray:
    """Gradient of ``l2_penalty`` with respect to w: lam * w.

    Args:
        w: float64 array of any shape.
        lam: the penalty strength, a float >= 0.

    Returns:
        float64 array of w's shape, such that one gradient step
        ``w - lr * (g + l2_penalty_grad(w, lam))`` equals one step of
        ``torch.optim.SGD(params, lr=lr, weight_decay=lam)`` with data gradient g.
    PyTorch counterpart: autograd of ``lam / 2 * (w ** 2).sum()``; the weight decay
    of ``torch.optim.SGD``.
    """
    raise NotImplementedError(
        "l2_penalty_grad is not implemented yet: read its docstring in "
        "exercises/regularization.py, then replace this line with your code."
    )
