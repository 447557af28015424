"""Activations: sigmoid and ReLU, forward and backward.

Implement each function with NumPy only (no torch, no loops over elements needed).
Every function takes and returns NumPy arrays (float64), must not modify its inputs,
and returns arrays of the same shape as its input.  ``pytest exercises/`` checks your
work against PyTorch; ``pytest exercises/ -m sigmoid_forward`` checks one function.

시그모이드(sigmoid)와 ReLU의 순전파(forward)와 역전파(backward)를 NumPy로 구현하세요.
"""

import numpy as np


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, object]:
    """Sigmoid, elementwise: out = 1 / (1 + exp(-x)).

    Args:
        x: float64 array of any shape.

    Returns:
        (out, cache): ``out`` has x's shape and dtype float64; ``cache`` is anything you
        need in ``sigmoid_backward`` (it is passed back to you unchanged).

    Convention: must be finite and emit no NumPy overflow warnings for every finite x,
    including x = -1000 (where a naive exp(-x) overflows).
    PyTorch counterpart: ``torch.sigmoid``.
    """
    raise NotImplementedError(
        "sigmoid_forward is not implemented yet: read its docstring in "
        "exercises/activations.py, then replace this line with your code."
    )


def sigmoid_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    """Gradient of the loss with respect to the sigmoid's input.

    Args:
        dout: float64 array, the upstream gradient (same shape as x).
        cache: what your ``sigmoid_forward`` returned.

    Returns:
        dx, float64, same shape as dout: dout * s * (1 - s) where s = sigmoid(x).
    PyTorch counterpart: autograd of ``torch.sigmoid``.
    """
    raise NotImplementedError(
        "sigmoid_backward is not implemented yet: read its docstring in "
        "exercises/activations.py, then replace this line with your code."
    )


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, object]:
    """ReLU, elementwise: out = max(0, x).

    Args:
        x: float64 array of any shape.

    Returns:
        (out, cache): ``out`` has x's shape, float64; ``cache`` is for ``relu_backward``.
    PyTorch counterpart: ``torch.relu``.
    """
    raise NotImplementedError(
        "relu_forward is not implemented yet: read its docstring in "
        "exercises/activations.py, then replace this line with your code."
    )


def relu_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    """Gradient of the loss with respect to ReLU's input.

    Args:
        dout: float64 array, the upstream gradient (same shape as x).
        cache: what your ``relu_forward`` returned.

    Returns:
        dx, float64, same shape as dout: dout where x > 0, and 0 where x <= 0.

    Convention (PyTorch's): ReLU is not differentiable at 0; the gradient at exactly
    x == 0 is taken to be 0.
    PyTorch counterpart: autograd of ``torch.relu``.
    """
    raise NotImplementedError(
        "relu_backward is not implemented yet: read its docstring in "
        "exercises/activations.py, then replace this line with your code."
    )
