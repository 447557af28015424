"""Activations: sigmoid, ReLU and tanh, forward and backward.

Implement each function with NumPy only (no torch, no loops over elements needed).
Every function takes and returns NumPy arrays (float64), must not modify its inputs,
and returns arrays of the same shape as its input.  ``pytest exercises/`` checks your
work against PyTorch; ``pytest exercises/ -m sigmoid_forward`` checks one function.

시그모이드(sigmoid), ReLU, tanh의 순전파(forward)와 역전파(backward)를 NumPy로 구현하세요.
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

    시그모이드: out = 1 / (1 + exp(-x)), 원소별. x와 같은 shape의 float64 배열과 역전파에 쓸 cache를
    돌려줍니다. 규칙: x = -1000처럼 아주 작은 x에서도 overflow 경고 없이 유한한 값을
    내야 합니다 (exp에는 0 이하의 수만 넣기). 입력 x는 바꾸지 마세요.
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

    시그모이드의 역전파: dx = dout * s * (1 - s), s = sigmoid(x). 연쇄 법칙에 따라 국소
    미분 s(1 - s)에 위에서 온 기울기 dout을 곱합니다. cache에는 x가 아니라 s를 저장해
    두면 편합니다.
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

    ReLU: out = max(0, x), 원소별 (np.max가 아니라 np.maximum). x와 같은 shape의
    float64 배열과 cache를 돌려주고, 입력 x는 바꾸지 않습니다 (x[x < 0] = 0 금지).
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

    ReLU의 역전파: x > 0인 곳은 dx = dout, 나머지는 0. 규칙 (PyTorch): ReLU는 0에서
    미분할 수 없으므로 x == 0에서의 기울기를 0으로 정합니다. 마스크는 (x >= 0)이 아니라
    (x > 0)입니다.
    """
    raise NotImplementedError(
        "relu_backward is not implemented yet: read its docstring in "
        "exercises/activations.py, then replace this line with your code."
    )


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, object]:
    """Hyperbolic tangent, elementwise: out = (e^x - e^-x) / (e^x + e^-x), in (-1, 1).

    Args:
        x: float64 array of any shape.

    Returns:
        (out, cache): ``out`` has x's shape and dtype float64; ``cache`` is anything you
        need in ``tanh_backward`` (it is passed back to you unchanged).

    Convention: must be finite and emit no NumPy overflow warnings for every finite x,
    including x = 1000 and x = -1000 (where e^x or e^-x overflows) and |x| near 1.8e308
    (where even 2 * x overflows). np.tanh is allowed; through exp, exponentiate only
    -|x| (e^(-2|x|) is its square) and restore the sign. The identity
    tanh(x) = 2 * sigmoid(2x) - 1 (note the 2x) relates it to the sigmoid.
    PyTorch counterpart: ``torch.tanh``.

    tanh(쌍곡탄젠트), 원소별: out = (e^x - e^-x) / (e^x + e^-x), 값의 범위는 (-1, 1).
    x와 같은 shape의 float64 배열과 역전파에 쓸 cache를 돌려줍니다. 규칙: x = 1000이나
    x = -1000, 그리고 |x|가 1.8e308에 가까운 곳(2 * x조차 넘침)에서도 overflow 경고 없이
    유한한 값을 내야 합니다 (e^x를 그대로 계산하면 넘칩니다). np.tanh를 써도 됩니다. exp로
    구현한다면 exp에는 -|x|만 넣고 (e^(-2|x|)는 그 제곱) 부호를 되살리세요. 시그모이드와는
    tanh(x) = 2 * sigmoid(2x) - 1 (x가 아니라 2x)의 관계입니다. 입력 x는 바꾸지 마세요.
    """
    raise NotImplementedError(
        "tanh_forward is not implemented yet: read its docstring in "
        "exercises/activations.py, then replace this line with your code."
    )


def tanh_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    """Gradient of the loss with respect to tanh's input.

    Args:
        dout: float64 array, the upstream gradient (same shape as x).
        cache: what your ``tanh_forward`` returned.

    Returns:
        dx, float64, same shape as dout: dout * (1 - t**2) where t = tanh(x).
    PyTorch counterpart: autograd of ``torch.tanh``.

    tanh의 역전파: dx = dout * (1 - t**2), t = tanh(x). 국소 미분 1 - t**2 (최대 1,
    x = 0에서)에 위에서 온 기울기 dout을 곱합니다. 1 - x**2가 아니라 출력 t로 계산하므로
    cache에는 t를 저장해 두면 편합니다.
    """
    raise NotImplementedError(
        "tanh_backward is not implemented yet: read its docstring in "
        "exercises/activations.py, then replace this line with your code."
    )
