"""Softplus, a smooth ReLU: the worked example of docs/adding-a-topic.md.

Implement the function with NumPy only (no torch).  Never modify x.
``pytest exercises/ -m softplus`` checks your work against PyTorch.

Softplus는 ReLU를 매끄럽게 만든 함수입니다. NumPy만 써서 구현하세요.
"""

import numpy as np


def softplus_forward(x: np.ndarray) -> np.ndarray:
    """Softplus: log(1 + exp(x)), elementwise.

    Args:
        x: float64 array of any shape.

    Returns:
        float64 array of x's shape, finite for every finite x and without NumPy warnings
        (exp(x) overflows for x > 709: rewrite the formula so it never exponentiates a
        large positive number).
    PyTorch counterpart: ``torch.nn.functional.softplus(x)`` (beta=1; above x = 20 it
    returns x itself, which agrees with log(1 + exp(x)) to within 1e-8).

    Softplus: 원소별 log(1 + exp(x)). 모든 유한한 x에서 유한한 값을 경고 없이 돌려줘야
    합니다 (x > 709이면 exp(x)가 넘칩니다).
    """
    raise NotImplementedError(
        "softplus_forward is not implemented yet: read its docstring in "
        "exercises/softplus.py, then replace this line with your code."
    )
