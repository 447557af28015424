"""Batch normalisation and layer normalisation of a batch x of shape (N, D): N samples,
D features.

Implement each function with NumPy only (no torch).  Batch norm's statistics are per
feature, taken over the batch (axis 0); layer norm's are per sample, taken over the
features (axis 1).  Every function takes and returns NumPy arrays (float64) and must not
modify its inputs.  ``pytest exercises/ -m batchnorm`` checks your work against
``torch.nn.BatchNorm1d`` and ``torch.nn.functional.layer_norm``;
``pytest exercises/ -m batchnorm_backward`` checks one function.

배치 정규화(Batch Normalization)의 학습 모드 순전파, 평가 모드 순전파, 역전파와 레이어
정규화(Layer Normalization)의 순전파, 역전파를 NumPy로 구현하세요. x의 shape은 (N, D)입니다.
배치 정규화는 평균과 분산을 특성(열)마다 배치 축(0번 축)을 따라 구하고, 레이어 정규화는
샘플(행)마다 특성 축(1번 축)을 따라 구합니다. 입력 배열은 바꾸지 마세요.
"""

import numpy as np


def batchnorm_forward_train(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, object]:
    """Batch norm in training mode: normalise with THIS batch's statistics.

    Args:
        x: float64 array of shape (N, D), N >= 2.
        gamma, beta: float64 arrays of shape (D,): the scale and shift (weight and bias).
        running_mean, running_var: float64 arrays of shape (D,) (running_var > 0): the
            statistics kept for evaluation mode. Do not modify them.
        momentum: float in [0, 1], the weight of the new batch in the running statistics.
        eps: float > 0, added to the variance inside the square root.

    Returns:
        (out, new_running_mean, new_running_var, cache):
        ``out`` (N, D) = gamma * (x - mean) / sqrt(var + eps) + beta, with ``mean`` and
        ``var`` the per-feature mean and BIASED variance of this batch (divide by N);
        ``new_running_mean`` (D,) = (1 - momentum) * running_mean + momentum * mean;
        ``new_running_var`` (D,) = (1 - momentum) * running_var + momentum * var_unbiased,
        where var_unbiased = var * N / (N - 1) (divide by N - 1);
        ``cache``: anything you need in ``batchnorm_backward`` (passed back unchanged).

    Raises:
        ValueError: when N < 2 (a single sample has no batch variance).

    Conventions (PyTorch's): momentum weighs the NEW statistic (0.1 by default; Keras's
    momentum=0.99 is the weight of the OLD one); normalisation uses the biased variance,
    the running variance the unbiased one; momentum = 0 keeps the running statistics,
    momentum = 1 replaces them by the batch's. Return NEW arrays: the caller's
    running_mean and running_var must be unchanged.
    PyTorch counterpart: ``torch.nn.BatchNorm1d(D, eps=eps, momentum=momentum)`` in train
    mode (its output, and its running_mean / running_var buffers after the call).

    학습 모드: 이 배치의 평균과 편향 분산(N으로 나눔)으로 정규화합니다 (eps는 제곱근
    안에: sqrt(var + eps)). 이동 평균으로 쌓는 running 통계는 새 배열로 돌려주고
    (입력으로 받은 running_mean, running_var는 바꾸지 않기), running_var에는 불편
    분산(N - 1로 나눔)을 씁니다. 규칙 (PyTorch): momentum은 새 배치 통계의 가중치입니다:
    new = (1 - momentum) * old + momentum * batch (기본값 momentum = 0.1, eps = 1e-5;
    Keras의 0.99와 반대). N < 2이면 ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "batchnorm_forward_train is not implemented yet: read its docstring in "
        "exercises/batchnorm.py, then replace this line with your code."
    )


def batchnorm_forward_eval(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    eps: float = 1e-5,
) -> np.ndarray:
    """Batch norm in evaluation mode: normalise with the RUNNING statistics.

    Args:
        x: float64 array of shape (N, D), any N >= 1.
        gamma, beta, running_mean, running_var: float64 arrays of shape (D,), running_var > 0.
        eps: float > 0.

    Returns:
        out, float64, shape (N, D):
        gamma * (x - running_mean) / sqrt(running_var + eps) + beta.

    Convention: the batch's own mean and variance are not used at all, so each sample's
    output does not depend on the other samples in the batch. Nothing is updated.
    PyTorch counterpart: ``torch.nn.BatchNorm1d`` in eval mode (``module.eval()``), or
    ``torch.nn.functional.batch_norm(..., training=False)``.

    평가 모드: 배치 통계가 아니라 학습 중에 모은 running_mean과 running_var로 정규화합니다.
    배치 자신의 평균과 분산은 전혀 쓰지 않으므로, 각 샘플의 출력은 같은 배치의 다른
    샘플과 상관이 없습니다. 아무것도 갱신하지 않습니다 (기본값 eps = 1e-5).
    """
    raise NotImplementedError(
        "batchnorm_forward_eval is not implemented yet: read its docstring in "
        "exercises/batchnorm.py, then replace this line with your code."
    )


def batchnorm_backward(
    dout: np.ndarray, cache: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the loss through ``batchnorm_forward_train``.

    Args:
        dout: float64 array of shape (N, D), the upstream gradient of out.
        cache: what your ``batchnorm_forward_train`` returned.

    Returns:
        (dx, dgamma, dbeta): dx of shape (N, D); dgamma and dbeta of shape (D,), summed
        over the batch (axis 0).

    Convention: the batch mean and variance are functions of x, so dx includes the
    paths through them (they are not constants). The running statistics get no gradient.
    PyTorch counterpart: autograd through ``torch.nn.BatchNorm1d`` in train mode
    (x.grad, module.weight.grad, module.bias.grad).

    역전파: 평균과 분산도 x에 따라 바뀌므로, dx에는 평균과 분산을 거치는 경로의 기울기도
    들어갑니다. dgamma와 dbeta는 배치 축(0번 축)을 따라 더합니다.
    """
    raise NotImplementedError(
        "batchnorm_backward is not implemented yet: read its docstring in "
        "exercises/batchnorm.py, then replace this line with your code."
    )


def layernorm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, object]:
    """Layer norm: normalise each ROW (sample) with its own statistics over the D features.

    Args:
        x: float64 array of shape (N, D), any N >= 1 and D >= 1.
        gamma, beta: float64 arrays of shape (D,): the scale and shift (weight and bias),
            one value per feature, shared by all rows.
        eps: float > 0, added to the variance inside the square root.

    Returns:
        (out, cache): ``out`` (N, D) = gamma * (x - mean) / sqrt(var + eps) + beta, with
        ``mean`` and ``var`` the mean and BIASED variance (divide by D) of each row, taken
        over the last axis (axis 1, keep it as a column of shape (N, 1) so that it
        broadcasts); ``cache``: anything you need in ``layernorm_backward``.

    Conventions (PyTorch's): the statistics are per sample, never over the batch (axis 0),
    so N = 1 is fine (unlike batch norm in training) and each row's output does not depend
    on the other rows. There are no running statistics: training and evaluation compute
    the same thing. A row whose values are all equal has variance 0, and its output is
    beta. eps defaults to 1e-5, as in PyTorch.
    PyTorch counterpart: ``torch.nn.functional.layer_norm(x, (D,), gamma, beta, eps)``, or
    ``torch.nn.LayerNorm(D, eps=eps)`` with weight gamma and bias beta.

    레이어 정규화: 각 행(샘플)을 그 행의 D개 특성의 평균과 편향 분산(D로 나눔)으로
    정규화합니다 (마지막 축, 즉 1번 축을 따라; keepdims=True로 (N, 1) 모양을 유지하면
    브로드캐스팅이 맞습니다). eps는 제곱근 안에: sqrt(var + eps). 정규화한 값에 gamma를
    곱하고 beta를 더한 것이 출력입니다. 배치 정규화와 달리 배치 축(0번 축)으로는 통계를 내지 않으므로
    N = 1이어도 되고, running 통계도 없어서 학습과 평가에서 계산이 같습니다. 값이 모두 같은
    행은 분산이 0이라 출력이 beta입니다. 기본값 eps = 1e-5 (PyTorch와 같음). 입력은
    바꾸지 마세요.
    """
    raise NotImplementedError(
        "layernorm_forward is not implemented yet: read its docstring in "
        "exercises/batchnorm.py, then replace this line with your code."
    )


def layernorm_backward(
    dout: np.ndarray, cache: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the loss through ``layernorm_forward``.

    Args:
        dout: float64 array of shape (N, D), the upstream gradient of out.
        cache: what your ``layernorm_forward`` returned.

    Returns:
        (dx, dgamma, dbeta): dx of shape (N, D); dgamma and dbeta of shape (D,), summed
        over the batch (axis 0), because every row uses the same gamma and beta.

    Convention: each row's mean and variance are functions of that row's x, so dx includes
    the paths through them (means along axis 1, over the D features of the row).
    PyTorch counterpart: autograd through ``torch.nn.functional.layer_norm``
    (x.grad, weight.grad, bias.grad).

    역전파: 각 행의 평균과 분산도 그 행의 x에 따라 바뀌므로 dx에는 그 경로의 기울기도
    들어갑니다 (평균은 1번 축, 즉 행의 D개 특성을 따라). gamma와 beta는 모든 행이 함께
    쓰므로 dgamma와 dbeta는 배치 축(0번 축)을 따라 더해 shape (D,)가 됩니다.
    """
    raise NotImplementedError(
        "layernorm_backward is not implemented yet: read its docstring in "
        "exercises/batchnorm.py, then replace this line with your code."
    )
