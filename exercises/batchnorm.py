"""Batch normalisation of a batch x of shape (N, D): N samples, D features.

Implement each function with NumPy only (no torch).  Statistics are per feature, taken
over the batch (axis 0).  Every function takes and returns NumPy arrays (float64) and
must not modify its inputs.  ``pytest exercises/ -m batchnorm`` checks your work against
``torch.nn.BatchNorm1d``; ``pytest exercises/ -m batchnorm_backward`` checks one function.

배치 정규화(Batch Normalization)의 학습 모드 순전파, 평가 모드 순전파, 역전파를 NumPy로
구현하세요. x의 shape은 (N, D)이고, 평균과 분산은 특성(열)마다 배치 축(0번 축)을 따라
구합니다. 입력 배열은 바꾸지 마세요.
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
