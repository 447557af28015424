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

    L1 규제항: lam * sum(|w|). 배열이 아니라 숫자 하나(float)를 돌려줍니다.
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

    L1 규제항의 기울기: lam * sign(w). 규칙 (PyTorch autograd): |w|는 0에서 미분할 수
    없으므로 w == 0에서의 기울기를 0으로 정합니다 (결과는 -lam, 0, +lam 중 하나).
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

    L2 규제항: (lam / 2) * sum(w ** 2), 제곱근을 씌우지 않은 제곱합입니다. 1/2 덕분에
    기울기가 정확히 lam * w가 되어 torch.optim.SGD의 weight_decay=lam과 같아집니다.
    숫자 하나(float)를 돌려줍니다.
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

    L2 규제항의 기울기: lam * w (2 * lam * w가 아님). 경사 하강 한 걸음
    w - lr * (g + l2_penalty_grad(w, lam))이 torch.optim.SGD(lr=lr, weight_decay=lam)의
    한 걸음과 같아야 합니다 (가중치 감쇠, weight decay). 입력 w는 바꾸지 마세요.
    """
    raise NotImplementedError(
        "l2_penalty_grad is not implemented yet: read its docstring in "
        "exercises/regularization.py, then replace this line with your code."
    )
