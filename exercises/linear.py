"""Linear (fully connected) layer: forward, backward and parameter count.

Implement each function with NumPy only (no torch).  The layout is ``torch.nn.Linear``'s:
the weight ``w`` has shape (out_features, in_features), one row per output, and
``out = x @ w.T + b``.  Arrays are float64, inputs must not be modified.
``pytest exercises/ -m linear`` checks your work against PyTorch;
``pytest exercises/ -m linear_backward`` checks one function.

완전연결층(fully connected layer, Keras의 Dense, PyTorch의 nn.Linear)의 순전파, 역전파,
파라미터 개수를 NumPy로 구현하세요. 가중치 w의 shape은 PyTorch처럼 (out_features,
in_features)이고 out = x @ w.T + b입니다. 입력 배열은 바꾸지 마세요.
"""

import numpy as np


def linear_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, object]:
    """Forward pass of a linear layer: out = x @ w.T + b.

    Args:
        x: float64 array of shape (..., in_features): any number of leading dimensions,
            including none (a single sample of shape (in_features,)) and several
            (e.g. (N, T, in_features)).  The layer acts on the last axis only.
        w: float64 array of shape (out_features, in_features), torch.nn.Linear's
            ``weight``: row j holds the weights of output j.
        b: float64 array of shape (out_features,), torch.nn.Linear's ``bias``.

    Returns:
        (out, cache): ``out`` has shape (..., out_features) (x's leading dimensions, then
        out_features) and dtype float64; ``cache`` is anything you need in
        ``linear_backward`` (it is passed back to you unchanged).

    Convention (PyTorch's): w is stored as (out_features, in_features), so the product
    is ``x @ w.T``.  CS231n's ``affine_forward`` (and 밑바닥부터 시작하는 딥러닝's Affine)
    store w as (in, out) and compute ``x @ w``; they also flatten x to (N, D) first.
    Here nothing is flattened: the leading dimensions are kept as they are.  With a
    square w (in_features == out_features) the wrong layout gives no shape error, only
    wrong numbers.
    PyTorch counterpart: ``torch.nn.Linear(in_features, out_features)(x)``, that is
    ``torch.nn.functional.linear(x, w, b)``.

    선형 계층의 순전파: out = x @ w.T + b. x의 shape은 (..., in_features)로 앞쪽 차원이
    몇 개든 (없어도, 즉 샘플 하나 (in_features,)여도) 되고, 계층은 마지막 축에만
    작용합니다. out의 shape은 (..., out_features)입니다. 규칙 (PyTorch): w의 shape은
    (out_features, in_features)이므로 x @ w가 아니라 x @ w.T입니다. CS231n의 affine 계층은
    w를 (in, out)으로 저장하고 x를 (N, D)로 펼치지만, 여기서는 앞쪽 차원을 펼치지 않고
    그대로 둡니다. w가 정사각 행렬이면 잘못된 배치도 shape 오류 없이 틀린 값만 냅니다.
    """
    raise NotImplementedError(
        "linear_forward is not implemented yet: read its docstring in "
        "exercises/linear.py, then replace this line with your code."
    )


def linear_backward(dout: np.ndarray, cache: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the loss with respect to x, w and b.

    Args:
        dout: float64 array of shape (..., out_features), the upstream gradient (the same
            shape as out).
        cache: what your ``linear_forward`` returned.

    Returns:
        (dx, dw, db), float64:
        - dx, shape (..., in_features) (x's shape): ``dout @ w``;
        - dw, shape (out_features, in_features) (w's shape): the sum, over every
          position of the leading dimensions, of ``outer(dout[i], x[i])``;
        - db, shape (out_features,): dout summed over every leading dimension.

    Convention (PyTorch's): w and b are shared by every sample and every position, so
    their gradients are SUMS over all leading dimensions (not means, and not over the
    first axis only).  With no leading dimension (a single sample), dw is
    ``outer(dout, x)`` and db is dout.
    PyTorch counterpart: autograd of ``torch.nn.Linear``: ``x.grad``, ``layer.weight.grad``,
    ``layer.bias.grad``.

    선형 계층의 역전파. dx = dout @ w (shape은 x와 같음), dw는 앞쪽 차원의 모든 위치에
    대한 outer(dout[i], x[i])의 합 (shape은 w와 같은 (out_features, in_features)), db는
    앞쪽 차원 전체에 대해 더한 dout (shape (out_features,)). 규칙 (PyTorch): w와 b는 모든
    샘플과 위치가 공유하므로 기울기는 평균이 아니라 합이고, 첫 번째 축만이 아니라 앞쪽의
    모든 차원에 대해 더합니다. 샘플 하나(앞쪽 차원 없음)이면 dw = outer(dout, x),
    db = dout입니다.
    """
    raise NotImplementedError(
        "linear_backward is not implemented yet: read its docstring in "
        "exercises/linear.py, then replace this line with your code."
    )


def linear_param_count(in_features: int, out_features: int, bias: bool = True) -> int:
    """Number of trainable parameters of ``torch.nn.Linear(in_features, out_features, bias)``.

    Args:
        in_features: size of each input sample (an int, 0 allowed).
        out_features: size of each output sample (an int, 0 allowed).
        bias: whether the layer has a bias (default True, as in PyTorch and Keras).

    Returns:
        A Python int (not a float, not a NumPy integer: wrap a NumPy result in int(...)):
        the weight's in_features * out_features entries, plus out_features for the bias
        (one per OUTPUT) when ``bias`` is True.  Keras' ``Dense(512)`` on a flattened
        7 x 7 x 128 input has (6272 + 1) * 512 = 3,211,776.

    Raises:
        ValueError: when in_features or out_features is negative (PyTorch refuses to
            build the layer).  Zero is allowed: PyTorch builds an empty weight, and
            ``torch.nn.Linear(0, 5)`` still has its 5 biases.

    PyTorch counterpart: ``sum(p.numel() for p in torch.nn.Linear(in_features,
    out_features, bias=bias).parameters())`` (Keras: ``model.summary()``'s Param #).

    torch.nn.Linear(in_features, out_features, bias)의 학습 가능한 파라미터 개수를
    파이썬 int로 돌려주세요 (float나 NumPy 정수가 아니라 int(...)). 가중치는 in_features *
    out_features개, bias가 True이면 출력마다 하나씩 out_features개를 더합니다 (입력마다가
    아님). 강의 노트의 Dense(512) 예: 7 x 7 x 128을 펼친 입력이면 (6272 + 1) * 512 =
    3,211,776. in_features나 out_features가 음수이면 PyTorch처럼 거부해서 ValueError를
    일으키고, 0은 허용합니다 (nn.Linear(0, 5)도 bias 5개를 가짐).
    """
    raise NotImplementedError(
        "linear_param_count is not implemented yet: read its docstring in "
        "exercises/linear.py, then replace this line with your code."
    )
