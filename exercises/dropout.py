"""Dropout: the paper's "vanilla" dropout and inverted dropout (PyTorch's), forward and backward.

Implement each function with NumPy only.  ``p`` is always the probability of DROPPING an
element, as in ``torch.nn.Dropout(p)``.  Careful: the 2014 paper (Srivastava et al.,
"Dropout: A Simple Way to Prevent Neural Networks from Overfitting") writes p for the
probability of KEEPING an element; here that is ``1 - p``.

Randomness comes only from the ``rng`` argument, a ``numpy.random.Generator``: draw the
mask from it (e.g. ``rng.random(x.shape)``), never from ``np.random.rand`` or a generator
of your own, so the same seed always gives the same mask.  Functions never modify their
inputs and return float64 arrays of x's shape.  ``pytest exercises/ -m dropout`` checks
this file against PyTorch; ``-m dropout_backward`` checks one function.

Dropout을 NumPy로 구현하세요. p는 원소를 버릴(drop) 확률입니다 (PyTorch의 관례). 2014년
논문의 p는 남길(keep) 확률이니 헷갈리지 마세요. 마스크(mask)는 인자로 받은 rng에서만
뽑고, 학습 모드(train=True, model.train())와 평가 모드(train=False, model.eval())를
모두 구현합니다.
"""

import numpy as np


def dropout_forward(
    x: np.ndarray, p: float, train: bool, rng: np.random.Generator
) -> tuple[np.ndarray, object]:
    """Vanilla dropout, as in the 2014 paper: no rescaling while training.

    Args:
        x: float64 array of any shape.
        p: probability of DROPPING each element, 0 <= p <= 1 (PyTorch's convention; the
            paper's p is the keep probability, 1 - p here).
        train: True for training mode, False for evaluation (inference) mode.
        rng: the only source of randomness; draw the mask from it, e.g.
            ``rng.random(x.shape)``.

    Returns:
        (out, cache): ``out`` is float64 with x's shape; ``cache`` is anything
        ``dropout_backward`` needs (it is passed back to you unchanged).

        * train=True: each element is dropped (set to 0) independently with probability
          p and otherwise kept as it is (NOT rescaled): out = x * mask.  p == 0 keeps
          everything, p == 1 drops everything (all zeros).
        * train=False: nothing is dropped and no randomness is used; every element is
          multiplied by the keep probability: out = x * (1 - p), the expected value of
          the training output.

    Raises:
        ValueError: if p is outside [0, 1] (in both modes), as ``torch.nn.Dropout`` does.

    PyTorch counterpart: none directly (PyTorch implements inverted dropout); its
    ``torch.nn.Dropout(p)`` draws the same kind of mask.

    논문 방식(vanilla) 드롭아웃. p는 원소를 버릴 확률입니다 (논문의 p는 남길 확률 1 - p).
    학습 모드(train=True): 각 원소를 확률 p로 0으로 만들고 남은 원소는 그대로 둡니다
    (스케일하지 않음): out = x * mask. 평가 모드(train=False): 아무것도 버리지 않고
    무작위도 쓰지 않으며 모든 원소에 남길 확률을 곱합니다: out = x * (1 - p).
    마스크는 인자로 받은 rng에서만 뽑으세요 (예: rng.random(x.shape) >= p).
    p가 [0, 1] 밖이면 두 모드 모두 ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "dropout_forward is not implemented yet: read its docstring in "
        "exercises/dropout.py, then replace this line with your code."
    )


def inverted_dropout_forward(
    x: np.ndarray, p: float, train: bool, rng: np.random.Generator
) -> tuple[np.ndarray, object]:
    """Inverted dropout, what ``torch.nn.Dropout(p)`` computes: rescale while training.

    Args:
        x: float64 array of any shape.
        p: probability of DROPPING each element, 0 <= p <= 1 (PyTorch's convention; the
            paper's p is the keep probability, 1 - p here).
        train: True for training mode (``module.train()``), False for evaluation
            (``module.eval()``).
        rng: the only source of randomness; draw the mask from it, e.g.
            ``rng.random(x.shape)``.

    Returns:
        (out, cache): ``out`` is float64 with x's shape; ``cache`` is for
        ``dropout_backward``.

        * train=True: each element is dropped (set to 0) independently with probability
          p; kept elements are divided by the keep probability: out = x * mask / (1 - p),
          so the expected output equals x.  p == 0 returns x; p == 1 returns all zeros,
          as PyTorch does (no division by zero, no NaN).
        * train=False: the identity, out == x (a new array or a copy; no mask, no
          scaling), as ``torch.nn.Dropout(p).eval()``.

    Raises:
        ValueError: if p is outside [0, 1] (in both modes), as ``torch.nn.Dropout`` does.

    PyTorch counterpart: ``torch.nn.Dropout(p)`` / ``torch.nn.functional.dropout``.

    역 드롭아웃(inverted dropout), torch.nn.Dropout(p)이 하는 계산입니다. 학습 모드:
    확률 p로 원소를 0으로 만들고 남은 원소는 남길 확률로 나눕니다:
    out = x * mask / (1 - p) (출력의 기댓값이 x). p == 1이면 0으로 나누지 말고 모두
    0을 돌려주세요 (NaN 금지, PyTorch와 같음). 평가 모드: 항등 함수, out == x
    (마스크도 스케일도 없음). p가 [0, 1] 밖이면 ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "inverted_dropout_forward is not implemented yet: read its docstring in "
        "exercises/dropout.py, then replace this line with your code."
    )


def dropout_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    """Gradient of the loss with respect to dropout's input x, for either forward function.

    Args:
        dout: float64 array, the upstream gradient (x's shape).
        cache: what ``dropout_forward`` or ``inverted_dropout_forward`` returned, in
            either mode; it must carry everything needed here (which kind, which mode,
            the mask, p).

    Returns:
        dx, float64, dout's shape: dout times the factor the forward pass applied to each
        element.  Training: dx = dout * mask for vanilla dropout, dout * mask / (1 - p)
        for inverted dropout (all zeros when p == 1), using the very mask the forward
        pass drew (never draw a new one).  Evaluation: dx = dout * (1 - p) for vanilla,
        dx = dout for inverted.

    PyTorch counterpart: autograd of ``torch.nn.Dropout(p)`` (inverted), i.e. of
    x * mask * scale for the mask drawn in the forward pass.

    두 드롭아웃 함수의 역전파. dx = dout * (순전파에서 각 원소에 곱한 값).
    학습 모드: vanilla는 dout * mask, inverted는 dout * mask / (1 - p) (p == 1이면 모두 0)
    이며, 순전파에서 뽑은 바로 그 마스크를 씁니다 (새 마스크를 뽑지 마세요).
    평가 모드: vanilla는 dout * (1 - p), inverted는 dout. 필요한 것(종류, 모드, 마스크,
    p)은 모두 cache에 담아 두세요.
    """
    raise NotImplementedError(
        "dropout_backward is not implemented yet: read its docstring in "
        "exercises/dropout.py, then replace this line with your code."
    )
